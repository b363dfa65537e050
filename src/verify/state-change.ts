/**
 * Provider states: POST {state, params, action} to a state-change URL, or call JS handlers from
 * the config. Fails fast (no retry ladder on 5xx; one retry only on a dropped connection), and a
 * state nobody handles is a warning, once per state.
 */
import type { ProviderRequest, StateHandler } from '../config/types.js';
import type { ProviderState } from '../pact/model.js';
import { excerpt } from '../broker/errors.js';
import { ProviderRequestError, type ProviderClient } from './provider-client.js';

export type StateAction = 'setup' | 'teardown';

/** The interaction fails with this; the request and the teardown are skipped when it came from setup. */
export class StateChangeError extends Error {
  constructor(
    message: string,
    readonly state: string,
    readonly action: StateAction,
  ) {
    super(message);
    this.name = 'StateChangeError';
  }
}

export interface StateChanger {
  /** Values returned by the setup (fed to ProviderState generators). */
  setup(state: ProviderState): Promise<Record<string, unknown>>;
  teardown(state: ProviderState): Promise<void>;
  /** Called with the empty state when an interaction has none (URL only; handlers have nothing to call). */
  readonly callsWithoutState: boolean;
}

export interface StateChangeOptions {
  url?: string;
  handlers?: Record<string, StateHandler>;
  client: ProviderClient;
  timeoutMs: number;
  warn: (message: string) => void;
  /** Send state, params and action as query parameters of an empty POST (the reference verifier's --state-change-as-query). */
  asQuery?: boolean;
  /** false: no teardown calls to the URL (handlers' own teardowns still run). Default true. */
  teardown?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same for every call (the client copies headers, never changes them). */
const JSON_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'Content-Type': 'application/json', Accept: 'application/json' });

function label(state: string): string {
  return state === '' ? '(no provider state)' : `'${state}'`;
}

/**
 * The reference verifier's query form: the URL's own query, then params, action and state sorted by
 * name; strings as they are, other values as JSON (`?action=setup&id=1&state=user+exists`).
 */
export function withStateQuery(url: string, state: ProviderState, action: StateAction): string {
  const target = new URL(url);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(state.params)) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
  Object.assign(fields, { action, state: state.name });
  for (const k of Object.keys(fields).sort()) target.searchParams.append(k, fields[k] as string);
  return target.href;
}

export function createStateChanger(o: StateChangeOptions): StateChanger {
  const warned = new Set<string>();
  const handlers = o.handlers ?? {};
  const warnOnce = (state: string) => {
    if (warned.has(state)) return;
    warned.add(state);
    o.warn(
      `no state change handler for provider state '${state}': continuing without setting it up ` +
        '(configure --state-change-url or verify.stateHandlers in a JS config)',
    );
  };

  async function viaUrl(url: string, state: ProviderState, action: StateAction): Promise<Record<string, unknown>> {
    const request: ProviderRequest = o.asQuery
      ? { method: 'POST', url: withStateQuery(url, state, action), headers: { Accept: 'application/json' } }
      : {
          method: 'POST',
          url,
          headers: JSON_HEADERS,
          body: JSON.stringify({ state: state.name, params: state.params, action }),
        };
    let response;
    try {
      response = await o.client.send(request, { timeoutMs: o.timeoutMs, retryOnDrop: true });
    } catch (error) {
      const reason = error instanceof ProviderRequestError ? error.message : String(error);
      throw new StateChangeError(`State change request failed: ${action} of ${label(state.name)}: ${reason}`, state.name, action);
    }
    const bytes = response.body;
    const text = bytes.length === 0 ? '' : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    if (response.status < 200 || response.status > 299) {
      throw new StateChangeError(
        `State change request failed: ${action} of ${label(state.name)}: POST ${url} answered ${response.status}${text.trim() ? `: ${excerpt(text, 200)}` : ''}`,
        state.name,
        action,
      );
    }
    if (action === 'setup' && text.trim()) {
      try {
        const json: unknown = JSON.parse(text);
        if (isRecord(json)) return json;
      } catch {
        /* a non-JSON answer carries no values */
      }
    }
    return {};
  }

  async function viaHandler(handler: StateHandler, state: ProviderState, action: StateAction): Promise<Record<string, unknown>> {
    const fn = typeof handler === 'function' ? (action === 'setup' ? handler : undefined) : handler[action];
    if (!fn) return {};
    try {
      const value = await fn(state.params);
      return isRecord(value) ? value : {};
    } catch (error) {
      throw new StateChangeError(
        `State change request failed: ${action} handler of ${label(state.name)} threw: ${error instanceof Error ? error.message : String(error)}`,
        state.name,
        action,
      );
    }
  }

  async function change(state: ProviderState, action: StateAction): Promise<Record<string, unknown>> {
    const handler = Object.hasOwn(handlers, state.name) ? handlers[state.name] : undefined;
    if (handler) return viaHandler(handler, state, action);
    if (o.url) return action === 'teardown' && o.teardown === false ? {} : viaUrl(o.url, state, action);
    if (state.name !== '') warnOnce(state.name);
    return {};
  }

  return {
    setup: (state) => change(state, 'setup'),
    teardown: async (state) => {
      await change(state, 'teardown');
    },
    callsWithoutState: Boolean(o.url),
  };
}

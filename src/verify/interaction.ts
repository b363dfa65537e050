/**
 * One interaction, whatever its type: provider state setup → exchange → teardown. The exchange is
 * an HTTP request/response (HTTP interactions) or asking the message source for the message(s)
 * (messages); both end in mismatches or errors. A failed setup skips the exchange and the teardown;
 * an aborted run skips the exchange of an interaction whose setup already ran (its teardown runs).
 */
import type { ProviderRequest } from '../config/types.js';
import type { ActualResponse, HttpInteraction, Interaction, MessageInteraction, Mismatch, ProviderState } from '../pact/model.js';
import { jsonBodies } from './bodies.js';
import { compareMessages, compareResponse, generateMessage, generateRequest } from './engine.js';
import type { ProviderExchange, VerifyReporter } from './events.js';
import { MessageSourceError, type MessageSource } from './message-source.js';
import { ProviderRequestError, type ProviderClient } from './provider-client.js';
import { applyHeaderOverrides, buildRequest, toMultiMap, type HeaderOverride } from './request.js';
import type { InteractionError, InteractionResult } from './results.js';
import { StateChangeError, type StateChanger } from './state-change.js';

export interface HttpTarget {
  providerBaseUrl: string;
  client: ProviderClient;
  headers: HeaderOverride[];
  requestFilter?: (request: ProviderRequest) => ProviderRequest | Promise<ProviderRequest>;
  /** Whether `--provider-start` was used (changes the connection-refused advice). */
  providerStarted?: boolean;
}

export interface InteractionContext {
  stateChanger: StateChanger;
  http: HttpTarget;
  messages: MessageSource;
  clock: () => number;
  /** Hears each provider request (the --verbose log). */
  reporter?: Pick<VerifyReporter, 'exchange'>;
  /** Aborted: an interaction whose provider state is set up sends nothing more (teardown still runs). */
  signal?: AbortSignal;
}

type ExchangeLog = (e: Omit<ProviderExchange, 'interaction'>) => void;

/** What the exchange produced, before provider state teardown. */
interface Exchange {
  mismatches: Mismatch[];
  errors: InteractionError[];
  request?: { method: string; url: string };
  handler?: string;
  bodies?: InteractionResult['bodies'];
}

const EMPTY_STATE: ProviderState = { name: '', params: {} };

export async function verifyInteraction(i: Interaction, pactPending: boolean, ctx: InteractionContext): Promise<InteractionResult> {
  const started = ctx.clock();
  const result: InteractionResult = {
    id: i.id,
    index: i.index,
    type: i.type,
    description: i.description,
    providerStates: i.providerStates.map((s) => s.name),
    pending: pactPending || i.pending,
    status: 'passed',
    mismatches: [],
    errors: [],
    durationMs: 0,
    ...(i.comments ? { comments: i.comments } : {}),
  };
  const finish = () => {
    result.status = result.errors.length || result.mismatches.length ? 'failed' : 'passed';
    result.durationMs = ctx.clock() - started;
    return result;
  };
  const stateError = (error: unknown): InteractionError => ({
    kind: 'state-change',
    message: error instanceof StateChangeError ? error.message : `State change request failed: ${String(error)}`,
  });
  const states = i.providerStates.length ? i.providerStates : ctx.stateChanger.callsWithoutState ? [EMPTY_STATE] : [];

  const values: Record<string, unknown> = {};
  try {
    for (const s of states) Object.assign(values, await ctx.stateChanger.setup(s));
  } catch (error) {
    result.errors.push(stateError(error));
    return finish();
  }

  const onExchange = ctx.reporter?.exchange;
  const log: ExchangeLog | undefined = onExchange && ((e) => onExchange.call(ctx.reporter, { interaction: i.description, ...e }));
  let exchange: Exchange;
  try {
    if (ctx.signal?.aborted) exchange = { mismatches: [], errors: [{ kind: 'internal', message: 'interrupted before the request was sent' }] };
    else exchange = i.type === 'Synchronous/HTTP' ? await exchangeHttp(i, values, ctx.http, ctx.clock, log) : await exchangeMessage(i, values, ctx.messages);
  } catch (error) {
    exchange = { mismatches: [], errors: [{ kind: 'internal', message: (error as Error).message }] };
  }
  Object.assign(result, {
    mismatches: exchange.mismatches,
    errors: exchange.errors,
    ...(exchange.request ? { request: exchange.request } : {}),
    ...(exchange.handler !== undefined ? { handler: exchange.handler } : {}),
    ...(exchange.bodies ? { bodies: exchange.bodies } : {}),
  });

  try {
    for (const s of states) await ctx.stateChanger.teardown(s);
  } catch (error) {
    result.errors.push(stateError(error));
  }
  return finish();
}

async function exchangeHttp(i: HttpInteraction, values: Record<string, unknown>, t: HttpTarget, clock: () => number, log?: ExchangeLog): Promise<Exchange> {
  let request: ProviderRequest;
  try {
    request = buildRequest(generateRequest(i.request, values), t.providerBaseUrl);
  } catch (error) {
    return { mismatches: [], errors: [{ kind: 'generator', message: `could not build the request: ${(error as Error).message}` }] };
  }
  request = applyHeaderOverrides(request, t.headers);
  if (t.requestFilter) {
    try {
      request = await t.requestFilter(request);
    } catch (error) {
      return { mismatches: [], errors: [{ kind: 'filter', message: `verify.requestFilter threw: ${(error as Error).message}` }] };
    }
  }
  const sent = { method: request.method, url: request.url };
  const sentAt = clock();
  try {
    const response = await t.client.send(request);
    log?.({ request, response, durationMs: clock() - sentAt });
    const mismatches = compareResponse(i.response, actualFrom(response.status, response.headers, response.body));
    // Only for failures: both documents, for reports that show them side by side.
    const bodies = mismatches.some((m) => m.kind === 'body') ? jsonBodies(i.response.body, response.body) : undefined;
    return { mismatches, errors: [], request: sent, ...(bodies ? { bodies } : {}) };
  } catch (error) {
    if (!(error instanceof ProviderRequestError)) throw error;
    log?.({ request, error: error.message, durationMs: clock() - sentAt });
    let message = error.message;
    if (error.kind === 'refused') {
      message += t.providerStarted
        ? ' (the started provider is not listening there: check --provider-base-url)'
        : ` — is the provider running at ${t.providerBaseUrl}? Start it first, or let pactship start it with --provider-start '<command>'`;
    } else if (error.kind === 'timeout') {
      message += ' (raise --timeout if the provider is slow)';
    }
    return { mismatches: [], errors: [{ kind: 'request', message }], request: sent };
  }
}

function actualFrom(status: number, headers: Record<string, string | string[]>, bytes: Uint8Array): ActualResponse {
  const ct = headers['content-type'];
  const contentType = Array.isArray(ct) ? ct[0] : ct;
  const typed = contentType ? { contentType } : {};
  return {
    status,
    headers: toMultiMap(headers),
    body: bytes.length === 0 ? { state: 'empty', ...typed } : { state: 'present', bytes, ...typed },
  };
}

async function exchangeMessage(i: MessageInteraction, values: Record<string, unknown>, source: MessageSource): Promise<Exchange> {
  let request;
  if (i.type === 'Synchronous/Messages') {
    try {
      request = generateMessage(i.request, values);
    } catch (error) {
      return { mismatches: [], errors: [{ kind: 'generator', message: `could not build the request message: ${(error as Error).message}` }] };
    }
  }
  try {
    const got = await source.obtain(i, i.providerStates, request);
    const expected = i.type === 'Synchronous/Messages' ? i.response : [i.message];
    return {
      mismatches: compareMessages(expected, got.messages),
      errors: [],
      ...(got.request ? { request: got.request } : {}),
      ...(got.handler !== undefined ? { handler: got.handler } : {}),
    };
  } catch (error) {
    if (!(error instanceof MessageSourceError)) throw error;
    return {
      mismatches: [],
      errors: [{ kind: error.kind, message: error.message }],
      ...(error.request ? { request: error.request } : {}),
      ...(error.handler !== undefined ? { handler: error.handler } : {}),
    };
  }
}

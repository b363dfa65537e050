/**
 * Verifies pacts against a running provider. For each interaction, in pact order: provider state
 * setup → build request → filters → send → match → teardown. Returns data; never prints (the
 * command passes `onPactDone` to stream reports as pacts finish).
 */
import type { ProviderRequest } from '../config/types.js';
import { isHttpInteraction, type ActualResponse, type HttpInteraction, type Interaction, type ProviderState } from '../pact/model.js';
import { compareResponse, generateRequest } from './engine.js';
import { ProviderRequestError, type ProviderClient } from './provider-client.js';
import { applyHeaderOverrides, buildRequest, toMultiMap, type HeaderOverride } from './request.js';
import type { InteractionResult, PactResult, VerificationResult } from './results.js';
import { summarizeRun } from './results.js';
import type { LoadedPact } from './sources.js';
import { StateChangeError, type StateChanger } from './state-change.js';

export interface Filters {
  consumers: string[];
  description?: RegExp;
  state?: RegExp;
  noState: boolean;
}

export function describeFilters(f: Filters): string[] {
  const out: string[] = [];
  if (f.consumers.length) out.push(`consumer ${f.consumers.map((c) => `'${c}'`).join(' or ')}`);
  if (f.description) out.push(`description /${f.description.source}/`);
  if (f.state) out.push(`provider state /${f.state.source}/`);
  if (f.noState) out.push('interactions without provider state');
  return out;
}

export function isFiltered(f: Filters): boolean {
  return describeFilters(f).length > 0;
}

export interface RunOptions {
  providerBaseUrl: string;
  client: ProviderClient;
  stateChanger: StateChanger;
  headers: HeaderOverride[];
  requestFilter?: (request: ProviderRequest) => ProviderRequest | Promise<ProviderRequest>;
  concurrency: number;
  filters: Filters;
  /** Whether `--provider-start` was used (changes the connection-refused advice). */
  providerStarted?: boolean;
  onPactDone?: (result: PactResult) => void;
  clock?: () => number;
}

export function selectInteractions(interactions: Interaction[], f: Filters): Interaction[] {
  return interactions.filter((i) => {
    if (f.description && !f.description.test(i.description)) return false;
    if (f.noState && i.providerStates.length > 0) return false;
    if (f.state && !i.providerStates.some((s) => f.state?.test(s.name))) return false;
    return true;
  });
}

const EMPTY_STATE: ProviderState = { name: '', params: {} };

function actualFrom(status: number, headers: Record<string, string | string[]>, bytes: Uint8Array): ActualResponse {
  const ct = headers['content-type'];
  const contentType = Array.isArray(ct) ? ct[0] : ct;
  return {
    status,
    headers: toMultiMap(headers),
    body: bytes.length === 0 ? { state: 'empty', ...(contentType ? { contentType } : {}) } : { state: 'present', bytes, ...(contentType ? { contentType } : {}) },
  };
}

async function verifyHttp(i: HttpInteraction, pactPending: boolean, o: RunOptions): Promise<InteractionResult> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const result: InteractionResult = {
    id: i.id,
    index: i.index,
    description: i.description,
    providerStates: i.providerStates.map((s) => s.name),
    pending: pactPending || i.pending,
    status: 'passed',
    mismatches: [],
    errors: [],
    durationMs: 0,
  };
  const fail = (kind: InteractionResult['errors'][number]['kind'], message: string) => {
    result.status = 'failed';
    result.errors.push({ kind, message });
  };
  const states = i.providerStates.length ? i.providerStates : o.stateChanger.callsWithoutState ? [EMPTY_STATE] : [];

  // Setup; a failed setup skips the request and the teardown.
  const values: Record<string, unknown> = {};
  try {
    for (const s of states) Object.assign(values, await o.stateChanger.setup(s));
  } catch (error) {
    fail('state-change', error instanceof StateChangeError ? error.message : `State change request failed: ${String(error)}`);
    result.durationMs = clock() - started;
    return result;
  }

  try {
    let request: ProviderRequest;
    try {
      request = buildRequest(generateRequest(i.request, values), o.providerBaseUrl);
    } catch (error) {
      throw Object.assign(new Error(`could not build the request: ${(error as Error).message}`), { kind: 'generator' as const });
    }
    request = applyHeaderOverrides(request, o.headers);
    if (o.requestFilter) {
      try {
        request = await o.requestFilter(request);
      } catch (error) {
        throw Object.assign(new Error(`verify.requestFilter threw: ${(error as Error).message}`), { kind: 'filter' as const });
      }
    }
    result.request = { method: request.method, url: request.url };
    try {
      const response = await o.client.send(request);
      result.mismatches = compareResponse(i.response, actualFrom(response.status, response.headers, response.body));
      if (result.mismatches.length) result.status = 'failed';
    } catch (error) {
      if (!(error instanceof ProviderRequestError)) throw error;
      let message = error.message;
      if (error.kind === 'refused') {
        message += o.providerStarted
          ? ' (the started provider is not listening there: check --provider-base-url)'
          : ` — is the provider running at ${o.providerBaseUrl}? Start it first, or let pactship start it with --provider-start '<command>'`;
      } else if (error.kind === 'timeout') {
        message += ' (raise --timeout if the provider is slow)';
      }
      fail('request', message);
    }
  } catch (error) {
    const kind = (error as { kind?: 'generator' | 'filter' }).kind ?? 'internal';
    fail(kind, (error as Error).message);
  }

  try {
    for (const s of states) await o.stateChanger.teardown(s);
  } catch (error) {
    fail('state-change', error instanceof StateChangeError ? error.message : `State change request failed: ${String(error)}`);
  }
  result.durationMs = clock() - started;
  return result;
}

function skipped(i: Interaction, pending: boolean, reason: string): InteractionResult {
  return {
    id: i.id,
    index: i.index,
    description: i.description,
    providerStates: i.providerStates.map((s) => s.name),
    pending: pending || i.pending,
    status: 'skipped',
    skipReason: reason,
    mismatches: [],
    errors: [],
    durationMs: 0,
  };
}

/** Runs one pact. Interactions with provider states run alone; runs of stateless ones share `concurrency` workers. */
export async function verifyPact(loaded: LoadedPact, o: RunOptions): Promise<PactResult> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const interactions = selectInteractions(loaded.pact.interactions, o.filters);
  const results: InteractionResult[] = new Array(interactions.length);
  const concurrency = Math.max(1, Math.floor(o.concurrency));

  let k = 0;
  while (k < interactions.length) {
    const current = interactions[k] as Interaction;
    if (!isHttpInteraction(current)) {
      results[k] = skipped(current, loaded.pending, `not verifiable over HTTP (${current.type} interaction)`);
      k++;
      continue;
    }
    if (concurrency === 1 || current.providerStates.length > 0) {
      results[k] = await verifyHttp(current, loaded.pending, o);
      k++;
      continue;
    }
    // A run of stateless HTTP interactions: verify in parallel, keep pact order in `results`.
    let end = k;
    while (end < interactions.length) {
      const next = interactions[end] as Interaction;
      if (!isHttpInteraction(next) || next.providerStates.length > 0) break;
      end++;
    }
    let cursor = k;
    const worker = async () => {
      while (cursor < end) {
        const at = cursor++;
        results[at] = await verifyHttp(interactions[at] as HttpInteraction, loaded.pending, o);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, end - k) }, worker));
    k = end;
  }

  const result: PactResult = {
    consumer: loaded.pact.consumer.name,
    provider: loaded.pact.provider.name,
    location: loaded.location,
    origin: loaded.origin,
    specVersion: loaded.pact.specVersion,
    pending: loaded.pending,
    wip: loaded.wip,
    ...(loaded.shortDescription ? { shortDescription: loaded.shortDescription } : {}),
    notices: loaded.notices,
    ...(loaded.publishUrl ? { publishUrl: loaded.publishUrl } : {}),
    interactions: results,
    durationMs: clock() - started,
  };
  o.onPactDone?.(result);
  return result;
}

export async function verifyAll(pacts: LoadedPact[], provider: string, o: RunOptions): Promise<VerificationResult> {
  const clock = o.clock ?? (() => performance.now());
  const started = clock();
  const startedAt = new Date().toISOString();
  const results: PactResult[] = [];
  for (const p of pacts) {
    if (o.filters.consumers.length && !o.filters.consumers.includes(p.pact.consumer.name)) continue;
    results.push(await verifyPact(p, o));
  }
  return {
    provider,
    providerBaseUrl: o.providerBaseUrl,
    pacts: results,
    filtered: isFiltered(o.filters),
    filters: describeFilters(o.filters),
    summary: summarizeRun(results, clock() - started),
    startedAt,
  };
}

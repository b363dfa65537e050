/**
 * Schedules the interactions of each pact (interaction.ts verifies one). Pacts run one after
 * another; within a pact, interactions with provider states run alone and runs of stateless ones
 * share `concurrency` workers. Results reach the reporter as soon as they are known, in pact
 * order. On abort, no new interaction starts; those in flight finish (teardown included) but are
 * not reported, since their verdict would be an artefact of the interruption. With
 * `stopAfterFailure` (--exit-on-first-error) no new interaction starts once one has failed the run;
 * those in flight finish and are reported.
 */
import type { Interaction } from '../pact/model.js';
import { inOrder, type PactStart, type VerifyReporter } from './events.js';
import { verifyInteraction, type InteractionContext } from './interaction.js';
import { isBlockingFailure, type InteractionResult, type PactResult } from './results.js';
import type { LoadedPact } from './sources.js';

/** A compiled --filter-description/--filter-state pattern (selection.ts): `test` finds it anywhere in the text. */
export interface TextPattern {
  readonly source: string;
  test(text: string): boolean;
}

export interface Filters {
  consumers: string[];
  description?: TextPattern;
  state?: TextPattern;
  noState: boolean;
  /** Only these interactions (--last-failed: the ones that failed in the previous run's report). */
  only?: InteractionSet;
}

/** A set of interactions picked by identity rather than by pattern; `label` describes it in reports. */
export interface InteractionSet {
  label: string;
  has(pact: { consumer: string; provider: string }, interaction: Pick<Interaction, 'id' | 'description'>): boolean;
}

export function describeFilters(f: Filters): string[] {
  const out: string[] = [];
  if (f.consumers.length) out.push(`consumer ${f.consumers.map((c) => `'${c}'`).join(' or ')}`);
  if (f.description) out.push(`description /${f.description.source}/`);
  if (f.state) out.push(`provider state /${f.state.source}/`);
  if (f.noState) out.push('interactions without provider state');
  if (f.only) out.push(f.only.label);
  return out;
}

export function isFiltered(f: Filters): boolean {
  return describeFilters(f).length > 0;
}

export interface RunOptions extends InteractionContext {
  concurrency: number;
  filters: Filters;
  reporter?: VerifyReporter;
  signal?: AbortSignal;
  /** --exit-on-first-error: start nothing new after a failure that fails the run (pending ones do not). */
  stopAfterFailure?: boolean;
}

function selectInteractions(loaded: LoadedPact, f: Filters): Interaction[] {
  const pact = { consumer: loaded.pact.consumer.name, provider: loaded.pact.provider.name };
  return loaded.pact.interactions.filter((i) => {
    if (f.only && !f.only.has(pact, i)) return false;
    if (f.description && !f.description.test(i.description)) return false;
    if (f.noState && i.providerStates.length > 0) return false;
    if (f.state && !i.providerStates.some((s) => f.state?.test(s.name))) return false;
    return true;
  });
}

function pactStart(loaded: LoadedPact, interactions: number): PactStart {
  return {
    consumer: loaded.pact.consumer.name,
    provider: loaded.pact.provider.name,
    location: loaded.location,
    origin: loaded.origin,
    pending: loaded.pending,
    wip: loaded.wip,
    ...(loaded.shortDescription ? { shortDescription: loaded.shortDescription } : {}),
    ...(loaded.consumerVersion ? { consumerVersion: loaded.consumerVersion } : {}),
    interactions,
  };
}

/** Runs one pact; the result holds the interactions that ran to the end (all of them unless aborted). */
async function verifyPact(loaded: LoadedPact, o: RunOptions, halt: { failed: boolean }): Promise<PactResult> {
  const started = o.clock();
  const interactions = selectInteractions(loaded, o.filters);
  const info = pactStart(loaded, interactions.length);
  o.reporter?.pactStart?.(info);
  const results: (InteractionResult | undefined)[] = new Array(interactions.length);
  const emitter = inOrder<InteractionResult>(interactions.length, (r) => o.reporter?.interaction?.(info, r));
  const concurrency = Math.max(1, Math.floor(o.concurrency));
  const aborted = () => o.signal?.aborted === true;
  const stopped = () => aborted() || halt.failed;

  const run = async (at: number) => {
    const result = await verifyInteraction(interactions[at] as Interaction, loaded.pending, o);
    if (aborted()) return; // in flight when the run was interrupted
    if (o.stopAfterFailure && isBlockingFailure(result)) halt.failed = true;
    results[at] = result;
    emitter.put(at, result);
  };

  let k = 0;
  while (k < interactions.length && !stopped()) {
    const current = interactions[k] as Interaction;
    if (concurrency === 1 || current.providerStates.length > 0) {
      await run(k++);
      continue;
    }
    // A run of stateless interactions: verified in parallel, reported in pact order.
    let end = k;
    while (end < interactions.length && (interactions[end] as Interaction).providerStates.length === 0) end++;
    let cursor = k;
    const worker = async () => {
      while (cursor < end && !stopped()) await run(cursor++);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, end - k) }, worker));
    k = end;
  }
  emitter.flush();

  const result: PactResult = {
    consumer: info.consumer,
    provider: info.provider,
    location: loaded.location,
    origin: loaded.origin,
    specVersion: loaded.pact.specVersion,
    pending: loaded.pending,
    wip: loaded.wip,
    ...(loaded.shortDescription ? { shortDescription: loaded.shortDescription } : {}),
    notices: loaded.notices,
    ...(loaded.publishUrl ? { publishUrl: loaded.publishUrl } : {}),
    interactions: results.filter((r): r is InteractionResult => r !== undefined),
    durationMs: o.clock() - started,
  };
  if (!aborted()) o.reporter?.pactEnd?.(result);
  return result;
}

const keptByConsumer = (p: LoadedPact, f: Filters) => f.consumers.length === 0 || f.consumers.includes(p.pact.consumer.name);

/** The pacts the consumer filter keeps, verified in order; stops starting pacts once aborted (or stopped after a failure). */
export async function verifyPacts(pacts: LoadedPact[], o: RunOptions): Promise<PactResult[]> {
  const kept = pacts.filter((p) => keptByConsumer(p, o.filters));
  o.reporter?.selected?.({ pacts: kept.length, interactions: countSelected(kept, o.filters) });
  const results: PactResult[] = [];
  const halt = { failed: false };
  for (const p of kept) {
    if (o.signal?.aborted || halt.failed) break;
    results.push(await verifyPact(p, o, halt));
  }
  return results;
}

/** How many interactions the filters select: what a complete run verifies. */
export function countSelected(pacts: LoadedPact[], f: Filters): number {
  return pacts.reduce((n, p) => n + (keptByConsumer(p, f) ? selectInteractions(p, f).length : 0), 0);
}

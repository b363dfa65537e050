/**
 * What a verify run tells a reporter while it runs. Every method is optional and synchronous; the
 * run never waits for a reporter and a reporter never changes the run. Interaction results arrive
 * as soon as they are known and always in pact order, also under --concurrency.
 */
import type { PublishStepOutcome } from './publish-step.js';
import type { InteractionResult, PactResult, VerifyOutcome } from './results.js';
import type { LoadedPact } from './sources.js';

/** What is about to be verified, and why. */
export interface VerifyPlan {
  provider: string;
  providerBaseUrl: string;
  messageUrl?: string;
  pacts: LoadedPact[];
  filtered: boolean;
  filters: string[];
}

/** A pact as known before its interactions run. */
export interface PactStart {
  consumer: string;
  provider: string;
  location: string;
  origin: PactResult['origin'];
  pending: boolean;
  wip: boolean;
  shortDescription?: string;
  /** The consumer version, when the broker said which one (pacts from the broker or a broker URL). */
  consumerVersion?: string;
  /** How many interactions the filters left. */
  interactions: number;
}

/** How much a run will verify, once the filters are applied and before the first interaction starts. */
export interface VerifySelected {
  pacts: number;
  interactions: number;
}

/** One HTTP request sent to the provider for an interaction, and what came back (the --verbose log). */
export interface ProviderExchange {
  /** The interaction's description. */
  interaction: string;
  request: { method: string; url: string; body?: Uint8Array | string };
  response?: { status: number; body: Uint8Array };
  /** Why no usable response came back. */
  error?: string;
  durationMs: number;
}

export interface VerifyReporter {
  start?(plan: VerifyPlan): void;
  providerStarting?(e: { command: string; readyUrl: string }): void;
  selected?(counts: VerifySelected): void;
  pactStart?(pact: PactStart): void;
  /** Each provider request of an HTTP interaction, as soon as it settled. */
  exchange?(e: ProviderExchange): void;
  interaction?(pact: PactStart, result: InteractionResult): void;
  pactEnd?(pact: PactResult): void;
  published?(publication: PublishStepOutcome): void;
  /** Worth a warning: a provider state nobody handles, a report file that could not be written. */
  warning?(message: string): void;
  /** Verbose detail: the started provider's output, notes on how options were resolved. */
  debug?(message: string): void;
  end?(outcome: VerifyOutcome): void;
}

const EVENTS = ['start', 'providerStarting', 'selected', 'pactStart', 'exchange', 'interaction', 'pactEnd', 'published', 'warning', 'debug', 'end'] as const;
// Compile-time check that EVENTS names every event of VerifyReporter.
const everyEvent: Exclude<keyof VerifyReporter, (typeof EVENTS)[number]> extends never ? true : never = true;
void everyEvent;

/**
 * Several reporters as one (the CLI's text output plus a user's reporter, say). An event nobody
 * listens to stays undefined, so the run skips building it (the --verbose request log, say).
 */
export function combineReporters(...reporters: (VerifyReporter | undefined)[]): VerifyReporter {
  const list = reporters.filter((r): r is VerifyReporter => r !== undefined);
  const combined: Record<string, (...args: unknown[]) => void> = {};
  for (const key of EVENTS) {
    const listeners = list.filter((r) => typeof r[key] === 'function');
    if (listeners.length === 0) continue;
    combined[key] = (...args: unknown[]) => {
      for (const r of listeners) (r[key] as (...a: unknown[]) => void).apply(r, args);
    };
  }
  return combined as VerifyReporter;
}

/**
 * Results may complete out of order (concurrent workers); `put` emits them in index order as
 * soon as the next one is there. `flush` emits what is left, skipping holes (an interrupted run).
 */
export function inOrder<T>(count: number, emit: (value: T) => void): { put(index: number, value: T): void; flush(): void } {
  const ready: (T | undefined)[] = new Array(count);
  let next = 0;
  return {
    put(index, value) {
      ready[index] = value;
      while (next < count && ready[next] !== undefined) emit(ready[next++] as T);
    },
    flush() {
      for (; next < count; next++) if (ready[next] !== undefined) emit(ready[next] as T);
    },
  };
}

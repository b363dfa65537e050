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
  /** How many interactions the filters left. */
  interactions: number;
}

export interface VerifyReporter {
  start?(plan: VerifyPlan): void;
  providerStarting?(e: { command: string; readyUrl: string }): void;
  pactStart?(pact: PactStart): void;
  interaction?(pact: PactStart, result: InteractionResult): void;
  pactEnd?(pact: PactResult): void;
  published?(publication: PublishStepOutcome): void;
  /** Worth a warning: a provider state nobody handles, a report file that could not be written. */
  warning?(message: string): void;
  /** Verbose detail: the started provider's output, notes on how options were resolved. */
  debug?(message: string): void;
  end?(outcome: VerifyOutcome): void;
}

/** Several reporters as one (the CLI's text output plus a user's reporter, say). */
export function combineReporters(...reporters: (VerifyReporter | undefined)[]): VerifyReporter {
  const list = reporters.filter((r): r is VerifyReporter => r !== undefined);
  const each =
    <K extends keyof VerifyReporter>(key: K) =>
    (...args: Parameters<NonNullable<VerifyReporter[K]>>) => {
      for (const r of list) (r[key] as ((...a: typeof args) => void) | undefined)?.(...args);
    };
  return {
    start: each('start'),
    providerStarting: each('providerStarting'),
    pactStart: each('pactStart'),
    interaction: each('interaction'),
    pactEnd: each('pactEnd'),
    published: each('published'),
    warning: each('warning'),
    debug: each('debug'),
    end: each('end'),
  };
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

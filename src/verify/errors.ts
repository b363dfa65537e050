/** Errors of `verify`, `pacts` and `publish-results`; main.ts maps them (exit 2 unless said otherwise). */
import { ExitCode, NegativeAnswerError, PactshipError, type PactshipErrorOptions } from '../errors.js';
import { describeUnsent } from './publish-step.js';
import type { VerifyOutcome } from './results.js';

/** Nothing was verified (no pacts, or every interaction filtered out): the answer is "no" (exit 1). */
export class NothingVerifiedError extends NegativeAnswerError {
  override readonly code = 'VERIFIED_NOTHING';
  override readonly exitCode = ExitCode.No;
}

/** The provider given by --provider is unknown to the broker (for-verification answered 404). */
export class UnknownProviderError extends PactshipError {
  override readonly code = 'UNKNOWN_PROVIDER';
}

/**
 * The provider answered none of the requests sent to it (refused, unknown host, every one timed
 * out): the run could not happen, whatever pending or --no-fail-if-no-pacts say.
 */
export class ProviderUnreachableError extends PactshipError {
  override readonly code = 'PROVIDER_UNREACHABLE';
}

/** A pact given by URL could not be fetched or is not a pact. */
export class PactSourceError extends PactshipError {
  override readonly code = 'PACT_SOURCE';
}

/** The started provider exited, or did not answer at its ready URL in time. */
export class ProviderStartError extends PactshipError {
  override readonly code = 'PROVIDER_START';
  constructor(message: string, readonly output: string[], options: PactshipErrorOptions = {}) {
    super(message, { ...options, details: options.details ?? (output.length ? ['provider output (last lines):', ...output.map((l) => `  ${l}`)] : []) });
  }
}

/** Some verification results could not be published; they were saved for `pactship publish-results`. */
export class ResultsNotSentError extends PactshipError {
  override readonly code = 'RESULTS_NOT_SENT';
  constructor(message: string, readonly file: string | undefined, options: PactshipErrorOptions = {}) {
    super(message, options);
  }
}

/** An unsent-results file that cannot be read. */
export class UnsentFileError extends PactshipError {
  override readonly code = 'UNSENT_FILE';
}

/**
 * What a finished run means for the CLI beyond its exit code: nothing verified when that is an
 * error, or results that could not be published. Undefined when the outcome speaks for itself.
 */
export function outcomeError(outcome: VerifyOutcome, cwd: string): PactshipError | undefined {
  if (outcome.verifiedNothing && outcome.exitCode !== 0) {
    const s = outcome.selection;
    return new NothingVerifiedError(`verified nothing: the broker selected no pacts for provider '${outcome.provider}'`, {
      details: s ? [`provider: ${outcome.provider}`, `selectors: ${JSON.stringify(s.consumerVersionSelectors)}`, `request: ${JSON.stringify(s)}`] : [],
      hint: 'Check the selectors (--consumer-version-selector) and the provider name, or pass --no-fail-if-no-pacts to allow this.',
    });
  }
  const unsent = outcome.publication?.unsent;
  if (!unsent) return undefined;
  const { message, hint } = describeUnsent(unsent, cwd);
  return new ResultsNotSentError(message, unsent.file, { hint });
}

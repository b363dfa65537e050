/**
 * Typed errors. Commands and core code throw these; only `cli/main.ts` turns them into
 * a message and an exit code (see `exitCodeFor`). Every error carries what the user needs:
 * what went wrong (message, naming the file/field/URL) and what to do next (hint).
 */

/** 0 success, 1 the answer is "no", 2 could not run. */
export const ExitCode = { Ok: 0, No: 1, CouldNotRun: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface PactshipErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Extra lines shown under the message (e.g. one per validation problem). */
  details?: string[];
}

export class PactshipError extends Error {
  readonly code: string = 'PACTSHIP_ERROR';
  readonly exitCode: ExitCode = ExitCode.CouldNotRun;
  readonly hint: string | undefined;
  readonly details: string[];

  constructor(message: string, options: PactshipErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.details = options.details ?? [];
  }
}

/** Bad flags or flag combinations. */
export class UsageError extends PactshipError {
  override readonly code: string = 'USAGE';
}

/** Config file or resolved config is invalid; `problems` are `source: key.path: message` lines. */
export class ConfigError extends PactshipError {
  override readonly code: string = 'CONFIG';
  constructor(
    message: string,
    readonly problems: string[] = [],
    options: PactshipErrorOptions = {},
  ) {
    super(message, { ...options, details: options.details ?? problems });
  }
}

/** A pact file that cannot be read, parsed or is structurally invalid. */
export class InvalidPactError extends PactshipError {
  override readonly code: string = 'INVALID_PACT';
  constructor(
    readonly file: string,
    readonly problems: string[],
    options: PactshipErrorOptions = {},
  ) {
    super(
      problems.length === 1 ? `${file}: ${problems[0]}` : `${file}: ${problems.length} problems`,
      { ...options, details: options.details ?? (problems.length === 1 ? [] : problems) },
    );
  }
}

/** Nothing matched the given files/globs. */
export class NoFilesError extends PactshipError {
  override readonly code: string = 'NO_FILES';
}

/** A network-level failure (DNS, refused, reset, timeout) talking to some URL. */
export class NetworkError extends PactshipError {
  override readonly code: string = 'NETWORK';
  constructor(
    message: string,
    readonly url: string,
    options: PactshipErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The answer is "no" (verification failed, not deployable): exit 1, not an error of the tool. */
export class NegativeAnswerError extends PactshipError {
  override readonly code: string = 'NO';
  override readonly exitCode: ExitCode = ExitCode.No;
}

export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof PactshipError ? error.exitCode : ExitCode.CouldNotRun;
}

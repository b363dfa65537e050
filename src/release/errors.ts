/** Errors of the release-safety commands: each names what was asked for and what exists instead. */
import { PactshipError, type PactshipErrorOptions } from '../errors.js';

/** A name/version/environment the broker does not know; `known` lists what it does know. */
export class UnknownResourceError extends PactshipError {
  override readonly code: string = 'UNKNOWN_RESOURCE';
  constructor(
    message: string,
    readonly known: string[],
    options: PactshipErrorOptions = {},
  ) {
    super(message, options);
  }
}

export class UnknownPacticipantError extends UnknownResourceError {
  override readonly code = 'UNKNOWN_PACTICIPANT';
}

export class UnknownVersionError extends UnknownResourceError {
  override readonly code = 'UNKNOWN_VERSION';
}

export class UnknownEnvironmentError extends UnknownResourceError {
  override readonly code = 'UNKNOWN_ENVIRONMENT';
}

/** record-undeployment / record-support-ended found nothing to change. */
export class NothingToRecordError extends PactshipError {
  override readonly code = 'NOTHING_TO_RECORD';
}

/** Formats a "what exists" list for messages: `'a', 'b', 'c'` or `(none)`, clipped after `max`. */
export function listKnown(names: string[], max = 10): string {
  if (names.length === 0) return '(none)';
  const shown = names.slice(0, max).map((n) => `'${n}'`).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Errors from talking to a Pact Broker, each carrying what the user needs to act on it. */
import { NetworkError, PactshipError, type PactshipErrorOptions } from '../errors.js';
import { shorten } from '../report/shorten.js';

export interface BrokerNotice {
  type?: string;
  text: string;
  when?: string;
}

/** Flattens the broker's own explanation out of any error body shape it uses. */
export function brokerProblems(body: unknown, rawText = ''): string[] {
  const lines: string[] = [];
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.notices)) {
      for (const n of b.notices) if (n && typeof (n as BrokerNotice).text === 'string') lines.push((n as BrokerNotice).text);
    }
    if (lines.length === 0 && b.errors !== undefined) lines.push(...flattenErrors(b.errors));
    if (lines.length === 0 && b.error !== undefined) {
      if (typeof b.error === 'string') lines.push(b.error);
      else if (b.error && typeof (b.error as { message?: unknown }).message === 'string') lines.push((b.error as { message: string }).message);
    }
    // A broker admin finds the details in the broker's log under this reference: always show it.
    const reference = errorReference(b);
    if (reference && !lines.some((l) => l.includes(reference))) {
      if (lines.length === 0) lines.push(`error reference ${reference}`);
      else lines[lines.length - 1] += ` (error reference ${reference})`;
    }
    if (lines.length === 0 && (typeof b.title === 'string' || typeof b.detail === 'string')) {
      lines.push([b.title, b.detail].filter((x) => typeof x === 'string').join(': '));
    }
  }
  if (lines.length === 0 && rawText.trim() !== '') lines.push(excerpt(rawText));
  // A broker (or what answers in its place) may send megabytes; a 409's diff is worth keeping whole.
  return lines.map((l) => shorten(l, 20_000));
}

/** `{"error": {"reference": "…"}}` (HAL error) or a top-level `reference`. */
export function errorReference(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { error?: { reference?: unknown }; reference?: unknown };
  const ref = (b.error && typeof b.error === 'object' ? b.error.reference : undefined) ?? b.reference;
  return typeof ref === 'string' && ref.trim() !== '' ? ref.trim().slice(0, 200) : typeof ref === 'number' ? String(ref) : undefined;
}

function flattenErrors(errors: unknown, prefix = ''): string[] {
  if (typeof errors === 'string') return [prefix ? `${prefix}: ${errors}` : errors];
  if (Array.isArray(errors)) {
    return errors.flatMap((e) => {
      if (e && typeof e === 'object' && ('detail' in e || 'title' in e)) {
        // problem+json item: {title, detail, pointer}
        const item = e as { title?: string; detail?: string; pointer?: string };
        const where = item.pointer ? `${item.pointer}: ` : prefix ? `${prefix}: ` : '';
        return [`${where}${item.detail ?? item.title ?? ''}`];
      }
      return flattenErrors(e, prefix);
    });
  }
  if (errors && typeof errors === 'object') {
    return Object.entries(errors).flatMap(([k, v]) => flattenErrors(v, prefix ? `${prefix}.${k}` : k));
  }
  return errors === undefined || errors === null ? [] : [String(errors)];
}

export function excerpt(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

const HINTS: Record<number, string> = {
  400: 'The broker rejected the request; the messages above say which field.',
  401: 'Check the broker credentials (--broker-token, or --broker-username/--broker-password; PACT_BROKER_TOKEN, PACT_BROKER_USERNAME/PASSWORD).',
  403: 'The credentials are valid but lack permission for this action (read-only user or token?).',
  404: 'Check the broker base URL and the names/versions used.',
  409: 'The content changed for an existing version: pact content is probably not deterministic, or a version number was reused. Publish with a new version (e.g. the git commit).',
  415: 'The broker did not accept the content type (pactship bug — please report).',
};

export class BrokerHttpError extends PactshipError {
  override readonly code: string = 'BROKER_HTTP';
  constructor(
    readonly status: number,
    readonly method: string,
    readonly url: string,
    readonly problems: string[],
    readonly body: unknown = undefined,
    options: PactshipErrorOptions = {},
  ) {
    super(
      `Pact Broker answered ${status} to ${method} ${url}${problems.length === 1 ? `: ${problems[0]}` : ''}`,
      {
        hint: options.hint ?? HINTS[status] ?? (status >= 500 ? 'The broker failed; retry later or check its logs.' : undefined),
        details: problems.length > 1 ? problems : [],
        cause: options.cause,
      },
    );
  }
}

export class BrokerUnauthorizedError extends BrokerHttpError {
  override readonly code: string = 'BROKER_UNAUTHORIZED';
}
export class BrokerForbiddenError extends BrokerHttpError {
  override readonly code: string = 'BROKER_FORBIDDEN';
}
export class BrokerNotFoundError extends BrokerHttpError {
  override readonly code: string = 'BROKER_NOT_FOUND';
}
export class BrokerConflictError extends BrokerHttpError {
  override readonly code: string = 'BROKER_CONFLICT';
}

/** Picks the subclass for a status, so callers can `instanceof` the cases they handle. */
export function brokerHttpError(
  status: number,
  method: string,
  url: string,
  body: unknown,
  rawText: string,
): BrokerHttpError {
  const problems = brokerProblems(body, rawText);
  const Cls =
    status === 401 ? BrokerUnauthorizedError
    : status === 403 ? BrokerForbiddenError
    : status === 404 ? BrokerNotFoundError
    : status === 409 ? BrokerConflictError
    : BrokerHttpError;
  return new Cls(status, method, url, problems, body);
}

/** A 2xx that is not the JSON a broker sends (an SSO login page, a proxy's HTML…). */
export class BrokerResponseError extends PactshipError {
  override readonly code: string = 'BROKER_RESPONSE';
  constructor(
    readonly url: string,
    message: string,
    options: PactshipErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The broker's index (or a resource) lacks a link relation pactship needs. */
export class MissingRelationError extends PactshipError {
  override readonly code: string = 'BROKER_MISSING_RELATION';
  constructor(
    readonly relation: string,
    readonly resourceUrl: string,
    readonly available: string[],
  ) {
    super(`the Pact Broker resource at ${resourceUrl} has no '${relation}' link`, {
      details: [`relations offered: ${available.length ? available.join(', ') : '(none)'}`],
      hint: 'The broker may be too old for this feature, or the base URL points at something that is not a Pact Broker index.',
    });
  }
}

/** A response body over the configured cap (broker.maxResponseMb): not read further, not retried. */
export class ResponseTooLargeError extends BrokerResponseError {
  override readonly code: string = 'RESPONSE_TOO_LARGE';
  constructor(
    readonly method: string,
    url: string,
    readonly limitBytes: number,
    detail?: string,
  ) {
    const mb = Math.round((limitBytes / (1024 * 1024)) * 10) / 10;
    super(url, `${method} ${url}: response larger than ${mb} MB${detail ? ` (${detail})` : ''}`, {
      hint: 'Check the URL (is it really the Pact Broker?), or raise the cap with --max-response-mb / PACTSHIP_MAX_RESPONSE_MB (broker.maxResponseMb).',
    });
  }
}

/**
 * A request that changes something (a POST) failed in a way that leaves open whether the broker
 * applied it: a 5xx, a reset or a timeout after it was sent. It was not sent again, so it cannot be
 * recorded twice; the caller checks the broker (e.g. the pact's latest verification for that
 * provider version) before sending it again.
 */
export class BrokerOutcomeUnknownError extends PactshipError {
  override readonly code: string = 'BROKER_OUTCOME_UNKNOWN';
  readonly mayHaveArrived = true;
  /** The broker's status, when it answered (5xx). */
  readonly status: number | undefined;
  constructor(
    readonly method: string,
    readonly url: string,
    /** What happened: the status line or the network failure. */
    readonly reason: string,
    options: PactshipErrorOptions & { status?: number } = {},
  ) {
    super(`${method} ${url} may or may not have been applied by the Pact Broker: ${reason}`, {
      hint:
        options.hint ??
        'It was not sent again, so that it cannot be recorded twice. Check on the broker whether it arrived before sending it again.',
      ...(options.details ? { details: options.details } : {}),
      cause: options.cause,
    });
    this.status = options.status;
  }
}

/**
 * The run's broker deadline (broker.deadlineMs) is used up: nothing more is sent. `mayHaveArrived`
 * is true when a request was cut while in flight.
 */
export class BrokerDeadlineError extends NetworkError {
  override readonly code: string = 'BROKER_DEADLINE';
  constructor(
    readonly method: string,
    url: string,
    readonly deadlineMs: number,
    /** The failure that was being retried, if any. */
    readonly lastFailure?: string,
    readonly mayHaveArrived = false,
  ) {
    super(
      `gave up on ${method} ${url}: the broker deadline of ${Math.round(deadlineMs / 100) / 10} s for this run is used up${lastFailure ? ` (last: ${lastFailure})` : ''}`,
      url,
      {
        hint:
          'The broker is slow or not answering. Check its health, or give the run more time with --broker-deadline-ms / PACT_BROKER_DEADLINE_MS (broker.deadlineMs).' +
          (mayHaveArrived ? ' The request was cut off in flight: it may or may not have been applied.' : ''),
      },
    );
  }
}

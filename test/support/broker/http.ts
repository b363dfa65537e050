/**
 * Small HTTP vocabulary shared by the routes: a reply value, an error that carries one,
 * and the broker's error body shapes (broker-api.md section 9).
 */

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown anywhere in a route; the server turns it into the reply it carries. */
export class HttpError extends Error {
  readonly reply: Reply;

  constructor(reply: Reply, message = `HTTP ${reply.status}`) {
    super(message);
    this.name = 'HttpError';
    this.reply = reply;
  }
}

export const NOT_FOUND_BODY = { error: 'The requested document was not found on this server.' } as const;

export function notFound(): HttpError {
  return new HttpError({ status: 404, body: NOT_FOUND_BODY }, 'not found');
}

/** 400 with `{"errors": {"field": ["message"]}}` (or a plain array of messages). */
export function validationError(errors: Record<string, string[]> | string[]): HttpError {
  return new HttpError({ status: 400, body: { errors } }, 'validation error');
}

export function conflict(body: unknown): HttpError {
  return new HttpError({ status: 409, body }, 'conflict');
}

export function unsupportedMediaType(expected: string): HttpError {
  return new HttpError(
    { status: 415, body: { error: `Content-Type must be ${expected}` } },
    'unsupported media type',
  );
}

export function methodNotAllowed(allowed: string[]): HttpError {
  return new HttpError({ status: 405, body: { error: 'Method not allowed' }, headers: { Allow: allowed.join(', ') } });
}

export function serverErrorBody(reference: string): unknown {
  return {
    error: {
      message: `An error has occurred. The details have been logged with the reference ${reference}`,
      reference,
    },
  };
}

/** Collects `field → messages` and throws one 400 at the end (collect, then fail once). */
export class Problems {
  readonly errors: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  throwIfAny(): void {
    if (!this.empty) throw validationError(this.errors);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonBlankString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

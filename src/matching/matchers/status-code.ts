import { failing, type MatcherOptions, type ValueMatcher } from './types.js';

const CLASSES: Record<string, { lo: number; hi: number; label: string }> = {
  info: { lo: 100, hi: 199, label: 'Informational response (100–199)' },
  success: { lo: 200, hi: 299, label: 'Successful response (200–299)' },
  redirect: { lo: 300, hi: 399, label: 'Redirect (300–399)' },
  clientError: { lo: 400, hi: 499, label: 'Client error (400–499)' },
  serverError: { lo: 500, hi: 599, label: 'Server error (500–599)' },
  nonError: { lo: 100, hi: 399, label: 'Non-error response (< 400)' },
  error: { lo: 400, hi: 599, label: 'Error response (>= 400)' },
};

/** `{match: 'statusCode', status: 'success' | [200, 201]}`. */
export function statusCode(options: MatcherOptions): ValueMatcher {
  const status = options.status;
  if (typeof status === 'string') {
    const cls = CLASSES[status];
    if (!cls) return failing('statusCode', `Invalid statusCode matcher: unknown status class '${status}' (known: ${Object.keys(CLASSES).join(', ')})`);
    return {
      name: 'statusCode',
      describe: () => `a ${cls.label}`,
      match: (_e, actual) =>
        typeof actual === 'number' && actual >= cls.lo && actual <= cls.hi ? undefined : `Expected status code ${String(actual)} to be a ${cls.label}`,
    };
  }
  if (Array.isArray(status) && status.every((s) => typeof s === 'number')) {
    const codes = status as number[];
    return {
      name: 'statusCode',
      describe: () => `one of ${codes.join(', ')}`,
      match: (_e, actual) =>
        typeof actual === 'number' && codes.includes(actual) ? undefined : `Expected status code ${String(actual)} to be one of ${codes.join(', ')}`,
    };
  }
  return failing('statusCode', 'Invalid statusCode matcher: "status" must be a status class name or a list of codes');
}

/**
 * Checks on a raw interaction before it is read: what the verifier will send must be a valid HTTP
 * request (undici rejects a method or header it cannot send, and such a request used to wedge its
 * connection pool), and bodies must not nest deeper than the matcher will parse.
 */
import { isObject, type Problems } from './describe.js';

/** RFC 9110 §5.6.2: methods and field names are tokens. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: field values are visible characters, spaces and tabs (and obs-text); no CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** JSON bodies may nest this deep (the reference's parser stops at 128 levels). */
export const MAX_BODY_DEPTH = 127;

/** Adds the problems found in `raw` (an interaction as written); false when it must not be read further. */
export function checkInteraction(raw: Record<string, unknown>, where: string, v4: boolean, problems: Problems, shallow = false): boolean {
  let readable = true;
  const request = raw.request;
  if (isObject(request)) {
    const method = request.method;
    if (typeof method === 'string' && method.trim() !== '' && !TOKEN.test(method))
      problems.add(where, 'request.method', `${JSON.stringify(method)} is not an HTTP method (a token: letters, digits and !#$%&'*+-.^_\`|~, no spaces)`);
    if (isObject(request.headers)) {
      for (const [name, value] of Object.entries(request.headers)) {
        if (!TOKEN.test(name))
          problems.add(where, `request.headers[${JSON.stringify(name)}]`, 'is not a valid header name (a token: letters, digits and !#$%&\'*+-.^_`|~; no spaces, colons or line breaks)');
        const values = Array.isArray(value) ? value : [value];
        values.forEach((v, i) => {
          if (typeof v === 'string' && !FIELD_VALUE.test(v))
            problems.add(
              where,
              `request.headers[${JSON.stringify(name)}]${Array.isArray(value) ? `[${i}]` : ''}`,
              'contains a character a header value cannot carry (CR, LF, NUL or another control character, or one beyond Latin-1)',
            );
        });
      }
    }
  }
  for (const part of shallow ? [] : (['request', 'response'] as const)) {
    const owner = raw[part];
    if (!isObject(owner) || owner.body === undefined) continue;
    const body = v4 && isObject(owner.body) ? owner.body.content : owner.body;
    if (depthExceeds(body, MAX_BODY_DEPTH)) {
      problems.add(where, `${part}.body`, `is nested deeper than ${MAX_BODY_DEPTH} levels (no verifier can parse a response that deep)`);
      readable = false;
    }
  }
  // Anything else as deep (provider-state params, matching rules, generators) would overflow the
  // readers' stacks just the same: the reference's JSON reader refuses such a file outright.
  if (readable && !shallow) {
    for (const [key, value] of Object.entries(raw)) {
      if (depthExceeds(value, MAX_PART_DEPTH)) {
        // Named one level down where it can be (`response.matchingRules`), to point at the culprit.
        const child = isObject(value) ? Object.keys(value).find((k) => depthExceeds(value[k], MAX_PART_DEPTH - 1)) : undefined;
        problems.add(where, child ? `${key}.${child}` : key, `is nested deeper than ${MAX_PART_DEPTH} levels`);
        readable = false;
      }
    }
  }
  return readable;
}

/** Any other part of an interaction: a body's depth plus the levels the pact format itself adds. */
export const MAX_PART_DEPTH = MAX_BODY_DEPTH + 8;

/** Whether arrays/objects nest deeper than `limit` (iterative: the value may be 10,000 deep). */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (d + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d + 1]);
  }
  return false;
}

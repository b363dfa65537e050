import { parseMediaType, sniffContentType } from '../content-type.js';
import { show } from '../mismatch.js';
import { failing, type MatcherOptions, type ValueMatcher } from './types.js';

/**
 * The actual bytes must look like `value` (magic bytes / text sniffing), whatever the header says.
 * Bytes and text bodies only: on a parsed JSON value it fails, as in the reference ("Unable to
 * match … using ContentType").
 */
export function contentType(options: MatcherOptions): ValueMatcher {
  const value = options.value;
  const wanted = typeof value === 'string' ? parseMediaType(value) : undefined;
  if (!wanted) return failing('contentType', 'Invalid contentType matcher: "value" must be a media type');
  return {
    name: 'contentType',
    terminal: true,
    structural: true,
    describe: () => `content of type '${wanted.base}'`,
    match(_e, actual, ctx) {
      if (!(actual instanceof Uint8Array) && !(ctx.stringly && typeof actual === 'string'))
        return `Unable to match ${show(actual)} using contentType '${wanted.base}' (it judges bytes, not JSON values)`;
      const bytes = actual instanceof Uint8Array ? actual : new TextEncoder().encode(actual as string);
      const detected = sniffContentType(bytes);
      const same =
        detected === wanted.base ||
        (wanted.type === 'text' && detected === 'text/plain') ||
        (wanted.base.endsWith('+json') && detected === 'application/json') ||
        (wanted.base.endsWith('+xml') && detected === 'application/xml') ||
        (wanted.base === 'text/xml' && detected === 'application/xml');
      return same ? undefined : `Expected binary contents to have content type '${wanted.base}' but detected contents was '${detected}'`;
    },
  };
}

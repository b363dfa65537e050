/** Media types: parsing `type/subtype; k=v`, families (JSON, XML, text) and magic-byte sniffing. */

export interface MediaType {
  /** `application/json`, lower-cased. */
  base: string;
  type: string;
  subtype: string;
  /** Parameter names lower-cased; values unquoted, case kept. */
  params: Record<string, string>;
}

/** Parsed media types by text: a run sees the same few (application/json, …) for every interaction. */
const parsed = new Map<string, MediaType | undefined>();
const MAX_PARSED = 500;

/** Parses `type/subtype; k=v`; callers get a shared object (do not change it). */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  let media = parsed.get(value);
  if (media === undefined && !parsed.has(value)) {
    media = parse(value);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(value, media);
  }
  return media;
}

function parse(value: string): MediaType | undefined {
  const [head = '', ...rest] = splitParams(value);
  const base = head.trim().toLowerCase();
  const slash = base.indexOf('/');
  if (slash <= 0 || slash === base.length - 1) return undefined;
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name) params[name] = v;
  }
  return Object.freeze({ base, type: base.slice(0, slash), subtype: base.slice(slash + 1), params: Object.freeze(params) });
}

/** Splits on `;` outside quotes (a multipart boundary may contain one). */
function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

export type BodyKind = 'json' | 'xml' | 'text' | 'form' | 'multipart' | 'binary';

export function isJsonType(base: string): boolean {
  return base === 'application/json' || base === 'text/json' || base.endsWith('+json');
}

export function isXmlType(base: string): boolean {
  return base === 'application/xml' || base === 'text/xml' || base.endsWith('+xml');
}

export function kindOf(media: MediaType): BodyKind {
  const { base } = media;
  if (isJsonType(base)) return 'json';
  if (isXmlType(base)) return 'xml';
  if (base === 'application/x-www-form-urlencoded') return 'form';
  if (media.type === 'multipart') return 'multipart';
  if (media.type === 'text' || base === 'application/javascript' || base === 'application/yaml') return 'text';
  return 'binary';
}

/**
 * Is the actual body of the expected type? As the reference decides it (measured): the same type,
 * text/xml for application/xml (either way), or an actual `+json`/`+xml` type where the plain one
 * was expected (`application/vnd.api+json` passes for `application/json`, never the reverse).
 */
export function equivalentTypes(expected: MediaType, actual: MediaType): boolean {
  const norm = (base: string): string => (base === 'text/xml' ? 'application/xml' : base);
  const e = norm(expected.base);
  const sameType =
    e === norm(actual.base) ||
    (actual.subtype.endsWith('+json') && e === 'application/json') ||
    (actual.subtype.endsWith('+xml') && e === 'application/xml');
  return sameType && sameParameters(expected, actual);
}

/**
 * Every parameter the pact gives must be there with that value (charset case-insensitively); extra
 * ones are fine. Not a multipart boundary: the sender picks it (a known difference, see
 * fixtures/conformance/known-differences.json).
 */
function sameParameters(expected: MediaType, actual: MediaType): boolean {
  for (const [name, value] of Object.entries(expected.params)) {
    if (name === 'boundary' && expected.type === 'multipart') continue;
    const other = actual.params[name];
    if (other === undefined || (name === 'charset' ? other.toLowerCase() !== value.toLowerCase() : other !== value)) return false;
  }
  return true;
}

const startsWith = (bytes: Uint8Array, sig: readonly number[]): boolean =>
  bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);

/** What the bytes look like: PNG, JPEG, GIF, PDF by magic numbers; then JSON, XML, HTML, text; else octet-stream. */
export function sniffContentType(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  const text = decodeUtf8(bytes.subarray(0, 4096));
  if (text === undefined || /[\u0000-\u0008\u000e-\u001f]/.test(text)) return 'application/octet-stream';
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{') || head.startsWith('[') || (head.startsWith('"') && looksLikeJson(bytes))) {
    if (looksLikeJson(bytes)) return 'application/json';
  }
  if (/^<!doctype html|^<html/i.test(head)) return 'text/html';
  if (head.startsWith('<?xml') || /^<[A-Za-z_][\w.:-]*[\s>/]/.test(head)) return 'application/xml';
  return 'text/plain';
}

function looksLikeJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(bytes));
    return true;
  } catch {
    return false;
  }
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text, or undefined when the bytes are not valid UTF-8 (a cut multi-byte tail is tolerated). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    for (let cut = 1; cut <= 3 && cut < bytes.length; cut++) {
      try {
        return strictDecoder.decode(bytes.subarray(0, bytes.length - cut));
      } catch {
        // try a shorter prefix
      }
    }
    return undefined;
  }
}

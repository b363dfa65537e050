/** Headers, query strings and bodies of one request/response, read into the model's shapes. */
import type { Body, MultiMap } from './model.js';
import { describeJson, isObject, type Problems } from './describe.js';
import { stringifyJson } from './json-text.js';

export function readHeaders(raw: unknown, problems: Problems, where: string, field: string): MultiMap {
  const headers: MultiMap = {};
  if (raw === undefined || raw === null) return headers;
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object', raw);
    return headers;
  }
  for (const [name, value] of Object.entries(raw)) {
    const list = stringList(value);
    if (list) headers[name] = list;
    else problems.wrongType(where, `${field}.${name}`, 'a string or a list of strings', value);
  }
  return headers;
}

/** A string → one element (comma splitting is the matcher's business); numbers are written by some tools. */
function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    return value.map(String);
  return undefined;
}

/** V1/V2 write the query as a string, V3+ as a map of lists; either is accepted. */
export function readQuery(raw: unknown, problems: Problems, where: string, field: string): MultiMap {
  if (raw === undefined || raw === null) return {};
  if (typeof raw === 'string') return parseQueryString(raw);
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'a string or an object', raw);
    return {};
  }
  const query: MultiMap = {};
  for (const [name, value] of Object.entries(raw)) {
    const list = stringList(value);
    if (list) query[name] = list;
    else problems.wrongType(where, `${field}.${name}`, 'a string or a list of strings', value);
  }
  return query;
}

/** `a=1&a=2&b=x+y&c` → {a:['1','2'], b:['x y'], c:['']}; `+` and %xx decoded. */
export function parseQueryString(text: string): MultiMap {
  const query: MultiMap = {};
  const trimmed = text.startsWith('?') ? text.slice(1) : text;
  if (trimmed === '') return query;
  for (const pair of trimmed.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    (query[name] ??= []).push(value);
  }
  return query;
}

export function decodeComponent(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A stray `%` is kept as written rather than failing the whole pact.
    return spaced.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

export function headerValue(headers: MultiMap, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, values] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return values[0];
  }
  return undefined;
}

const encoder = new TextEncoder();

/**
 * A JSON body → the value it was written from: the engine compares that value instead of
 * encoding, decoding and parsing it again (a 5 MB body would cost two more copies and a second
 * tree). Its bytes are made on first use (a request body that is sent; rarely a response's).
 */
const values = new WeakMap<Body, { value: unknown }>();

function jsonBody(value: unknown, contentType: string): Body {
  let bytes: Uint8Array | undefined;
  const body = { state: 'present', contentType } as Body;
  Object.defineProperty(body, 'bytes', { enumerable: true, configurable: true, get: () => (bytes ??= encoder.encode(stringifyJson(value))) });
  values.set(body, { value });
  return body;
}

/** The value a JSON body was written from, when it came from a pact's JSON. */
export function jsonValueOf(body: Body): { value: unknown } | undefined {
  return values.get(body);
}

export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json') || base === 'text/json';
}

/**
 * V1–V3 `body`: any JSON value. Strings are the text itself (or a JSON string for JSON types),
 * except under a binary content type, where writers store the bytes as base64 (decoded when the
 * string is canonical base64, as the reference does; anything else is taken as written).
 */
export function readPlainBody(owner: Record<string, unknown>, headers: MultiMap): Body {
  if (!('body' in owner) || owner.body === undefined) return { state: 'missing' };
  const raw = owner.body;
  const declared = headerValue(headers, 'content-type');
  const ct = declared ? { contentType: declared } : {};
  if (raw === null) return { state: 'null', ...ct };
  if (typeof raw === 'string') {
    if (raw === '') return { state: 'empty', ...ct };
    if (isBinaryContentType(declared) && isCanonicalBase64(raw)) return { state: 'present', bytes: new Uint8Array(Buffer.from(raw, 'base64')), ...ct };
    // As pact-reference: a JSON-typed string that is not itself JSON text is a JSON string value.
    const text = isJsonContentType(declared) && !parsesAsJson(raw) ? JSON.stringify(raw) : raw;
    return { state: 'present', bytes: encoder.encode(text), ...ct };
  }
  return jsonBody(raw, declared ?? 'application/json');
}

/**
 * Bodies the reference keeps as bytes: image/audio/video, and every type that is not text, JSON,
 * XML, a form or multipart (so `application/octet-stream`, `application/pdf`, `application/zip`,
 * and also `application/yaml` or `application/x-ndjson`, measured against the reference).
 */
export function isBinaryContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const [type = '', subtype = ''] = base.split('/');
  if (type === 'image' || type === 'audio' || type === 'video') return true;
  if (type === 'text' || type === 'multipart') return false;
  if (subtype === 'json' || subtype.endsWith('+json') || subtype === 'xml' || subtype.endsWith('+xml')) return false;
  return base !== 'application/x-www-form-urlencoded' && base !== 'application/graphql';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;

/** Standard alphabet, padded, no stray bits (what the reference's decoder accepts). */
export function isCanonicalBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** V4 `body`: `{content, contentType, encoded}` with encoded 'base64', 'json' or false. */
export function readV4Body(
  owner: Record<string, unknown>,
  headers: MultiMap,
  problems: Problems,
  where: string,
  field: string,
): Body {
  if (!('body' in owner) || owner.body === undefined || owner.body === null) return { state: 'missing' };
  const raw = owner.body;
  if (!isObject(raw)) {
    problems.wrongType(where, field, 'an object {content, contentType, encoded}', raw);
    return { state: 'missing' };
  }
  if (!('content' in raw)) {
    if (Object.keys(raw).length > 0) problems.add(where, `${field}.content`, 'missing');
    return { state: 'missing' };
  }
  let contentType = headerValue(headers, 'content-type');
  if (raw.contentType !== undefined) {
    if (typeof raw.contentType === 'string') contentType = raw.contentType;
    else problems.wrongType(where, `${field}.contentType`, 'a string', raw.contentType);
  }
  const ct = contentType ? { contentType } : {};
  const { content, encoded } = raw;
  if (content === null) return { state: 'null', ...ct };
  if (encoded === 'base64' || encoded === 'BASE64') {
    if (typeof content !== 'string') {
      problems.wrongType(where, `${field}.content`, 'a base64 string', content);
      return { state: 'missing' };
    }
    const bytes = new Uint8Array(Buffer.from(content, 'base64'));
    return bytes.length === 0 ? { state: 'empty', ...ct } : { state: 'present', bytes, ...ct };
  }
  if (encoded !== undefined && encoded !== false && encoded !== 'json' && encoded !== 'JSON' && encoded !== 'utf8' && encoded !== 'text') {
    problems.add(where, `${field}.encoded`, `unknown encoding ${describeJson(encoded)} (expected "base64", "json" or false)`);
    return { state: 'missing' };
  }
  const isJsonEncoded = encoded === 'json' || encoded === 'JSON';
  if (typeof content === 'string' && !isJsonEncoded) {
    if (content === '') return { state: 'empty', ...ct };
    const text = isJsonContentType(contentType) && !parsesAsJson(content) ? JSON.stringify(content) : content;
    return { state: 'present', bytes: encoder.encode(text), ...ct };
  }
  return jsonBody(content, contentType ?? 'application/json');
}

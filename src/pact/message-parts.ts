/**
 * Message contents, metadata, rules and generators, read into the model's Message.
 * V3 (`messages[]`): `contents` is any JSON value typed by `metadata.contentType`; a string with a
 * binary content type is base64 (what the reference verifier decodes). V4: `contents` is
 * `{content, contentType, encoded}` like an HTTP body, and `content` is another name for the
 * `body` rule/generator category.
 */
import type { Body, Message, MultiMap, SpecVersion } from './model.js';
import { isObject, type Problems } from './describe.js';
import { readPlainBody, readV4Body } from './http-parts.js';
import { readGenerators, readMatchingRules } from './rules.js';

/** `contentType` or `content-type`, any case: the metadata keys that hold the message's content type. */
export function isContentTypeKey(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === 'contenttype' || lower === 'content-type';
}

export function metadataContentType(metadata: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(metadata)) {
    if (isContentTypeKey(key) && typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

/** `field` is the prefix of every problem's field name: `''`, `request.`, `response[0].`. */
export function readMessage(
  part: Record<string, unknown>,
  version: SpecVersion,
  problems: Problems,
  where: string,
  field: string,
): Message {
  const metadata = readMetadata(part, problems, where, field);
  const declared = metadataContentType(metadata);
  const headers: MultiMap = declared ? { 'content-type': [declared] } : {};
  let contents: Body;
  if (version === '4.0.0') {
    contents = readV4Body({ body: part.contents }, headers, problems, where, `${field}contents`);
    // The reference checks the contents' content type as metadata too.
    if (!declared && contents.contentType) metadata.contentType = contents.contentType;
  } else {
    contents = base64IfBinary(readPlainBody({ body: part.contents }, headers), part.contents);
  }
  return {
    contents,
    metadata,
    matchingRules: readMatchingRules(contentAsBody(part.matchingRules), problems, where, `${field}matchingRules`),
    generators: readGenerators(contentAsBody(part.generators), problems, where, `${field}generators`),
  };
}

function readMetadata(part: Record<string, unknown>, problems: Problems, where: string, field: string): Record<string, unknown> {
  // `metaData` is how pact-jvm wrote V3 message metadata.
  const key = part.metadata === undefined && part.metaData !== undefined ? 'metaData' : 'metadata';
  const raw = part[key];
  if (raw === undefined || raw === null) return {};
  if (!isObject(raw)) {
    problems.wrongType(where, `${field}${key}`, 'an object', raw);
    return {};
  }
  return { ...raw };
}

/** V4 writers name the contents' category `content`; the engine knows it as `body`. */
function contentAsBody(raw: unknown): unknown {
  if (!isObject(raw) || !('content' in raw)) return raw;
  const { content, ...rest } = raw;
  const body = isObject(rest.body) && isObject(content) ? { ...content, ...rest.body } : (rest.body ?? content);
  return { ...rest, body };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** V3 binary contents are written as base64 text. */
function base64IfBinary(body: Body, raw: unknown): Body {
  if (body.state !== 'present' || typeof raw !== 'string' || !body.contentType) return body;
  if (!isBinaryType(body.contentType)) return body;
  const compact = raw.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return body;
  return { ...body, bytes: new Uint8Array(Buffer.from(compact, 'base64')) };
}

function isBinaryType(contentType: string): boolean {
  const base = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const [type = '', subtype = ''] = base.split('/');
  if (type === 'text' || type === 'multipart') return false;
  if (subtype === 'json' || subtype.endsWith('+json') || subtype === 'xml' || subtype.endsWith('+xml')) return false;
  return !['application/x-www-form-urlencoded', 'application/javascript', 'application/yaml', 'application/x-ndjson'].includes(base);
}

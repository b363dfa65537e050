/**
 * Body matching: pick the comparison by the expected content type (V4 body contentType, else the
 * Content-Type header, else sniffed), check the actual declared type is compatible, then compare.
 */
import { headerValue, jsonValueOf } from '../../pact/http-parts.js';
import type { Body, MultiMap } from '../../pact/model.js';
import { isUtf8 } from 'node:buffer';
import { decodeUtf8, equivalentTypes, kindOf, parseMediaType, sniffContentType } from '../content-type.js';
import { mismatch, type Mismatch } from '../mismatch.js';
import { compileRules, type CompiledRules } from '../rules.js';
import type { MatchingRules } from '../../pact/model.js';
import { matchBinary } from './binary.js';
import { matchForm } from './form.js';
import { matchJsonText } from './json.js';
import { matchMultipart } from './multipart.js';
import { matchText } from './text.js';
import { matchXmlText } from './xml.js';

export interface BodyPart {
  body: Body;
  headers: MultiMap;
}

const EMPTY = new Uint8Array(0);

/** UTF-8 text (Latin-1 when the bytes are not UTF-8): one native check, one copy. */
function text(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return isUtf8(buffer) ? buffer.toString('utf8') : (decodeUtf8(bytes) ?? buffer.toString('latin1'));
}

function hasBytes(body: Body): boolean {
  return body.state === 'present' && (body.bytes?.length ?? 0) > 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

export function matchBody(expected: BodyPart, actual: BodyPart, rules?: MatchingRules | CompiledRules): Mismatch[] {
  const compiled = compileRules(rules);
  const out: Mismatch[] = compiled.invalidPaths.map(({ key, error }) =>
    mismatch('body', key, undefined, undefined, `Invalid matching rule path '${key}': ${error}`),
  );
  const e = expected.body;
  const a = actual.body;
  if (e.state === 'missing') return out;
  const actualBytes = a.state === 'present' ? (a.bytes ?? EMPTY) : EMPTY;
  if (e.state === 'empty' || e.state === 'null') {
    // Even the text `null` is a body: the reference fails it ("Expected empty body but received …"),
    // unless the pact's Content-Type header names a type the response does not have: then, like the
    // reference, only that header is reported.
    const declared = parseMediaType(headerValue(expected.headers, 'content-type'));
    const received = parseMediaType(headerValue(actual.headers, 'content-type') ?? a.contentType);
    if (declared && received && !equivalentTypes(declared, received)) return out;
    if (actualBytes.length > 0)
      out.push(mismatch('body', '$', e.state === 'null' ? null : '', text(actualBytes), `Expected an empty body but received ${actualBytes.length} bytes`));
    return out;
  }
  // A pact's JSON body is compared as the value it was written from: its bytes are not needed.
  const known = jsonValueOf(e);
  let bytesOfExpected: Uint8Array | undefined;
  const expectedBytes = (): Uint8Array => (bytesOfExpected ??= e.bytes ?? EMPTY);
  const expectedTypeText = e.contentType ?? headerValue(expected.headers, 'content-type') ?? sniffContentType(expectedBytes());
  const expectedType = parseMediaType(expectedTypeText) ?? parseMediaType(sniffContentType(expectedBytes()));
  const actualTypeText = headerValue(actual.headers, 'content-type') ?? a.contentType;
  if (!hasBytes(a)) {
    out.push(mismatch('body', '$', text(expectedBytes()), undefined, `Expected a body of '${expectedType?.base ?? expectedTypeText}' but the actual body was empty`));
    return out;
  }
  const actualType = parseMediaType(actualTypeText);
  if (expectedType && actualType && !equivalentTypes(expectedType, actualType)) {
    out.push(
      mismatch('bodyType', '$', expectedType.base, actualType.base, `Expected a body of '${expectedType.base}' but the actual content type was '${actualType.base}'`),
    );
    return out;
  }
  const kind = expectedType ? kindOf(expectedType) : 'binary';
  const body = compiled.body;
  // Byte-identical bodies without rules match whatever their type: no parse, no walk.
  if (!known && body.length === 0 && out.length === 0 && sameBytes(expectedBytes(), actualBytes)) return out;
  switch (kind) {
    case 'json':
      out.push(...matchJsonText(() => text(expectedBytes()), text(actualBytes), body, known));
      break;
    case 'xml':
      out.push(...matchXmlText(text(expectedBytes()), text(actualBytes), body));
      break;
    case 'text':
      out.push(...matchText(text(expectedBytes()), text(actualBytes), body));
      break;
    case 'form':
      out.push(...matchForm(text(expectedBytes()), text(actualBytes), body));
      break;
    case 'multipart':
      out.push(...matchMultipart(expectedBytes(), expectedTypeText, actualBytes, actualTypeText, body));
      break;
    default:
      out.push(...matchBinary(expectedBytes(), actualBytes, body));
  }
  return out;
}

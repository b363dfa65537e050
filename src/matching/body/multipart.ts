/**
 * multipart/form-data bodies: parts matched by name (`Content-Disposition: form-data; name="x"`);
 * each expected part must be present, its content type must agree, and its body is compared by
 * that type (JSON with the rules under `$.x`, text/binary with the rules on `$.x`).
 */
import { equivalentTypes, kindOf as mediaKind, parseMediaType } from '../content-type.js';
import { mismatch, show, type Mismatch } from '../mismatch.js';
import { formatSegment } from '../path.js';
import { applyRuleList, bodyCursor, type BodyRules } from '../rules.js';
import { compareJson } from './json.js';

interface Part {
  name: string;
  contentType: string | undefined;
  body: Uint8Array;
}

export function parseMultipart(bytes: Uint8Array, boundary: string): Part[] | { error: string } {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const delimiter = `--${boundary}`;
  let pos = text.indexOf(delimiter);
  if (pos < 0) return { error: `boundary '${boundary}' not found` };
  const parts: Part[] = [];
  for (let index = 0; ; index++) {
    pos += delimiter.length;
    if (text.startsWith('--', pos)) break; // closing delimiter
    const lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) return { error: 'truncated multipart body' };
    const headerStart = lineEnd + 1;
    let headerEnd = text.indexOf('\r\n\r\n', headerStart);
    let bodyStart = headerEnd + 4;
    const lf = text.indexOf('\n\n', headerStart);
    if (headerEnd < 0 || (lf >= 0 && lf < headerEnd)) {
      headerEnd = lf;
      bodyStart = lf + 2;
    }
    if (headerEnd < 0) return { error: 'multipart part without a header/body separator' };
    const next = text.indexOf(`\n${delimiter}`, bodyStart);
    if (next < 0) return { error: 'multipart body has no closing boundary' };
    const bodyEnd = text[next - 1] === '\r' ? next - 1 : next;
    const headers = new Map<string, string>();
    for (const line of text.slice(headerStart, headerEnd).split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = /(?:^|;)\s*name="?([^";]*)"?/i.exec(disposition)?.[1] ?? String(index);
    parts.push({ name, contentType: headers.get('content-type'), body: bytes.subarray(bodyStart, bodyEnd) });
    pos = next + 1;
  }
  return parts;
}

export function matchMultipart(
  expected: Uint8Array,
  expectedType: string,
  actual: Uint8Array,
  actualType: string | undefined,
  rules: BodyRules,
): Mismatch[] {
  const expectedBoundary = parseMediaType(expectedType)?.params.boundary;
  const actualBoundary = parseMediaType(actualType)?.params.boundary ?? expectedBoundary;
  if (!expectedBoundary) return [mismatch('body', '$', expectedType, actualType, `Expected content type '${expectedType}' has no multipart boundary`)];
  const expectedParts = parseMultipart(expected, expectedBoundary);
  if ('error' in expectedParts) return [mismatch('body', '$', undefined, undefined, `Failed to parse the expected body: ${expectedParts.error}`)];
  const actualParts = actualBoundary ? parseMultipart(actual, actualBoundary) : { error: 'no multipart boundary' };
  if ('error' in actualParts) return [mismatch('body', '$', undefined, undefined, `Failed to parse the actual body: ${actualParts.error}`)];

  const out: Mismatch[] = [];
  const root = bodyCursor(rules);
  const decoder = new TextDecoder();
  for (const part of expectedParts) {
    const path = `$${formatSegment(part.name)}`;
    const other = actualParts.find((p) => p.name === part.name);
    if (!other) {
      out.push(mismatch('body', path, part.name, undefined, `Expected a multipart part named '${part.name}' but was missing`));
      continue;
    }
    const eType = parseMediaType(part.contentType ?? 'text/plain');
    const aType = parseMediaType(other.contentType ?? 'text/plain');
    if (eType && aType && !equivalentTypes(eType, aType)) {
      out.push(mismatch('body', path, eType.base, aType.base, `Expected part '${part.name}' to have content type '${eType.base}' but was '${aType.base}'`));
      continue;
    }
    const cursor = root.child(part.name);
    const kind = eType ? mediaKind(eType) : 'text';
    if (kind === 'json') {
      try {
        compareJson(JSON.parse(decoder.decode(part.body)), JSON.parse(decoder.decode(other.body)), cursor, { parent: undefined, segment: part.name }, out);
      } catch (e) {
        out.push(mismatch('body', path, undefined, undefined, `Failed to parse part '${part.name}' as JSON: ${(e as Error).message}`));
      }
      continue;
    }
    const isText = kind === 'text' || kind === 'xml' || kind === 'form';
    const e: unknown = isText ? decoder.decode(part.body) : part.body;
    const a: unknown = isText ? decoder.decode(other.body) : other.body;
    const selected = cursor.best();
    const problems = selected ? applyRuleList(selected.value, e, a, { cascaded: false, distance: 0, stringly: true }) : null;
    if (problems !== null) {
      for (const message of problems) out.push(mismatch('body', path, e, a, message));
      continue;
    }
    if (!sameBytes(part.body, other.body))
      out.push(
        mismatch('body', path, e, a, isText ? `Expected part '${part.name}' to be ${show(e)} but was ${show(a)}` : `Expected part '${part.name}' (${part.body.length} bytes) to equal the actual part (${other.body.length} bytes)`),
      );
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Building mismatches and rendering values the way pact-reference words them. */
import { isInteger, JsonNumber, numberText } from '../pact/json-number.js';
import type { Mismatch, MismatchKind } from '../pact/model.js';

export type { Mismatch, MismatchKind };

export function mismatch(kind: MismatchKind, path: string, expected: unknown, actual: unknown, message: string): Mismatch {
  return { kind, path, expected, actual, message };
}

/** `Map`, `List`, `String`, `Integer`, `Decimal`, `Boolean`, `Null` (the reference's JSON type names). */
export function typeName(value: unknown): string {
  if (value === null) return 'Null';
  if (value === undefined) return 'Missing';
  if (Array.isArray(value)) return 'List';
  if (value instanceof Uint8Array) return 'Bytes';
  if (value instanceof JsonNumber) return value.integer ? 'Integer' : 'Decimal';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return isInteger(value) ? 'Integer' : 'Decimal';
    case 'boolean':
      return 'Boolean';
    default:
      return 'Map';
  }
}

const LIMIT = 120;

/** `'text'` for strings, JSON for the rest, shortened for messages. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${truncate(value)}'`;
  if (value === undefined) return 'nothing';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'number' || value instanceof JsonNumber) return numberText(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return truncate(text);
}

function truncate(text: string): string {
  return text.length > LIMIT ? `${text.slice(0, LIMIT - 3)}...` : text;
}

/** `1 element`, `2 elements`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Section headings, in the compatibility suite's words. */
const HEADINGS: Record<MismatchKind, string> = {
  status: 'Response status did not match',
  header: 'Headers had differences',
  body: 'Body had differences',
  bodyType: 'Body had differences',
  query: 'Query parameters had differences',
  method: 'Request method did not match',
  path: 'Request path did not match',
  metadata: 'Metadata had differences',
};

/** One heading per section that has mismatches, each followed by its mismatches (indented). */
export function summarize(mismatches: readonly Mismatch[]): string[] {
  const order: string[] = [];
  const bySection = new Map<string, string[]>();
  for (const m of mismatches) {
    const heading = HEADINGS[m.kind] ?? 'Other differences';
    let lines = bySection.get(heading);
    if (!lines) {
      lines = [];
      bySection.set(heading, lines);
      order.push(heading);
    }
    lines.push(m.path && m.kind !== 'status' ? `  ${m.path}: ${m.message}` : `  ${m.message}`);
  }
  return order.flatMap((heading) => [heading, ...(bySection.get(heading) ?? [])]);
}

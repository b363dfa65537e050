/**
 * The expected and actual bodies of a failed HTTP interaction as JSON values, kept on the result
 * so reports can show both documents side by side (the mismatches alone carry only the values at
 * the paths that differ). JSON bodies up to 1 MB each; anything else is left out.
 */
import type { Body } from '../pact/model.js';

const MAX_BYTES = 1024 * 1024;

function json(bytes: Uint8Array | undefined): { value: unknown } | undefined {
  if (!bytes || bytes.length === 0 || bytes.length > MAX_BYTES) return undefined;
  try {
    return { value: JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

export function jsonBodies(expected: Body, actual: Uint8Array): { expected: unknown; actual: unknown } | undefined {
  const e = expected.state === 'present' ? json(expected.bytes) : undefined;
  const a = e ? json(actual) : undefined;
  return e && a ? { expected: e.value, actual: a.value } : undefined;
}

/**
 * Data-driven matching cases: fixtures/matching/<version>/<area>/<sentence>.json, each
 * `{match, comment, expected, actual, mismatch?}`. `expected` is a response in that version's pact
 * syntax; it goes through parsePact (so the parser's version handling is exercised too).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matchResponse } from '../../../src/matching/index.js';
import { isHttpInteraction, parsePact, type ActualResponse, type MultiMap } from '../../../src/pact/index.js';
import { parseJsonText } from '../../../src/pact/json-text.js';

const root = fileURLToPath(new URL('../../../fixtures/matching', import.meta.url));
const VERSIONS: Record<string, string> = { v1: '1.0.0', v2: '2.0.0', v3: '3.0.0', v4: '4.0.0' };

interface Case {
  match: boolean;
  comment: string;
  expected: Record<string, unknown>;
  actual: { status?: number; headers?: Record<string, string | string[]>; body?: unknown; bodyBase64?: string };
  mismatch?: string;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : name.endsWith('.json') ? [full] : [];
  });
}

function actualResponse(a: Case['actual']): ActualResponse {
  const headers: MultiMap = {};
  for (const [k, v] of Object.entries(a.headers ?? {})) headers[k] = Array.isArray(v) ? v : [v];
  let bytes: Uint8Array | undefined;
  if (a.bodyBase64 !== undefined) bytes = new Uint8Array(Buffer.from(a.bodyBase64, 'base64'));
  else if (typeof a.body === 'string') bytes = new TextEncoder().encode(a.body);
  else if (a.body !== undefined) bytes = new TextEncoder().encode(JSON.stringify(a.body));
  const body = bytes === undefined || bytes.length === 0 ? { state: 'missing' as const } : { state: 'present' as const, bytes };
  return { status: a.status ?? 200, headers, body };
}

const cases = files(root)
  .sort()
  .map((file) => {
    const rel = relative(root, file);
    // Read as pact files are, so `677.0` in an expected body stays a decimal.
    return { rel, version: rel.split('/')[0] as string, data: parseJsonText(readFileSync(file, 'utf8')) as Case };
  });

describe('matching cases', () => {
  it('has enough cases, matching and not, in every spec version', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const v of Object.keys(VERSIONS)) {
      expect(cases.some((c) => c.version === v && c.data.match)).toBe(true);
      expect(cases.some((c) => c.version === v && !c.data.match)).toBe(true);
    }
  });

  it.each(cases)('$rel', ({ version, data }) => {
    const interaction: Record<string, unknown> = {
      description: 'case',
      request: { method: 'GET', path: '/' },
      response: data.expected,
    };
    if (version === 'v4') interaction.type = 'Synchronous/HTTP';
    const pact = parsePact(
      {
        consumer: { name: 'c' },
        provider: { name: 'p' },
        interactions: [interaction],
        metadata: { pactSpecification: { version: VERSIONS[version] } },
      },
      'case',
    );
    const parsed = pact.interactions[0];
    if (!parsed || !isHttpInteraction(parsed)) throw new Error('not an HTTP interaction');
    const mismatches = matchResponse(parsed.response, actualResponse(data.actual));
    const messages = mismatches.map((m) => `${m.path}: ${m.message}`);
    if (data.match) expect(messages, data.comment).toEqual([]);
    else {
      expect(messages.length, data.comment).toBeGreaterThan(0);
      if (data.mismatch !== undefined) expect(messages.join('\n'), data.comment).toContain(data.mismatch);
    }
  });
});

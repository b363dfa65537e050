/** fixtures/matching/<version>/<area>/<sentence>.json as conformance cases (each fixture's own verdict kept). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseJsonText } from '../../src/pact/json-text.js';
import type { ActualSpec, ConfCase, Spec } from './harness.js';

const VERSIONS: Record<string, Spec> = { v1: '1.0.0', v2: '2.0.0', v3: '3.0.0', v4: '4.0.0' };

export interface FixtureCase extends ConfCase {
  /** The verdict the fixture asserts. */
  match: boolean;
  file: string;
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? files(full) : name.endsWith('.json') ? [full] : [];
    });
}

export function fixtureCases(root: string): FixtureCase[] {
  const dir = path.join(root, 'fixtures', 'matching');
  return files(dir).map((file) => {
    const rel = path.relative(dir, file).replace(/\.json$/, '');
    const data = parseJsonText(readFileSync(file, 'utf8')) as { match: boolean; expected: Record<string, unknown>; actual: ActualSpec };
    const spec = VERSIONS[rel.split('/')[0] ?? ''] ?? '3.0.0';
    const actual = { ...data.actual };
    // The unit test sends no body for an empty one; so does the provider here.
    if (actual.body === '') delete actual.body;
    return { id: rel, spec, response: data.expected, actual, match: data.match, file: path.relative(root, file), tags: ['fixture', `fixture:${rel}`] };
  });
}

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastFailed } from '../../../src/verify/last-failed.js';
import { withStateQuery } from '../../../src/verify/state-change.js';
import { tempDir } from '../../support/cli.js';

function report(content: unknown): { dir: string; file: string } {
  const dir = tempDir('pactship-last-');
  writeFileSync(path.join(dir, 'report.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return { dir, file: 'report.json' };
}

const web = { consumer: 'Web', provider: 'Items' };

describe('lastFailed', () => {
  it('keeps the interactions pactship’s report marks failed (by consumer, provider and id)', async () => {
    const { dir, file } = report({
      pacts: [
        { ...web, interactions: [{ id: 'a', description: 'get a', status: 'passed' }, { id: 'b', description: 'get b', status: 'failed', pending: true }] },
        { consumer: 'Mobile', provider: 'Items', interactions: [{ id: 'a', description: 'get a', status: 'failed' }] },
      ],
    });
    const r = await lastFailed(file, dir);
    expect(r.note).toBe('--last-failed: verifying the 2 interactions that failed in the previous run (report.json)');
    expect(r.only?.label).toBe('interactions that failed in the previous run (report.json)');
    expect(r.only?.has(web, { id: 'a', description: 'get a' })).toBe(false);
    expect(r.only?.has(web, { id: 'b', description: 'get b' })).toBe(true);
    expect(r.only?.has({ consumer: 'Mobile', provider: 'Items' }, { id: 'a', description: 'get a' })).toBe(true);
  });

  it('reads the reference verifier’s report: key or id, else description', async () => {
    const { dir, file } = report({
      interactionResults: [
        { description: 'get a', interactionKey: 'k1', result: 'Error' },
        { description: 'get b', interactionId: 'i2', result: 'Error' },
        { description: 'get c', result: 'Error' },
        { description: 'get d', interactionKey: 'k4', result: 'OK' },
      ],
    });
    const only = (await lastFailed(file, dir)).only;
    expect(only?.has(web, { id: 'k1', description: 'renamed' })).toBe(true);
    expect(only?.has(web, { id: 'i2', description: 'x' })).toBe(true);
    expect(only?.has(web, { id: 'hash', description: 'get c' })).toBe(true);
    expect(only?.has(web, { id: 'k4', description: 'get d' })).toBe(false);
  });

  it('verifies everything when there is no report yet, or nothing failed (as the reference does)', async () => {
    const none = await lastFailed('missing.json', tempDir());
    expect(none).toEqual({ note: '--last-failed: no previous report at missing.json yet: verifying every interaction' });
    const { dir, file } = report({ pacts: [{ ...web, interactions: [{ id: 'a', status: 'passed' }] }] });
    expect((await lastFailed(file, dir)).only).toBeUndefined();
  });

  it('needs --json, and a file that is a report', async () => {
    await expect(lastFailed(undefined, tempDir())).rejects.toThrow('--last-failed needs the previous run’s JSON report: pass -j/--json <file>');
    const bad = report('{not json');
    await expect(lastFailed(bad.file, bad.dir)).rejects.toThrow(/report\.json is not JSON/);
    const other = report({ hello: 'world' });
    await expect(lastFailed(other.file, other.dir)).rejects.toThrow('--last-failed: report.json is not a verification report (no "pacts" or "interactionResults")');
  });
});

describe('withStateQuery (--state-change-as-query)', () => {
  it('puts params, action and state in the query as the reference does: sorted by name, non-strings as JSON', () => {
    const url = withStateQuery('http://h/state?x=1', { name: 'user exists', params: { id: 1, o: { a: 1 }, s: 'é&=', b: true } }, 'setup');
    expect(url).toBe('http://h/state?x=1&action=setup&b=true&id=1&o=%7B%22a%22%3A1%7D&s=%C3%A9%26%3D&state=user+exists');
    expect(withStateQuery('http://h/state', { name: '', params: {} }, 'teardown')).toBe('http://h/state?action=teardown&state=');
  });
});

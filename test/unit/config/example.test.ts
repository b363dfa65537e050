import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../../src/config/schema.js';
import { ROOT } from '../../support/cli.js';

describe('.pactrc.example', () => {
  const text = readFileSync(path.join(ROOT, '.pactrc.example'), 'utf8');
  it.each(SCHEMA.map((k) => k.path))('documents %s', (key) => {
    const [section, name] = key.split('.') as [string, string];
    const body = text.split(new RegExp(`^${section}:$`, 'm'))[1]?.split(/^\S/m)[0] ?? '';
    expect(body).toMatch(new RegExp(`^  (# )?${name}:`, 'm'));
  });
});

describe('.pactrc.example as a real config', () => {
  it('loads without a single problem', async () => {
    const { mkdtempSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadConfig } = await import('../../../src/config/load.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'pactship-example-'));
    copyFileSync(path.join(ROOT, '.pactrc.example'), path.join(dir, '.pactrc.yaml'));
    const resolved = await loadConfig({ cwd: dir, env: {} });
    expect(resolved.file).toBe(path.join(dir, '.pactrc.yaml'));
    expect(resolved.config.broker.retries).toBe(4);
  });
});

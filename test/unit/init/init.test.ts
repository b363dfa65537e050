import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import type { InitAnswers } from '../../../src/init/answers.js';
import { ask, withDefaults } from '../../../src/init/ask.js';
import { configFile, nextSteps } from '../../../src/init/render.js';

/** Writes what init would write into a fresh directory and loads it the way every command does. */
async function loadWritten(a: InitAnswers) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-init-'));
  const file = configFile(a);
  writeFileSync(path.join(dir, file.name), file.text);
  return { file, resolved: await loadConfig({ cwd: dir, env: {} }) };
}

const answers = (over: Partial<InitAnswers>): InitAnswers => ({ ...withDefaults({}), ...over });

describe('init: the written config', () => {
  it.each<[string, Partial<InitAnswers>]>([
    ['both roles, nothing known yet', {}],
    ['a consumer with a broker', { role: 'consumer', brokerBaseUrl: 'https://broker.example.com/pact', pactDir: 'build/pacts/' }],
    ['a provider with a state-change URL', { role: 'provider', provider: 'user-service', providerStart: 'npm start -- --port 9000', providerBaseUrl: 'http://localhost:9000', states: 'url', stateChangeUrl: 'http://localhost:9000/_pact/state' }],
    ['a provider with a name that needs quoting', { role: 'provider', provider: 'svc "x": #1 \\ \'y\'' }],
  ])('%s loads without problems and says what was asked', async (_name, over) => {
    const a = answers(over);
    const { file, resolved } = await loadWritten(a);
    expect(file.name).toBe('.pactrc');
    expect(resolved.config.broker.baseUrl).toBe(a.brokerBaseUrl);
    if (a.role !== 'provider') expect(resolved.config.publish.pactFiles).toEqual([`${a.pactDir.replace(/\/+$/, '')}/*.json`]);
    if (a.role !== 'consumer') {
      expect(resolved.config.verify.provider).toBe(a.provider);
      expect(resolved.config.verify.providerBaseUrl).toBe(a.providerBaseUrl);
      expect(resolved.config.verify.providerStart).toBe(a.providerStart);
      expect(resolved.config.verify.stateChangeUrl).toBe(a.stateChangeUrl);
    }
  });

  it('writes a JS config with a state-handler stub that fails until filled in', async () => {
    const { file, resolved } = await loadWritten(answers({ role: 'provider', provider: "o'neil", states: 'handlers' }));
    expect(file.name).toBe('pactship.config.mjs');
    expect(resolved.config.verify.provider).toBe("o'neil");
    const handler = Object.values(resolved.config.verify.stateHandlers ?? {})[0] as { setup: () => Promise<unknown> };
    await expect(handler.setup()).rejects.toThrow(/TODO/);
  });

  it('suggests three next commands for each role', () => {
    for (const role of ['consumer', 'provider', 'both'] as const) {
      const steps = nextSteps(answers({ role, provider: 'user-service' }));
      expect(steps).toHaveLength(3);
      expect(steps.map((s) => s.command).join('\n')).toMatch(role === 'consumer' ? /publish[\s\S]*can-i-deploy/ : role === 'provider' ? /verify[\s\S]*can-i-deploy/ : /publish[\s\S]*verify/);
    }
  });
});

describe('init: the questions', () => {
  async function answer(lines: string[], given = {}) {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d: Buffer) => (shown += d.toString()));
    input.end(lines.map((l) => `${l}\n`).join(''));
    const result = await ask(given, input, output);
    return { result, shown };
  }

  it('asks only what the flags left open, and Enter takes the default', async () => {
    const { result, shown } = await answer(['provider', '', 'user-service', '', 'node server.js', 'url', ''], {});
    expect(result).toMatchObject({ role: 'provider', provider: 'user-service', providerBaseUrl: 'http://localhost:8080', providerStart: 'node server.js', states: 'url', stateChangeUrl: 'http://localhost:8080/_pact/provider-states' });
    expect(result.brokerBaseUrl).toBeUndefined();
    expect(shown).toContain('[both]');
  });

  it('asks again after an invalid answer', async () => {
    const { result, shown } = await answer(['maybe', 'consumer', 'not a url', 'https://broker.example.com', './out/pacts']);
    expect(shown).toContain("must be one of consumer, provider, both, got 'maybe'");
    expect(shown).toContain("must be a URL");
    expect(result).toMatchObject({ role: 'consumer', brokerBaseUrl: 'https://broker.example.com', pactDir: './out/pacts' });
  });

  it('takes the flags without asking', async () => {
    const { result, shown } = await answer([], { role: 'consumer', brokerBaseUrl: 'https://b.example.com', pactDir: './pacts' });
    expect(shown).toBe('');
    expect(result.role).toBe('consumer');
  });
});

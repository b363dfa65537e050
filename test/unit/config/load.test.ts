import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError, UsageError } from '../../../src/errors.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-config-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('loadConfig precedence: flags > env > file > defaults', () => {
  const file = JSON.stringify({ broker: { baseUrl: 'http://file.example', retries: 1 }, publish: { branch: 'file-branch' } });

  it('takes the file over defaults, env over file, flags over env, and says where each came from', async () => {
    const cwd = dirWith({ '.pactrc.json': file });
    const r = await loadConfig({
      cwd,
      env: { PACT_BROKER_BASE_URL: 'http://env.example', PACT_BROKER_HTTP_RETRIES: '2' },
      flags: { 'broker.baseUrl': 'http://flag.example' },
      flagNames: { 'broker.baseUrl': '--broker-base-url' },
    });
    expect(r.config.broker.baseUrl).toBe('http://flag.example');
    expect(r.sources.get('broker.baseUrl')).toEqual({ kind: 'flag', name: '--broker-base-url' });
    expect(r.config.broker.retries).toBe(2);
    expect(r.sources.get('broker.retries')).toEqual({ kind: 'env', name: 'PACT_BROKER_HTTP_RETRIES' });
    expect(r.config.publish.branch).toBe('file-branch');
    expect(r.sources.get('publish.branch')).toEqual({ kind: 'file', file: path.join(cwd, '.pactrc.json') });
    expect(r.config.broker.timeoutMs).toBe(30_000);
    expect(r.sources.get('broker.timeoutMs')).toEqual({ kind: 'default' });
  });

  it('finds the config in a parent directory and in package.json#pactship', async () => {
    const parent = dirWith({ 'package.json': JSON.stringify({ name: 'x', pactship: { publish: { tags: ['a'] } } }) });
    const child = path.join(parent, 'sub');
    (await import('node:fs')).mkdirSync(child);
    const r = await loadConfig({ cwd: child, env: {} });
    expect(r.config.publish.tags).toEqual(['a']);
    expect(r.file).toBe(path.join(parent, 'package.json'));
  });

  it('loads YAML (.pactrc) and an explicit --config path', async () => {
    const cwd = dirWith({ '.pactrc': 'broker:\n  baseUrl: http://yaml.example\n', 'other.json': '{"broker":{"baseUrl":"http://other.example"}}' });
    expect((await loadConfig({ cwd, env: {} })).config.broker.baseUrl).toBe('http://yaml.example');
    expect((await loadConfig({ cwd, env: {}, configPath: 'other.json' })).config.broker.baseUrl).toBe('http://other.example');
  });

  it('loads a TypeScript config (types stripped, no typescript package needed)', async () => {
    const cwd = dirWith({
      'pactship.config.ts': [
        "interface Params { id?: number }",
        "const handlers: Record<string, (p: Params) => Promise<{ id: number }>> = { 'a user': async (p: Params) => ({ id: p.id ?? 1 }) };",
        "export default { broker: { baseUrl: 'http://ts.example' as string }, verify: { stateHandlers: handlers } };",
      ].join('\n'),
    });
    const r = await loadConfig({ cwd, env: {} });
    expect(r.config.broker.baseUrl).toBe('http://ts.example');
    expect(r.file).toBe(path.join(cwd, 'pactship.config.ts'));
    const handler = r.config.verify.stateHandlers?.['a user'] as (p: { id?: number }) => Promise<unknown>;
    expect(await handler({ id: 7 })).toEqual({ id: 7 });
  });

  it('loads functions from a JS config', async () => {
    const cwd = dirWith({
      'pactship.config.mjs': "export default { verify: { stateHandlers: { 'a user': async () => ({ id: 1 }) }, requestFilter: (r) => r } };",
    });
    const r = await loadConfig({ cwd, env: {} });
    expect(typeof r.config.verify.requestFilter).toBe('function');
    expect(typeof r.config.verify.stateHandlers?.['a user']).toBe('function');
  });
});

describe('loadConfig validation', () => {
  it('reports every problem at once as file: key.path: message, with did-you-mean', async () => {
    const cwd = dirWith({
      '.pactrc.json': JSON.stringify({
        broker: { baseUrl: 'not a url', retries: 'many', tokn: 'x' },
        publsh: {},
        verify: { providerBaseUrll: 'http://x' },
      }),
    });
    const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const file = path.join(cwd, '.pactrc.json');
    expect(problems).toEqual(
      expect.arrayContaining([
        `${file}: broker.baseUrl: must be an absolute http(s) URL, got 'not a url'`,
        `${file}: broker.retries: must be a non-negative integer, got string "many"`,
        `${file}: broker.tokn: unknown key (did you mean 'broker.token'?)`,
        `${file}: publsh: unknown key (did you mean 'publish'?)`,
        `${file}: verify.providerBaseUrll: unknown key (did you mean 'verify.providerBaseUrl'?)`,
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('names the env var of a bad env value', async () => {
    const error = await loadConfig({ cwd: dirWith({}), env: { PACT_BROKER_HTTP_RETRIES: 'lots' } }).catch((e: unknown) => e);
    expect((error as ConfigError).message).toContain("env PACT_BROKER_HTTP_RETRIES: must be a non-negative integer, got 'lots'");
  });

  it('rejects a config file with a syntax error, naming it', async () => {
    const cwd = dirWith({ '.pactrc.json': '{ "broker": ' });
    const error = await loadConfig({ cwd, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('.pactrc.json');
  });

  it('rejects a missing --config file', async () => {
    const error = await loadConfig({ cwd: dirWith({}), env: {}, configPath: 'nope.json' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/nope\.json: not found/);
  });
});

describe('auth resolution', () => {
  it('token and username/password at the same level is a usage error naming both', async () => {
    const error = await loadConfig({
      cwd: dirWith({}),
      env: { PACT_BROKER_TOKEN: 't0ken', PACT_BROKER_USERNAME: 'u', PACT_BROKER_PASSWORD: 'p' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('PACT_BROKER_TOKEN');
    expect((error as Error).message).toContain('PACT_BROKER_USERNAME');
  });

  it('as flags too', async () => {
    const error = await loadConfig({
      cwd: dirWith({}),
      env: {},
      flags: { 'broker.token': 't', 'broker.username': 'u', 'broker.password': 'p' },
      flagNames: { 'broker.token': '--broker-token', 'broker.username': '--broker-username' },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('--broker-token');
    expect((error as Error).message).toContain('--broker-username');
  });

  it('at different levels the higher wins and a note says which', async () => {
    const r = await loadConfig({
      cwd: dirWith({}),
      env: { PACT_BROKER_TOKEN: 'env-token' },
      flags: { 'broker.username': 'u', 'broker.password': 'p' },
      flagNames: { 'broker.username': '--broker-username' },
    });
    expect(r.config.broker.token).toBeUndefined();
    expect(r.config.broker.username).toBe('u');
    expect(r.notes.join('\n')).toContain('ignoring the token from env PACT_BROKER_TOKEN');
  });

  it('a username without a password is a usage error', async () => {
    const error = await loadConfig({ cwd: dirWith({}), env: { PACT_BROKER_USERNAME: 'u' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('password is missing');
  });
});

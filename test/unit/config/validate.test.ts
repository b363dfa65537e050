import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { SCHEMA, SCHEMA_BY_PATH, type KeySpec } from '../../../src/config/schema.js';
import { checkValue, validateConfigObject } from '../../../src/config/validate.js';
import { ConfigError } from '../../../src/errors.js';

const CANARY = 'c4n+ry/s3cr=t"q\\z';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-validate-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const problemsOf = async (files: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
  const error = await loadConfig({ cwd: dirWith(files), env }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  const e = error as ConfigError;
  return [e.message, ...e.problems].join('\n');
};

describe('secret values are never echoed, whatever their type', () => {
  const values: unknown[] = [123456, [CANARY], { v: CANARY }, true, `  `, null];
  it.each(['broker.token', 'broker.password'])('%s', (key) => {
    const spec = SCHEMA_BY_PATH.get(key)!;
    for (const value of values) {
      const checked = checkValue(spec, value);
      expect('problem' in checked, JSON.stringify(value)).toBe(true);
      const { problem } = checked as { problem: string };
      expect(problem).not.toContain(CANARY);
      expect(problem).not.toContain('123456');
      expect(problem).toMatch(/got (a|an|null)/);
    }
  });

  it('nor for a key named like a secret, nor for custom headers', async () => {
    const file = JSON.stringify({ broker: { customHeaders: { 'X-Api-Key': CANARY }, password: 424242 } });
    const text = await problemsOf({ '.pactrc.json': file });
    expect(text).toContain('broker.customHeaders: must be a string or a list of strings, got an object');
    expect(text).toContain('broker.password: must be a non-empty string, got a number');
    expect(text).not.toContain(CANARY.slice(0, 8));
    expect(text).not.toContain('424242');
    const likeSecret: KeySpec = { path: 'verify.apiKey', type: 'string', describe: '' };
    expect(JSON.stringify(checkValue(likeSecret, 987654))).not.toContain('987654');
  });

  it('nor from the environment', async () => {
    const text = await problemsOf({}, { PACT_BROKER_BASE_URL: `htp:/ci:${CANARY}@broker` });
    expect(text).toContain("env PACT_BROKER_BASE_URL: must be an http(s) URL, got 'htp:/*****@broker'");
    expect(text).not.toContain('s3cr');
  });

  it('a URL that does not parse is shown without its credentials', () => {
    const checked = checkValue(SCHEMA_BY_PATH.get('broker.baseUrl')!, 'ftp://ci:hunter2@broker.example') as { problem: string };
    expect(checked.problem).toBe("must be an http(s) URL, got 'ftp://*****@broker.example'");
  });

  it('unknown keys never show their value', () => {
    const { problems } = validateConfigObject({ broker: { tokn: CANARY } }, 'f');
    expect(problems).toEqual(["f: broker.tokn: unknown key (did you mean 'broker.token'?)"]);
  });
});

describe('numbers from the environment', () => {
  const numeric = SCHEMA.filter((k) => k.env && (k.type === 'number' || k.type === 'integer'));

  it('covers every numeric env var', () => {
    expect(numeric.map((k) => k.env)).toEqual(
      expect.arrayContaining(['PACT_BROKER_HTTP_RETRIES', 'PACT_BROKER_TIMEOUT_MS', 'PACT_BROKER_DEADLINE_MS', 'PACTSHIP_MAX_RESPONSE_MB']),
    );
  });

  it.each(numeric.flatMap((k) => ['abc', '-1', '0x10', '1e3', ' ', '2.5x'].map((raw) => [k.env!, k.type, raw] as const)))(
    '%s=%j is refused, quoting what was typed',
    async (name, type, raw) => {
      const text = await problemsOf({}, { [name]: raw });
      expect(text).toContain(`env ${name}: must be a non-negative ${type}, got '${raw}'`);
    },
  );

  it('integers refuse fractions; plain digits are accepted', async () => {
    expect(await problemsOf({}, { PACT_BROKER_HTTP_RETRIES: '1.5' })).toContain("must be a non-negative integer, got '1.5'");
    const ok = await loadConfig({ cwd: dirWith({}), env: { PACT_BROKER_HTTP_RETRIES: ' 2 ', PACTSHIP_MAX_RESPONSE_MB: '0.5', PACT_BROKER_DEADLINE_MS: '1000' } });
    expect(ok.config.broker.retries).toBe(2);
    expect(ok.config.broker.deadlineMs).toBe(1000);
    expect(ok.config.broker.maxResponseMb).toBe(0.5);
  });
});

describe('function-valued keys', () => {
  const stateHandlers = SCHEMA_BY_PATH.get('verify.stateHandlers')!;
  const fn = () => undefined;

  it('accepts functions and { setup, teardown } functions', () => {
    expect(checkValue(stateHandlers, { a: fn, b: { setup: fn }, c: { setup: fn, teardown: fn } })).toEqual({
      value: { a: fn, b: { setup: fn }, c: { setup: fn, teardown: fn } },
    });
  });

  it('names every bad entry and what it is', () => {
    const { problem } = checkValue(stateHandlers, { a: 1, b: {}, c: { setup: fn, teardown: 'x' }, d: { setup: fn, tear: fn }, e: fn }) as { problem: string };
    expect(problem).toBe(
      "4 bad entries: 'a': must be a function or { setup, teardown } functions, got number 1; " +
        "'b': an empty object (give setup and/or teardown functions); 'c'.teardown: must be a function, got string \"x\"; " +
        "'d'.tear: unknown key (only setup and teardown)",
    );
  });

  it("by type: a 'functions' key without setup/teardown takes functions only (e.g. verify.messageHandlers)", () => {
    const messageHandlers: KeySpec = { path: 'verify.messageHandlers', type: 'functions', describe: '' };
    expect(checkValue(messageHandlers, { 'a message': fn })).toEqual({ value: { 'a message': fn } });
    expect(checkValue(messageHandlers, { 'a message': { setup: fn } })).toEqual({ problem: "'a message': must be a function, got object {}" });
    expect(checkValue(messageHandlers, 'fn')).toEqual({ problem: 'must be an object of name → a function (only possible in a JS/TS config), got string "fn"' });
  });

  it('requestFilter must be a function; from a YAML file that is impossible and says so', async () => {
    const text = await problemsOf({ '.pactrc.yaml': 'verify:\n  requestFilter: "(r) => r"\n  stateHandlers:\n    a state: 1\n' });
    expect(text).toContain('verify.requestFilter: must be a function (only possible in a JS/TS config), got string "(r) => r"');
    expect(text).toContain("verify.stateHandlers: 'a state': must be a function or { setup, teardown } functions, got number 1");
  });

  it('from a JS config, functions load', async () => {
    const cwd = dirWith({ 'pactship.config.mjs': 'export default { verify: { requestFilter: (r) => r, stateHandlers: { s: { setup: async () => ({}) } } } };\n' });
    const resolved = await loadConfig({ cwd, env: {} });
    expect(typeof resolved.config.verify.requestFilter).toBe('function');
  });
});

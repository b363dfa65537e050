import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, Source } from '../../../src/config/types.js';
import { UsageError } from '../../../src/errors.js';
import {
  applyDefaults,
  envFlag,
  headerFlag,
  parseTransport,
  providerAddress,
  translateReferenceOptions,
  type CommandOptions,
} from '../../../src/verify/reference-options.js';
import { tempDir } from '../../support/cli.js';

const translate = (o: CommandOptions, env: NodeJS.ProcessEnv = {}, cwd = tempDir()) => translateReferenceOptions(o, env, cwd);

describe('headerFlag', () => {
  it.each([
    ['X-A=b', 'X-A: b'],
    ['Authorization=Bearer a=b', 'Authorization: Bearer a=b'],
    ['X-A: a=b', 'X-A: a=b'],
    ['X-A:b', 'X-A:b'],
    ['=x', '=x'],
  ])('%s → %s', (input, output) => expect(headerFlag(input)).toBe(output));
});

describe('envFlag (clap falsey values)', () => {
  it.each([
    [undefined, undefined],
    ['', false],
    ['false', false],
    ['NO', false],
    ['off', false],
    ['0', false],
    ['true', true],
    ['1', true],
    ['yes', true],
  ])('%s → %s', (input, output) => expect(envFlag(input)).toBe(output));
});

describe('parseTransport', () => {
  it('reads TRANSPORT:PORT[/path]', () => {
    expect(parseTransport('http:8080')).toEqual({ name: 'http', port: 8080 });
    expect(parseTransport('message:8081/messages/x')).toEqual({ name: 'message', port: 8081, path: '/messages/x' });
  });
  it.each(['8080', ':1', 'x:', 'x:y', 'x:1x', 'http:70000'])('rejects %s with the expected form', (value) => {
    expect(() => parseTransport(value)).toThrow(/expected TRANSPORT:PORT\[\/path\]/);
  });
});

describe('providerAddress (the reference defaults: localhost, the scheme port, http)', () => {
  const at = (p: Parameters<typeof providerAddress>[0]) => {
    const notes: string[] = [];
    return { ...providerAddress(p, notes), notes };
  };
  it('builds transport://host[:port][base path]; messages go to the provider URL', () => {
    expect(at({ transports: [] })).toEqual({ providerBaseUrl: 'http://localhost', messageUrl: 'http://localhost/', notes: [] });
    expect(at({ hostname: '127.0.0.1', port: 9000, basePath: 'api/', transports: [] })).toMatchObject({
      providerBaseUrl: 'http://127.0.0.1:9000/api',
      messageUrl: 'http://127.0.0.1:9000/api',
    });
    expect(at({ hostname: '::1', port: 1, transport: 'HTTPS', transports: [] }).providerBaseUrl).toBe('https://[::1]:1');
  });
  it('takes scheme, port and path from an http(s) transport and the message URL from a message one', () => {
    expect(at({ hostname: 'h', port: 1, basePath: '/b', transports: [parseTransport('https:2/api'), parseTransport('message:3/msg')] })).toEqual({
      providerBaseUrl: 'https://h:2/api',
      messageUrl: 'http://h:3/msg',
      notes: [],
    });
    expect(at({ transports: [parseTransport('message:3')] }).messageUrl).toBe('http://localhost:3/');
  });
  it('notes plugin transports and falls back to http', () => {
    const r = at({ transport: 'grpc', transports: [parseTransport('grpc:5555')] });
    expect(r.providerBaseUrl).toBe('http://localhost');
    expect(r.notes).toEqual([expect.stringContaining('--transport grpc'), expect.stringContaining('--transports grpc:5555: ignored')]);
  });
});

describe('translateReferenceOptions', () => {
  it('maps each reference name onto pactship’s option', async () => {
    const r = await translate({
      file: ['a.json'],
      url: ['https://b/pact'],
      brokerUrl: 'https://broker',
      user: 'u',
      password: 'secret-pw',
      providerName: 'Items',
      requestTimeout: 100,
      header: ['X-A=1', 'X-B: 2'],
      publish: true,
      providerVersion: '1.0',
      providerBranch: 'main',
      providerTags: ['a,b', 'c'],
      consumerVersionTags: ['prod,  dev'],
      ignoreNoPactsError: true,
      disableSslVerification: true,
    });
    expect(r.flags).toMatchObject({
      pact: ['a.json'],
      pactUrl: ['https://b/pact'],
      brokerBaseUrl: 'https://broker',
      brokerUsername: 'u',
      brokerPassword: 'secret-pw',
      provider: 'Items',
      timeout: 100,
      header: ['X-A: 1', 'X-B: 2'],
      publishVerificationResults: true,
      providerAppVersion: '1.0',
      providerVersionBranch: 'main',
      providerVersionTag: ['a', 'b', 'c'],
      consumerVersionTag: ['prod', 'dev'],
      failIfNoPacts: false,
      skipSslVerification: true,
      disableSslVerification: true,
    });
    expect(r.names).toMatchObject({ 'verify.provider': '-n/--provider-name', 'broker.baseUrl': '--broker-url', 'verify.timeoutMs': '--request-timeout' });
    // With tags, -n selects by tags: no "latest" default.
    expect(r.defaults).toEqual([]);
  });

  it('-n without selectors or tags selects the latest pact of each consumer, as the reference does', async () => {
    expect((await translate({ providerName: 'Items' })).defaults).toEqual([['verify.consumerVersionSelectors', [{ latest: true }], expect.any(String)]]);
    expect((await translate({}, { PACT_PROVIDER_NAME: 'Items' })).defaults).toHaveLength(1);
    expect((await translate({ provider: 'Items' }, { PACT_PROVIDER_NAME: 'Other' })).defaults).toEqual([]);
    expect((await translate({ providerName: 'Items', consumerVersionSelectors: ['{"branch":"x"}'] })).flags.consumerVersionSelector).toEqual(['{"branch":"x"}']);
  });

  it('-u: a URL is a pact URL (the reference’s -u/--url), anything else the broker username', async () => {
    const r = await translate({ brokerUsername: ['https://h/p1', 'ci', 'http://h/p2'] });
    expect(r.flags.pactUrl).toEqual(['https://h/p1', 'http://h/p2']);
    expect(r.flags.brokerUsername).toBe('ci');
    await expect(translate({ brokerUsername: ['a', 'b'] })).rejects.toThrow(/more than one username/);
  });

  it('-p that looks like a port, with no username anywhere, is an error that points at --port', async () => {
    const error = await translate({ brokerPassword: '8080' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).not.toContain('8080');
    expect((error as UsageError).hint).toContain('--port');
    await expect(translate({ brokerPassword: '8080', brokerUsername: ['ci'] })).resolves.toBeDefined();
    await expect(translate({ brokerPassword: '8080' }, { PACT_BROKER_USERNAME: 'ci' })).resolves.toBeDefined();
    await expect(translate({ brokerPassword: 'pässwörd' })).resolves.toBeDefined();
  });

  it('one setting under two names with different values is a usage error naming both', async () => {
    await expect(translate({ provider: 'A', providerName: 'B' })).rejects.toThrow('--provider and -n/--provider-name name the same setting with different values');
    await expect(translate({ brokerToken: 'a', token: 'b' })).rejects.toThrow(/--broker-token and --token/);
    await expect(translate({ provider: 'A', providerName: 'A' })).resolves.toBeDefined();
    await expect(translate({ providerBaseUrl: 'http://x', port: 1 })).rejects.toThrow(/--provider-base-url and --hostname/);
  });

  it('builds the provider URL from flags, else from PACT_PROVIDER_* (never over --provider-base-url)', async () => {
    const fromFlags = await translate({ hostname: 'h', port: 1 }, { PACT_PROVIDER_BASE_PATH: '/api' });
    expect(fromFlags.flags.providerBaseUrl).toBe('http://h:1/api');
    expect(fromFlags.defaults).toContainEqual(['verify.messageUrl', 'http://h:1/api', expect.any(String)]);
    const fromEnv = await translate({}, { PACT_PROVIDER_PORT: '2', PACT_PROVIDER_TRANSPORT: 'https' });
    expect(fromEnv.flags.providerBaseUrl).toBe('https://localhost:2');
    expect(fromEnv.names['verify.providerBaseUrl']).toMatch(/PACT_PROVIDER_/);
    expect((await translate({ providerBaseUrl: 'http://x:1' }, { PACT_PROVIDER_PORT: '2' })).flags.providerBaseUrl).toBe('http://x:1');
    expect((await translate({ transports: ['http:5 message:6/m'] })).defaults).toContainEqual(['verify.messageUrl', 'http://localhost:6/m', expect.any(String)]);
    await expect(translate({}, { PACT_PROVIDER_PORT: 'eighty' })).rejects.toThrow("PACT_PROVIDER_PORT must be a port number, got 'eighty'");
  });

  it('reads the reference’s env vars below flags', async () => {
    const env = {
      PACT_PROVIDER_STATE_CHANGE_URL: 'http://s/state',
      PACT_PROVIDER_STATE_CHANGE_AS_QUERY: 'true',
      PACT_PROVIDER_STATE_CHANGE_TEARDOWN: 'false',
      PACT_PROVIDER_REQUEST_TIMEOUT: '250',
      PACT_VERIFIER_JSON_REPORT: 'r.json',
      PACT_VERIFIER_JUNIT_REPORT: 'r.xml',
      PACT_VERIFIER_HTML_REPORT: 'r.html',
    };
    const r = await translate({}, env);
    expect(r.flags).toMatchObject({ stateChangeUrl: 'http://s/state', stateChangeAsQuery: true, stateChangeTeardown: false, timeout: 250 });
    expect(r.reports).toEqual({ json: 'r.json', junit: 'r.xml', html: 'r.html' });
    const flagged = await translate({ stateChangeUrl: 'http://f', stateChangeTeardown: true, timeout: 1, json: 'f.json' }, env);
    expect(flagged.flags).toMatchObject({ stateChangeUrl: 'http://f', stateChangeTeardown: true, timeout: 1 });
    expect(flagged.reports.json).toBe('f.json');
  });

  it('--webhook-callback-url (or PACT_WEBHOOK_CALLBACK_URL) verifies just that pact', async () => {
    expect((await translate({ webhookCallbackUrl: 'https://b/p' })).flags.pactUrl).toEqual(['https://b/p']);
    expect((await translate({}, { PACT_WEBHOOK_CALLBACK_URL: 'https://b/p' })).flags.pactUrl).toEqual(['https://b/p']);
    expect((await translate({ file: ['a.json'] }, { PACT_WEBHOOK_CALLBACK_URL: 'https://b/p' })).flags.pactUrl).toBeUndefined();
    await expect(translate({ webhookCallbackUrl: 'https://b/p', file: ['a.json'] })).rejects.toThrow(/does not combine/);
  });

  it('credentials given with --user/--password/--token and no broker go to the pact URL’s host', async () => {
    expect((await translate({ url: ['https://pacts.example/p/1'], token: 't0ken' })).defaults).toContainEqual(['broker.baseUrl', 'https://pacts.example', expect.any(String)]);
    // pactship's own credential options keep their meaning: broker origin only.
    expect((await translate({ url: ['https://pacts.example/p/1'], brokerToken: 't0ken' })).defaults).toEqual([]);
    expect((await translate({ url: ['https://pacts.example/p/1'], token: 't0ken', brokerUrl: 'https://broker' })).defaults).toEqual([]);
  });

  it('-d takes the directory’s own *.json, only the named provider’s pacts', async () => {
    const dir = tempDir('pactship-dir-');
    const pact = (provider: string) => JSON.stringify({ consumer: { name: 'Web' }, provider: { name: provider }, interactions: [] });
    writeFileSync(path.join(dir, 'a.json'), pact('Items'));
    writeFileSync(path.join(dir, 'b.json'), pact('Orders'));
    writeFileSync(path.join(dir, 'broken.json'), '{');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'sub', 'c.json'), pact('Items'));
    const all = await translate({ dir: [dir] });
    expect(all.flags.pact?.map((f) => path.basename(f))).toEqual(['a.json', 'b.json', 'broken.json']);
    const items = await translate({ dir: [dir], providerName: 'Items' });
    expect(items.flags.pact?.map((f) => path.basename(f))).toEqual(['a.json', 'broken.json']);
    expect(items.notes).toEqual([expect.stringMatching(/skipped .*b\.json: its provider is 'Orders', not 'Items'/)]);
    await expect(translate({ dir: [dir], providerName: 'Nobody' })).resolves.toBeDefined(); // broken.json stays: the parser reports it
    writeFileSync(path.join(dir, 'broken.json'), pact('Orders'));
    await expect(translate({ dir: [dir], providerName: 'Nobody' })).rejects.toThrow(/no pact for provider 'Nobody'/);
  });

  it('accepts the Rust-only options with one note', async () => {
    const r = await translate({ loglevel: 'debug', prettyLog: true, enableOtel: true, otelExporter: 'otlp' });
    expect(r.notes).toEqual(['ignored --loglevel, --pretty-log, --enable-otel, --otel-exporter: only the Rust verifier has them (use --verbose for a detailed log)']);
  });
});

describe('applyDefaults', () => {
  function resolved(sources: [string, Source][]): ResolvedConfig {
    const config = { verify: { consumerVersionSelectors: [{ mainBranch: true }], messageUrl: 'http://file/m' }, broker: {} } as unknown as ResolvedConfig['config'];
    return { config, sources: new Map(sources), notes: [] };
  }
  it('fills only what nothing set, keeping the source "default"', () => {
    const r = resolved([
      ['verify.consumerVersionSelectors', { kind: 'default' }],
      ['verify.messageUrl', { kind: 'file', file: '.pactrc' }],
    ]);
    const applied = applyDefaults(r, [
      ['verify.consumerVersionSelectors', [{ latest: true }], 'why'],
      ['verify.messageUrl', 'http://ref/m', 'why'],
      ['broker.baseUrl', 'https://b', 'why'],
    ]);
    expect(r.config.verify.consumerVersionSelectors).toEqual([{ latest: true }]);
    expect(r.config.verify.messageUrl).toBe('http://file/m');
    expect(r.config.broker.baseUrl).toBe('https://b');
    expect(r.sources.get('verify.consumerVersionSelectors')).toEqual({ kind: 'default' });
    expect(applied).toHaveLength(2);
  });
});

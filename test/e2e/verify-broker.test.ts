/** `pactship verify --provider …` with the stand-in broker: selection, pending/WIP, publishing results, unsent results. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { startTestProvider, type Handler, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3 } from '../support/provider/pacts.js';

let broker: StandInBroker;
let provider: TestProvider;
const items: Handler = (req) => {
  const m = /^\/items\/(\d+)$/.exec(req.path);
  return m ? { status: 200, body: { id: Number(m[1]), name: `item ${m[1]}` } } : { status: 404 };
};

beforeAll(async () => {
  broker = await startBroker();
  provider = await startTestProvider(items);
});
afterAll(async () => {
  await broker.close();
  await provider.close();
});
beforeEach(() => broker.reset());
afterEach(() => {
  provider.requests.length = 0;
  provider.events.length = 0;
});

const base = () => ['--broker-base-url', broker.url, '--provider-base-url', provider.url];
const goodPact = () => pactV3('Web', 'Items', [getItem(1), getItem(2)]);
const badPact = () => pactV3('Web', 'Items', [getItem(1), getItem(2, 'wrong name')]);

describe('broker sources', () => {
  it('POSTs the default selectors with includePendingStatus, fetches each pact by its self href, labels it by why it was selected', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--provider-version-branch', 'feat/x']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const fv = broker.requests.find((q) => q.method === 'POST' && q.path.endsWith('/for-verification'));
    expect(fv?.json).toEqual({
      consumerVersionSelectors: [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }],
      providerVersionBranch: 'feat/x',
      providerVersionTags: [],
      includePendingStatus: false,
    });
    expect(broker.requests.some((q) => q.method === 'GET' && /\/pact-version\/[^/]+\/metadata\/[^/]+$/.test(q.path))).toBe(true);
    // The header names the pact once, by why it was selected; the broker's long notice is for --verbose.
    expect(r.stdout).toContain('  - Web (1.0.0): latest from main branch');
    expect(r.stdout).not.toContain('is being verified because');
    expect(r.stdout).toMatch(/✓ get item 1/);
    expect(provider.requests.map((q) => q.path)).toEqual(['/items/1', '/items/2']);
  });

  it('sends the given selectors (and drops matchingBranch from the defaults when no branch is known)', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(3)]), consumerVersion: '1.1.0', branch: 'feat' });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--consumer-version-selector', '{"branch":"feat"}']);
    expect(r.code).toBe(0);
    expect(provider.requests.map((q) => q.path)).toEqual(['/items/3']);
    const fv = broker.requests.find((q) => q.path.endsWith('/for-verification'));
    expect((fv?.json as { consumerVersionSelectors: unknown }).consumerVersionSelectors).toEqual([{ branch: 'feat' }]);

    broker.requests.length = 0;
    const d = await runCli(['verify', '--provider', 'Items', ...base()]);
    expect(d.code).toBe(0);
    const fv2 = broker.requests.find((q) => q.path.endsWith('/for-verification'));
    expect((fv2?.json as { consumerVersionSelectors: unknown }).consumerVersionSelectors).toEqual([{ mainBranch: true }, { deployedOrReleased: true }]);
  });

  it('legacy --consumer-version-tag becomes {tag, latest: true}', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', tags: ['prod'] });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--consumer-version-tag', 'prod']);
    expect(r.code).toBe(0);
    const fv = broker.requests.find((q) => q.path.endsWith('/for-verification'));
    expect((fv?.json as { consumerVersionSelectors: unknown }).consumerVersionSelectors).toEqual([{ tag: 'prod', latest: true }]);
  });

  it('no pacts → exit 1 "verified nothing" naming the selectors; --no-fail-if-no-pacts → exit 0', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    const args = ['verify', '--provider', 'Items', ...base(), '--consumer-version-selector', '{"branch":"nope"}'];
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('verified nothing');
    expect(r.stderr).toContain('[{"branch":"nope"}]');
    const ok = await runCli([...args, '--no-fail-if-no-pacts']);
    expect(ok.code).toBe(0);
    expect(ok.all).toContain('verified nothing');
  });

  it('an unknown provider (404) is exit 2, never "no pacts"', async () => {
    const r = await runCli(['verify', '--provider', 'Nobody', ...base()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not know a provider named 'Nobody'");
    expect(r.stderr).not.toContain('verified nothing');
  });

  it('--pact-url sends broker credentials only to the broker origin', async () => {
    const secure = await startBroker({ auth: { token: 'tok-123' } });
    const pactServer = await startTestProvider(() => ({ status: 200, body: pactV3('Mobile', 'Items', [getItem(5)]) }));
    try {
      secure.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
      const brokerPactUrl = `${secure.url}/pacts/provider/Items/consumer/Web/version/1.0.0`;
      const r = await runCli([
        'verify',
        '--pact-url', brokerPactUrl,
        '--pact-url', `${pactServer.url}/mobile-items.json`,
        '--broker-base-url', secure.url,
        '--broker-token', 'tok-123',
        '--provider-base-url', provider.url,
      ]);
      expect(r.code).toBe(0);
      expect(r.all).not.toContain('tok-123');
      expect(secure.requests.find((q) => q.path.includes('/version/1.0.0'))?.headers['authorization']).toBe('Bearer tok-123');
      expect(pactServer.requests[0]?.headers['authorization']).toBeUndefined();
      expect(provider.requests.map((q) => q.path)).toEqual(['/items/1', '/items/2', '/items/5']);
    } finally {
      await secure.close();
      await pactServer.close();
    }
  });
});

describe('pending and WIP', () => {
  it('a failing pending pact exits 0 and its result is published as a failure, after recording branch and tags', async () => {
    broker.publishPact({ pact: badPact(), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli([
      'verify', '--provider', 'Items', ...base(),
      '--enable-pending', '--provider-version-branch', 'main', '--provider-version-tag', 'dev',
      '--publish-verification-results', '-a', '2.0.0', '--build-url', 'https://ci.example/build/7',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[pending]');
    expect(r.stdout).toContain('pending: does not fail the build');
    expect(r.all).toContain('in pending state');
    const fv = broker.requests.find((q) => q.path.endsWith('/for-verification'));
    expect((fv?.json as { includePendingStatus: boolean }).includePendingStatus).toBe(true);
    const v = broker.state.verifications.at(-1);
    expect(v?.success).toBe(false);
    expect(v?.providerVersion).toBe('2.0.0');
    expect(v?.buildUrl).toBe('https://ci.example/build/7');
    expect(v?.verifiedBy).toMatchObject({ implementation: 'pactship' });
    const results = v?.testResults as { interactionDescription: string; success: boolean; mismatches?: { attribute: string; identifier: string }[] }[];
    expect(results.map((t) => [t.interactionDescription, t.success])).toEqual([
      ['get item 1', true],
      ['get item 2', false],
    ]);
    expect(results[1]?.mismatches?.[0]).toMatchObject({ attribute: 'body', identifier: '$.name' });
    const version = broker.state.version('Items', '2.0.0');
    expect(version?.branches).toContain('main');
    expect(version?.tags).toContain('dev');
    // Branch and tag were recorded before the result was posted.
    const order = broker.requests.filter((q) => q.method !== 'GET').map((q) => q.method + ' ' + (q.path.includes('verification-results') ? 'results' : q.path.includes('/branches/') ? 'branch' : q.path.includes('/tags/') ? 'tag' : q.path));
    expect(order.indexOf('PUT branch')).toBeLessThan(order.indexOf('POST results'));
    expect(order.indexOf('PUT tag')).toBeLessThan(order.indexOf('POST results'));
  });

  it('the same failure without pending exits 1', async () => {
    broker.publishPact({ pact: badPact(), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--provider-version-branch', 'main']);
    expect(r.code).toBe(1);
  });

  it('includes WIP pacts since a date, marked WIP and pending', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(9)]), consumerVersion: '1.1.0', branch: 'feat-new' });
    const r = await runCli([
      'verify', '--provider', 'Items', ...base(),
      '--consumer-version-selector', '{"mainBranch":true}',
      '--enable-pending', '--include-wip-pacts-since', '2000-01-01', '--provider-version-branch', 'main',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[WIP, pending\]/);
    expect(r.stdout).toContain("'work in progress' pact");
    expect(provider.requests.map((q) => q.path)).toContain('/items/9');
    const fv = broker.requests.find((q) => q.path.endsWith('/for-verification'));
    expect((fv?.json as { includeWipPactsSince: string }).includeWipPactsSince).toBe('2000-01-01');
  });
});

describe('publishing results', () => {
  it('publishes a success with testResults per interaction', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--provider-version-branch', 'main', '--publish-verification-results', '-a', '3.0.0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('published verification results');
    const v = broker.state.verifications.at(-1);
    expect(v).toMatchObject({ success: true, providerVersion: '3.0.0', consumerVersions: ['1.0.0'] });
    expect((v?.testResults as unknown[]).length).toBe(2);
  });

  it('a filtered run never publishes, and says so', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--publish-verification-results', '-a', '3.0.0', '--filter-description', 'item 1']);
    expect(r.code).toBe(0);
    expect(r.all).toContain('results not published: this run was filtered');
    expect(broker.requests.some((q) => q.path.includes('verification-results'))).toBe(false);
    expect(broker.state.verifications).toHaveLength(0);
  });

  it('results that cannot be posted are saved (exit 2) and `publish-results <file>` sends them later', async () => {
    broker.publishPact({ pact: goodPact(), consumerVersion: '1.0.0', branch: 'main' });
    const cwd = tempDir('pactship-cwd-');
    broker.fault({ method: 'POST', path: /verification-results$/, status: 503 });
    const r = await runCli(['verify', '--provider', 'Items', ...base(), '--publish-verification-results', '-a', '4.0.0', '--provider-version-branch', 'main'], {
      cwd,
      env: { PACT_BROKER_HTTP_RETRIES: '1' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('could not be published');
    expect(r.stderr).toContain('pactship publish-results .pactship/unsent-results/');
    const dir = path.join(cwd, '.pactship/unsent-results');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const saved = JSON.parse(readFileSync(path.join(dir, files[0] as string), 'utf8')) as { providerVersion: string; branch: string; results: { payload: { success: boolean } }[] };
    expect(saved).toMatchObject({ providerVersion: '4.0.0', branch: 'main' });
    expect(saved.results[0]?.payload.success).toBe(true);
    expect(broker.state.verifications).toHaveLength(0);

    broker.clearFaults();
    const resend = await runCli(['publish-results', path.join('.pactship/unsent-results', files[0] as string), '--broker-base-url', broker.url], { cwd });
    expect(resend.code).toBe(0);
    expect(broker.state.verifications).toHaveLength(1);
    expect(broker.state.verifications[0]).toMatchObject({ success: true, providerVersion: '4.0.0' });
    expect(existsSync(path.join(dir, files[0] as string))).toBe(false);
  });

  it('Ctrl-C during verification: the in-flight interaction is not reported, nothing is published, the report says interrupted, exit 130', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2), getItem(3)]), consumerVersion: '1.0.0', branch: 'main' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = await startTestProvider(async (req) => {
      if (req.path === '/items/2') await gate;
      return items(req);
    });
    try {
      const cwd = tempDir('pactship-cwd-');
      const child = spawn(
        process.execPath,
        [BIN, 'verify', '--provider', 'Items', '--broker-base-url', broker.url, '--provider-base-url', slow.url, '--provider-version-branch', 'main', '--publish-verification-results', '-a', '5.0.0', '--json', 'r.json'],
        { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
      for (let i = 0; i < 100 && !slow.requests.some((q) => q.path === '/items/2'); i++) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGINT');
      for (let i = 0; i < 100 && !out.includes('cleaning up'); i++) await new Promise((r) => setTimeout(r, 50));
      release();
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect(code).toBe(130);
      expect(out).toMatch(/✓ get item 1/);
      expect(out).not.toMatch(/get item 2 \(/);
      expect(out).toContain('nothing was published');
      expect(slow.requests.map((q) => q.path)).toEqual(['/items/1', '/items/2']);
      expect(broker.requests.some((q) => q.path.includes('verification-results'))).toBe(false);
      // The report asked for is written with what finished, marked interrupted.
      const report = JSON.parse(readFileSync(path.join(cwd, 'r.json'), 'utf8')) as { interrupted?: boolean; pacts: { interactions: { description: string }[] }[] };
      expect(report.interrupted).toBe(true);
      expect(report.pacts[0]?.interactions.map((i) => i.description)).toEqual(['get item 1']);
    } finally {
      release();
      await slow.close();
    }
  });
});

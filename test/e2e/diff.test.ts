/**
 * `pactship diff` through the built binary against the stand-in broker, on fixtures/diff (web-app's
 * pacts on main and in a PR: V2, V3, V4, HTTP and messages, four providers).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';

let broker: StandInBroker;
const FIXTURES = path.join(ROOT, 'fixtures/diff');
const PR = path.join(FIXTURES, 'pr');
const read = (which: string, provider: string) => JSON.parse(readFileSync(path.join(FIXTURES, which, `web-app-${provider}.json`), 'utf8')) as object;

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_HTTP_RETRIES: '0', ...env } });
const json = async (args: string[]) => {
  const r = await cli([...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

function publishMain(version = 'm1'): void {
  for (const p of ['user-service', 'order-service', 'order-events', 'legacy-service']) {
    broker.publishPact({ pact: read('main', p), consumerVersion: version, branch: 'main' });
  }
}

beforeAll(async () => {
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
});
beforeEach(() => broker.reset());

type ProviderJson = {
  provider: string;
  status: string;
  comparisons: { against: { consumerVersion?: string } | null; diff: { added: { description: string; kind: string }[]; removed: { description: string }[]; changed: { interaction: { description: string }; changes: { path: string; change: string }[] }[]; unchanged: number } }[];
  verification?: { environment: string; providerVersions: { version: string; status: string; viaConsumerVersion?: string; againstStatus?: string }[] }[];
  needsProviderWork: boolean | null;
};
const byProvider = (doc: { results: { providers: ProviderJson[] }[] }) => Object.fromEntries(doc.results[0]!.providers.map((p) => [p.provider, p]));
const summary = (p: ProviderJson) => {
  const d = p.comparisons[0]!.diff;
  return {
    status: p.status,
    added: d.added.map((i) => `${i.kind}: ${i.description}`),
    removed: d.removed.map((i) => i.description),
    changed: d.changed.map((c) => `${c.interaction.description}: ${c.changes.map((x) => `${x.change} ${x.path}`).join('; ')}`),
    unchanged: d.unchanged,
  };
};

describe('pactship diff — what changed', () => {
  it("against the consumer's main branch (the default): added, removed and changed interactions per provider, V2/V3/V4 and messages", async () => {
    publishMain();
    const doc = await json(['diff', PR]);
    expect(doc.results[0].consumer).toBe('web-app');
    expect(doc.results[0].against).toEqual({ kind: 'branch', branch: 'main', mainBranch: true, description: 'branch main (the main branch)' });
    const p = byProvider(doc);
    expect(Object.keys(p)).toEqual(['order-events', 'order-service', 'user-service', 'legacy-service']);
    expect(summary(p['user-service']!)).toEqual({
      status: 'changed',
      added: ['http: create a user'],
      removed: ['delete user 1'],
      changed: [
        'get user 1: changed request.headers.accept; added response.body.email; changed response.matchingRules.body["$.name"].matchers[0].match; added response.matchingRules.body["$.name"].matchers[0].regex',
      ],
      unchanged: 1,
    });
    expect(summary(p['order-service']!)).toEqual({
      status: 'changed',
      added: [],
      removed: [],
      changed: ['cancel order 1: added providerStates[0].params.status; changed response.status'],
      unchanged: 1,
    });
    expect(summary(p['order-events']!)).toEqual({
      status: 'changed',
      added: ['message: an order shipped event', 'sync-message: get order status'],
      removed: [],
      changed: [
        'an order created event: removed contents.total; added contents.amount; changed metadata.topic; removed matchingRules.body["$.total"]; added matchingRules.body["$.amount"]',
      ],
      unchanged: 1,
    });
    expect(summary(p['legacy-service']!)).toEqual({ status: 'removed', added: [], removed: ['ping'], changed: [], unchanged: 0 });
    expect(p['user-service']!.comparisons[0]!.against?.consumerVersion).toBe('m1');

    // The broker was only read: for-verification per provider (read-only credentials may do that).
    expect(broker.requests.filter((q) => !['GET', 'POST'].includes(q.method))).toEqual([]);
    expect(broker.requests.filter((q) => q.method === 'POST').every((q) => q.path.endsWith('/for-verification'))).toBe(true);
    expect(broker.state.pacts.filter((x) => x.consumerVersion !== 'm1')).toEqual([]);
  });

  it('text output reads as a structural diff; -o markdown and $GITHUB_STEP_SUMMARY carry the PR-comment form; exit 0 although there are changes', async () => {
    publishMain();
    const r = await cli(['diff', PR]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('web-app against branch main (the main branch)');
    expect(r.stdout).toContain('user-service: changed');
    expect(r.stdout).toContain('compared with web-app m1, latest from branch main: 1 added, 1 removed, 1 changed, 1 unchanged');
    expect(r.stdout).toContain('+ added   POST /users "create a user"');
    expect(r.stdout).toContain('- removed DELETE /users/1 "delete user 1" given "user 1 exists"');
    expect(r.stdout).toContain('~ changed GET /users/1 "get user 1" given "user 1 exists"');
    expect(r.stdout).toContain('      request.headers.accept: "application/json" → "application/hal+json"');
    expect(r.stdout).toContain('      response.body.email: added "mary@example.com"');
    expect(r.stdout).toContain('pact specification 3.0.0 → 4.0');
    expect(r.stdout).toContain('legacy-service: removed');

    const summaryFile = path.join(tempDir(), 'summary.md');
    writeFileSync(summaryFile, '# earlier step\n');
    const md = await cli(['diff', PR, '-o', 'markdown'], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### Pact diff: web-app against branch main (the main branch)');
    expect(md.stdout).toContain('| user-service | changed | 1 | 1 | 1 | 1 |');
    expect(md.stdout).toContain('| legacy-service | removed | 0 | 1 | 0 | 0 | — |');
    expect(md.stdout).toContain('- `GET /users/1` get user 1 _given user 1 exists_');
    expect(md.stdout).toContain('  - `response.status` `200` → `204`');
    const written = readFileSync(summaryFile, 'utf8');
    expect(written.startsWith('# earlier step\n### Pact diff: web-app')).toBe(true);
    expect(written).toContain(md.stdout.trim());
  });

  it('nothing changed: every provider unchanged', async () => {
    publishMain();
    const doc = await json(['diff', path.join(FIXTURES, 'main')]);
    expect(doc.results[0].providers.map((p: ProviderJson) => [p.provider, p.status, p.comparisons[0]?.diff.unchanged])).toEqual([
      ['legacy-service', 'unchanged', 1],
      ['order-events', 'unchanged', 2],
      ['order-service', 'unchanged', 2],
      ['user-service', 'unchanged', 3],
    ]);
  });

  it('a consumer the broker does not know yet: every interaction is new (exit 0)', async () => {
    const doc = await json(['diff', PR]);
    expect(doc.results[0].against).toMatchObject({ kind: 'nothing' });
    expect(doc.results[0].providers.map((p: ProviderJson) => [p.provider, p.status, p.comparisons[0]?.diff.added.length, p.comparisons[0]?.against])).toEqual([
      ['order-events', 'new', 4, null],
      ['order-service', 'new', 2, null],
      ['user-service', 'new', 3, null],
    ]);
  });
});

describe('pactship diff — would publishing need provider work?', () => {
  it('per environment, from the matrix: verified by the deployed provider version (same interactions), or not yet', async () => {
    publishMain();
    broker.recordVerification({ consumer: 'web-app', provider: 'user-service', consumerVersion: 'm1', providerVersion: 'u1', success: true });
    broker.recordDeployment({ pacticipant: 'user-service', version: 'u1', environment: 'production' });
    broker.recordVerification({ consumer: 'web-app', provider: 'order-service', consumerVersion: 'm1', providerVersion: 'o1', success: true });
    broker.recordDeployment({ pacticipant: 'order-service', version: 'o1', environment: 'production' });
    // The PR's order-service pact was already published from its branch and verified by o2, deployed to test.
    broker.publishPact({ pact: read('pr', 'order-service'), consumerVersion: 'pr1', branch: 'feat/x' });
    broker.recordVerification({ consumer: 'web-app', provider: 'order-service', consumerVersion: 'pr1', providerVersion: 'o2', success: true });
    broker.recordDeployment({ pacticipant: 'order-service', version: 'o2', environment: 'test' });

    const p = byProvider(await json(['diff', PR]));
    expect(p['user-service']!.verification).toEqual([
      { environment: 'test', production: false, providerVersions: [] },
      { environment: 'production', production: true, providerVersions: [{ version: 'u1', how: ['deployed'], status: 'not-verified', againstStatus: 'verified' }] },
    ]);
    expect(p['user-service']!.needsProviderWork).toBe(true);
    expect(p['order-service']!.verification).toEqual([
      { environment: 'test', production: false, providerVersions: [{ version: 'o2', how: ['deployed'], status: 'verified', viaConsumerVersion: 'pr1', againstStatus: 'not-verified' }] },
      { environment: 'production', production: true, providerVersions: [{ version: 'o1', how: ['deployed'], status: 'not-verified', againstStatus: 'verified' }] },
    ]);
    expect(p['order-events']!.needsProviderWork).toBeNull();
    expect(p['legacy-service']!.verification).toBeUndefined();

    const r = await cli(['diff', PR]);
    expect(r.stdout).toMatch(/production {2}o1 \(deployed\) {2}✗ not verified yet — the compared pact: verified/);
    expect(r.stdout).toMatch(/test {8}o2 \(deployed\) {2}✓ verified \(identical pact of consumer version pr1\)/);
    expect(r.stdout).toContain('→ needs provider work: order-service in production (o1) has not verified these interactions');
    expect(r.stdout).toContain('order-events is not deployed or released in any environment: no verification to check');

    // Publishing the main pacts again needs nothing new from user-service.
    const same = byProvider(await json(['diff', path.join(FIXTURES, 'main', 'web-app-user-service.json')]));
    expect(same['user-service']!.needsProviderWork).toBe(false);
    const text = await cli(['diff', path.join(FIXTURES, 'main', 'web-app-user-service.json')]);
    expect(text.stdout).toContain('→ no new provider work: every user-service version in an environment has verified these interactions');
  });

  it('an older broker without environments: the diff, and a note instead of the verification check', async () => {
    const old = await startBroker({ omitRelations: ['pb:environments'] });
    try {
      old.publishPact({ pact: read('main', 'user-service'), consumerVersion: 'm1', branch: 'main' });
      const r = await runCli(['diff', path.join(PR, 'web-app-user-service.json')], { env: { PACT_BROKER_BASE_URL: old.url, PACT_BROKER_HTTP_RETRIES: '0' } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('1 added, 1 removed, 1 changed, 1 unchanged');
      expect(r.stdout).toContain('the broker has no environments (an older pact_broker): no verification check');
    } finally {
      await old.close();
    }
  });

  it('a failed verification of the same interactions is reported as failed', async () => {
    broker.publishPact({ pact: read('main', 'user-service'), consumerVersion: 'm1', branch: 'main' });
    broker.recordVerification({ consumer: 'web-app', provider: 'user-service', consumerVersion: 'm1', providerVersion: 'u1', success: false });
    broker.recordDeployment({ pacticipant: 'user-service', version: 'u1', environment: 'test' });
    const p = byProvider(await json(['diff', path.join(FIXTURES, 'main', 'web-app-user-service.json')]));
    expect(p['user-service']!.verification?.[0]?.providerVersions).toEqual([{ version: 'u1', how: ['deployed'], status: 'failed', viaConsumerVersion: 'm1', againstStatus: 'failed' }]);
    expect(p['user-service']!.needsProviderWork).toBe(true);
  });
});

describe('pactship diff --against', () => {
  beforeEach(() => {
    publishMain('m1');
    broker.publishPact({ pact: read('pr', 'user-service'), consumerVersion: 'f1', branch: 'feat/users' });
    broker.recordDeployment({ pacticipant: 'web-app', version: 'm1', environment: 'production' });
  });
  const against = async (...flags: string[]) => {
    const doc = await json(['diff', path.join(PR, 'web-app-user-service.json'), ...flags]);
    const p = byProvider(doc)['user-service']!;
    return [doc.results[0].against.kind, p.comparisons[0]?.against?.consumerVersion, p.status];
  };

  it('a branch, a version or an environment, looked up by name or said explicitly', async () => {
    expect(await against('--against', 'feat/users')).toEqual(['branch', 'f1', 'unchanged']);
    expect(await against('--against', 'm1')).toEqual(['version', 'm1', 'changed']);
    expect(await against('--against', 'production')).toEqual(['environment', 'm1', 'changed']);
    expect(await against('--against-branch', 'main')).toEqual(['branch', 'm1', 'changed']);
    expect(await against('--against-version', 'f1')).toEqual(['version', 'f1', 'unchanged']);
    expect(await against('--against-environment', 'production')).toEqual(['environment', 'm1', 'changed']);
    // Nothing of web-app is in the test environment: every interaction is new there.
    expect(await against('--against-environment', 'test')).toEqual(['environment', undefined, 'new']);
  });

  it('an ambiguous name is not guessed; unknown names list what exists; exit 2', async () => {
    const env = await cli(['create-environment', '--name', 'main']);
    expect(env.code).toBe(0);
    const ambiguous = await cli(['diff', PR, '--against', 'main']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("error: --against 'main' is ambiguous: it is a branch of web-app and an environment");
    expect(ambiguous.stderr).toContain('hint: Say which: --against-branch main or --against-environment main');

    const unknown = await cli(['diff', PR, '--against', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: cannot compare: 'nope' is not a branch or version of web-app, nor an environment, in the Pact Broker");
    expect(unknown.stderr).toContain("branches of web-app: 'main', 'feat/users'");
    expect(unknown.stderr).toContain("environments: 'test', 'production', 'main'");
    for (const [flag, message] of [
      ['--against-branch', "web-app has no branch 'nope'"],
      ['--against-version', "web-app has no version 'nope'"],
      ['--against-environment', "the Pact Broker has no environment 'nope'"],
    ] as const) {
      const r = await cli(['diff', PR, flag, 'nope']);
      expect.soft(r.code, flag).toBe(2);
      expect.soft(r.stderr, flag).toContain(`error: cannot compare: ${message}`);
    }
    const two = await cli(['diff', PR, '--against', 'main', '--against-version', 'm1']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('use one of --against, --against-version, not several');
  });
});

describe('pactship diff — cannot compare (exit 2)', () => {
  it('no main branch known, an invalid pact, two pacts for one pair, no pact files, an unreachable broker', async () => {
    broker.publishPact({ pact: read('main', 'user-service'), consumerVersion: 'x1' });
    const noMain = await cli(['diff', PR]);
    expect(noMain.code).toBe(2);
    expect(noMain.stderr).toContain('error: cannot compare: web-app has no main branch set in the Pact Broker');
    expect(noMain.stderr).toContain('pactship create-or-update-pacticipant --name web-app --main-branch main');

    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.json'), '{"consumer": {"name": "web-app"}, "interactions": [');
    const invalid = await cli(['diff', path.join(dir, 'broken.json'), '--against-version', 'x1']);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/error: broken\.json|error: .*broken\.json/);
    expect(invalid.stderr).toContain('Nothing was compared');

    const twice = tempDir();
    copyFileSync(path.join(PR, 'web-app-user-service.json'), path.join(twice, 'a.json'));
    copyFileSync(path.join(PR, 'web-app-user-service.json'), path.join(twice, 'b.json'));
    const dup = await cli(['diff', twice, '--against-version', 'x1']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/cannot compare: two local pacts between web-app and user-service: .*a\.json and .*b\.json/);

    const none = await runCli(['diff'], { cwd: tempDir(), env: { PACT_BROKER_BASE_URL: broker.url } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no pact files found (tried: ./pacts/*.json)');

    const down = await runCli(['diff', PR], { env: { PACT_BROKER_BASE_URL: `http://127.0.0.1:${await freePort()}`, PACT_BROKER_HTTP_RETRIES: '0' } });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('could not reach the Pact Broker');
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("diffPacts from 'pactship'", () => {
  it('is the library form of the command', async () => {
    publishMain();
    const code = `
      import { BrokerClient, diffPacts, loadLocalPacts } from 'pactship';
      const client = new BrokerClient({ baseUrl: process.env.BROKER, retries: 0 });
      const pacts = await loadLocalPacts([${JSON.stringify(path.join(PR, 'web-app-user-service.json'))}], process.cwd());
      const report = await diffPacts({ client, pacts, against: { kind: 'version', value: 'm1' } });
      const p = report.results[0].providers[0];
      console.log(JSON.stringify([report.results[0].against.kind, p.provider, p.status, p.comparisons[0].diff.added.length]));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', BROKER: broker.url } });
    expect(JSON.parse(stdout)).toEqual(['version', 'user-service', 'changed', 1]);
  });
});

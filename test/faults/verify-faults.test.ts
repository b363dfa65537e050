/**
 * The verify side of issue #9 (and its #12 items), through the built CLI against the stand-in
 * broker behind a fault server and real providers on loopback: verify never reports green when
 * nothing was verified, never loses or duplicates results, and says where unsent ones are.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runBin, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, writePact } from '../support/provider/pacts.js';
import { startFaultyBroker, type FaultyBroker } from './brokers.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

let fb: FaultyBroker;
let provider: TestProvider;

beforeAll(async () => {
  fb = await startFaultyBroker({ prefix: '/pact' });
  provider = await startTestProvider((req) => {
    const m = /^\/items\/(\d+)$/.exec(req.path);
    return m ? { status: 200, body: { id: Number(m[1]), name: `item ${m[1]}` } } : { status: 404 };
  });
});
afterAll(async () => {
  await fb.close();
  await provider.close();
});
beforeEach(() => fb.reset());

const seed = (consumer = 'Web', version = '1.0.0') =>
  fb.broker.publishPact({ pact: pactV3(consumer, 'Items', [getItem(1)]), consumerVersion: version, branch: 'main' });
const RESULTS = /\/verification-results$/;
const posts = () => fb.faults.requests.filter((q) => q.method === 'POST' && RESULTS.test(q.path));
const unsentFiles = (cwd: string) => {
  const dir = path.join(cwd, '.pactship/unsent-results');
  return existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
};
const publishing = (providerUrl = provider.url, version = '2.0.0') => [
  'verify', '--provider', 'Items', '-b', fb.url, '--provider-base-url', providerUrl, '--publish-verification-results', '-a', version, '--provider-version-branch', 'main',
];

describe('a provider that answers nothing: the run could not happen (exit 2), nothing is published', () => {
  it('connection refused on every request, every pact pending (--enable-pending), --no-fail-if-no-pacts: still exit 2, no results', async () => {
    seed('Web');
    seed('Mobile');
    const port = await freePort();
    const r = await runCli([...publishing(`http://127.0.0.1:${port}`), '--enable-pending', '--no-fail-if-no-pacts'], { cwd: tempDir() });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain(`error: the provider at http://127.0.0.1:${port} did not answer any of 2 request(s): nothing was verified and no results were published`);
    expect(r.stderr).toContain(`hint: Is the provider running at http://127.0.0.1:${port}? Start it first, or let pactship start it with --provider-start '<command>'`);
    expect(posts()).toHaveLength(0);
    expect(fb.broker.state.verifications).toHaveLength(0);
  });

  it('every request timing out', async () => {
    const silent = await startFaultServer();
    silent.rule({ action: { kind: 'stall' } });
    try {
      const dir = tempDir();
      const pact = writePact(dir, pactV3('Web', 'Items', [getItem(1), getItem(2)]));
      const r = await runCli(['verify', '--pact', pact, '--provider-base-url', silent.url, '--timeout', '200'], { cwd: dir });
      expect(r.code, r.all).toBe(2);
      expect(r.stderr).toMatch(/did not answer any of 2 request\(s\)/);
      expect(r.stderr).toContain('no response from GET');
    } finally {
      await silent.close();
    }
  });

  it('the started provider listening elsewhere than --provider-base-url gets the --provider-base-url hint', async () => {
    const dir = tempDir();
    const pact = writePact(dir, pactV3('Web', 'Items', [getItem(1)]));
    const [listen, wrong] = [await freePort(), await freePort()];
    const script = path.join(dir, 'provider.mjs');
    writeFileSync(script, `import { createServer } from 'node:http';\ncreateServer((q, s) => s.end('{}')).listen(${listen}, '127.0.0.1');\n`);
    const r = await runCli(['verify', '--pact', pact, '--provider-base-url', `http://127.0.0.1:${wrong}`, '--provider-start', `node ${script}`, '--provider-ready-url', `http://127.0.0.1:${listen}/`], { cwd: dir });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain(`hint: The started provider does not answer at http://127.0.0.1:${wrong}: check --provider-base-url`);
  });

  it('a --message-url that refuses: the message endpoint is named', async () => {
    const dir = tempDir();
    const port = await freePort();
    const pact = writePact(dir, {
      consumer: { name: 'Web' },
      provider: { name: 'Orders' },
      messages: [{ description: 'an order shipped', contents: { id: 1 }, metadata: { contentType: 'application/json' } }],
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
    const r = await runCli(['verify', '--pact', pact, '--message-url', `http://127.0.0.1:${port}/_pact/messages`], { cwd: dir });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain(`error: http://127.0.0.1:${port} did not answer any of 1 request(s)`);
  });

  it('a provider that answers some requests and drops others fails just those interactions (exit 1), and the results are published', async () => {
    fb.broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2)]), consumerVersion: '1.0.0', branch: 'main' });
    const flaky = await startTestProvider((req) => (req.path === '/items/2' ? { drop: true } : { status: 200, body: { id: 1, name: 'item 1' } }));
    try {
      const r = await runCli(publishing(flaky.url), { cwd: tempDir() });
      expect(r.code, r.all).toBe(1);
      expect(r.stdout).toContain('connection dropped by the provider');
      expect(fb.broker.state.verifications).toHaveLength(1);
      expect(fb.broker.state.verifications[0]?.success).toBe(false);
    } finally {
      await flaky.close();
    }
  });
});

describe('a for-verification answer pactship cannot read is a broker error (exit 2), never "no pacts"', () => {
  const FOR_VERIFICATION = /\/for-verification$/;
  const verify = (...extra: string[]) => runCli(['verify', '--provider', 'Items', '-b', fb.url, '--provider-base-url', provider.url, '--retries', '0', ...extra], { cwd: tempDir() });

  it.each([
    ['{}', {}, 'no _embedded.pacts list (the body is an empty object)'],
    ['null', 'null', 'no _embedded.pacts list (the body is '],
    ['{"_links": {}}', { _links: {} }, 'no _embedded.pacts list (the body has only _links)'],
    ['{"_embedded": {}}', { _embedded: {} }, 'no _embedded.pacts list (_embedded has no pacts)'],
    ['{"_embedded": {"pacts": {}}}', { _embedded: { pacts: {} } }, 'no _embedded.pacts list (_embedded.pacts is an object)'],
  ])('%s', async (_name, body, message) => {
    seed();
    fb.faults.rule({ method: 'POST', path: FOR_VERIFICATION, action: { kind: 'status', status: 200, headers: { 'Content-Type': 'application/hal+json' }, body } });
    const r = await verify('--no-fail-if-no-pacts');
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain(`error: the Pact Broker's answer to the pacts-for-verification query has ${message}`);
    expect(r.all).not.toMatch(/verified nothing|no pacts found/);
  });

  it('entries without a readable self link are listed as skipped, and nothing is verified', async () => {
    seed();
    const good = fb.url; // any absolute URL: the run stops before fetching
    fb.faults.rule({
      method: 'POST',
      path: FOR_VERIFICATION,
      action: {
        kind: 'status',
        status: 200,
        body: {
          _embedded: {
            pacts: [
              { shortDescription: 'latest from main', _links: { self: { href: `${good}/pacts/x` } } },
              { shortDescription: 'deployed to production', _links: {} },
              'a string',
              { _links: { self: { href: '/relative', name: 'Pact between Mobile and Items' } } },
            ],
          },
        },
      },
    });
    const r = await verify();
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain("error: the Pact Broker's pacts-for-verification answer has 3 of 4 entries pactship cannot read; nothing was verified");
    expect(r.stderr).toContain('skipped _embedded.pacts[1] (deployed to production): no _links.self with an absolute href');
    expect(r.stderr).toContain('skipped _embedded.pacts[2]: expected an object, got "a string"');
    expect(r.stderr).toContain('skipped _embedded.pacts[3] (Pact between Mobile and Items): no _links.self with an absolute href');
    expect(provider.requests.length).toBe(0);
  });

  it('_links.self as an array of links is read like one link', async () => {
    seed();
    // Rewrite the broker's real answer: each self link becomes a one-element array.
    const answer = await fetch(`${fb.url}/pacts/provider/Items/for-verification`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/hal+json' }, body: '{}' });
    const real = (await answer.json()) as { _embedded: { pacts: { _links: { self: unknown } }[] } };
    expect(real._embedded.pacts).toHaveLength(1);
    for (const p of real._embedded.pacts) p._links.self = [p._links.self];
    fb.faults.rule({ method: 'POST', path: FOR_VERIFICATION, action: { kind: 'status', status: 200, body: real } });
    const r = await verify();
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain('✓ get item 1');
  });
});

describe('a provider the broker does not know yet (404 from for-verification)', () => {
  it('--no-fail-if-no-pacts: exit 0 with a note', async () => {
    const r = await runCli(['verify', '--provider', 'Newcomer', '-b', fb.url, '--no-fail-if-no-pacts'], { cwd: tempDir() });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).toContain("warning: the Pact Broker does not know a provider named 'Newcomer'");
    expect(r.stderr).toContain('no consumer has published a pact for it yet, so there is nothing to verify');
  });

  it('without it: exit 2 with the hint to check the name', async () => {
    const r = await runCli(['verify', '--provider', 'Newcomer', '-b', fb.url], { cwd: tempDir() });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain("error: the Pact Broker does not know a provider named 'Newcomer'");
    expect(r.stderr).toMatch(/hint: Check --provider \(names are case-sensitive\)/);
    expect(r.stderr).toContain('Until a consumer publishes for it, --no-fail-if-no-pacts makes verify exit 0.');
  });
});

describe('results are saved before they are posted', () => {
  it('SIGTERM while the results POST is in flight: exit 143, the file stays, the way out says where; publish-results sends it once', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: RESULTS, times: 1, action: { kind: 'stall' } });
    const cwd = tempDir();
    const child = spawn(process.execPath, [BIN, ...publishing()], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.resume();
    for (let i = 0; i < 200 && posts().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(posts()).toHaveLength(1);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code, stderr).toBe(143);
    const files = unsentFiles(cwd);
    expect(files, stderr).toHaveLength(1);
    const shown = path.relative(cwd, files[0]!);
    expect(stderr).toContain(`verification results not confirmed as published are saved in ${shown}`);
    expect(stderr).toContain(`hint: Send them with: pactship publish-results ${shown}`);
    const saved = JSON.parse(readFileSync(files[0]!, 'utf8')) as { reason: string; results: { consumer: string; latestVerificationUrl?: string }[] };
    expect(saved.results.map((x) => x.consumer)).toEqual(['Web']);
    expect(saved.results[0]?.latestVerificationUrl).toMatch(/\/verification-results\/latest$/);
    expect(saved.reason).toContain('pactship was posting these results when it stopped');

    const resend = await runCli(['publish-results', '.pactship/unsent-results/*.json', '-b', fb.url], { cwd });
    expect(resend.code, resend.all).toBe(0);
    expect(fb.broker.state.verifications).toHaveLength(1);
    expect(unsentFiles(cwd)).toEqual([]);
  });

  it('a resend of a result that did arrive (the run was killed after the broker stored it) does not post it again', async () => {
    seed();
    // The broker stores it, then the connection hangs: the run is killed while waiting.
    fb.faults.rule({ method: 'POST', path: RESULTS, times: 1, action: { kind: 'forward-then', then: { kind: 'stall' } } });
    const cwd = tempDir();
    const child = spawn(process.execPath, [BIN, ...publishing()], { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.resume();
    for (let i = 0; i < 200 && fb.broker.state.verifications.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))).toBe(130);
    expect(unsentFiles(cwd)).toHaveLength(1);
    const resend = await runCli(['publish-results', unsentFiles(cwd)[0]!, '-b', fb.url], { cwd });
    expect(resend.code, resend.all).toBe(0);
    expect(resend.stdout).toContain('already on the broker: Web → Items (2.0.0)');
    expect(posts()).toHaveLength(1);
    expect(fb.broker.state.verifications).toHaveLength(1);
  });

  it('a successful run leaves no file behind', async () => {
    seed();
    const cwd = tempDir();
    const r = await runCli(publishing(), { cwd });
    expect(r.code, r.all).toBe(0);
    expect(unsentFiles(cwd)).toEqual([]);
  });

  it('a failure that will not heal (401) stops the posting: one POST, the rest saved, exit 2', async () => {
    seed('Web');
    seed('Mobile');
    seed('Admin');
    fb.faults.rule({ method: 'POST', path: RESULTS, action: { kind: 'status', status: 401, body: { error: 'token expired' } } });
    const cwd = tempDir();
    const r = await runCli(publishing(), { cwd });
    expect(r.code, r.all).toBe(2);
    expect(posts()).toHaveLength(1);
    expect(r.stderr).toContain('2 more result(s) not attempted: the broker would refuse them the same way');
    const [file] = unsentFiles(cwd);
    expect((JSON.parse(readFileSync(file!, 'utf8')) as { results: unknown[] }).results).toHaveLength(3);
    expect(r.stderr).toContain(`error: 3 verification result(s) could not be published; saved to ${path.relative(cwd, file!)}`);
  });

  it('a failure for one pact only (404) does not stop the others', async () => {
    seed('Web');
    seed('Mobile');
    fb.faults.rule({ method: 'POST', path: /consumer\/Mobile\/.*\/verification-results$/, action: { kind: 'status', status: 404 } });
    const cwd = tempDir();
    const r = await runCli(publishing(), { cwd });
    expect(r.code, r.all).toBe(2);
    expect(posts()).toHaveLength(2);
    expect(fb.broker.state.verifications.map((v) => v.consumer)).toEqual(['Web']);
    const saved = JSON.parse(readFileSync(unsentFiles(cwd)[0]!, 'utf8')) as { results: { consumer: string }[] };
    expect(saved.results.map((x) => x.consumer)).toEqual(['Mobile']);
  });

  it('an unsent file that cannot be written: reason, destination and the results on stderr; the reports are still written; exit 2', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: RESULTS, action: { kind: 'status', status: 400, body: { errors: { buildUrl: ['is not a URL'] } } } });
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.pactship'), 'not a directory');
    const r = await runCli([...publishing(), '--json', 'out/report.json', '--junit', 'out/report.xml'], { cwd });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toMatch(/could not save 1 unsent verification result\(s\) to .*\.pactship\/unsent-results\/.*\.json: a parent of it is a file, not a directory\. Here they are, as that file:/);
    expect(r.stderr).toContain('"kind": "pactship-unsent-verification-results"');
    expect(r.stderr).toContain('"providerApplicationVersion": "2.0.0"');
    expect(r.stderr).toMatch(/error: 1 verification result\(s\) could not be published, and could not be saved to .*: a parent of it is a file/);
    expect(r.stderr).not.toContain('unexpected failure');
    expect(existsSync(path.join(cwd, 'out/report.json'))).toBe(true);
    expect(existsSync(path.join(cwd, 'out/report.xml'))).toBe(true);
    // What was printed is a file publish-results accepts.
    const printed = r.stderr.slice(r.stderr.indexOf('{\n'), r.stderr.indexOf('\n}\n') + 2);
    const file = path.join(tempDir(), 'saved.json');
    writeFileSync(file, printed);
    fb.faults.clearRules();
    const resend = await runCli(['publish-results', file, '-b', fb.url], { cwd: tempDir() });
    expect(resend.code, resend.all).toBe(0);
    expect(fb.broker.state.verifications).toHaveLength(1);
  });
});

describe('report files that cannot be written', () => {
  it.each([
    ['--json pointing to a directory', (cwd: string) => (mkdirSync(path.join(cwd, 'adir')), ['--json', 'adir']), 'it is a directory'],
    ['--junit under a parent that is a file', (cwd: string) => (writeFileSync(path.join(cwd, 'afile'), ''), ['--junit', 'afile/r.xml']), 'a parent of it is a file'],
    ['--json on a full disk', () => ['--json', '/dev/full'], 'no space left on the device'],
  ])('%s: "cannot write report X: reason", exit 2', async (_name, setup, reason) => {
    if (!existsSync('/dev/full') && reason.startsWith('no space')) return;
    const dir = tempDir();
    const pact = writePact(dir, pactV3('Web', 'Items', [getItem(1)]));
    const r = await runCli(['verify', '--pact', pact, '--provider-base-url', provider.url, ...setup(dir)], { cwd: dir });
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`error: cannot write report /\\S+: ${reason}`));
    expect(r.stdout).toContain('1 interaction in 1 pact: 1 verified');
    expect(r.stderr).not.toContain('unexpected failure');
  });

  it('with results that could not be published: the unsent hint is still printed, the other report still written', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: RESULTS, action: { kind: 'status', status: 403 } });
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'adir'));
    const r = await runCli([...publishing(), '--json', 'adir', '--junit', 'r.xml'], { cwd });
    expect(r.code, r.all).toBe(2);
    const [file] = unsentFiles(cwd);
    const shown = path.relative(cwd, file!);
    expect(r.stderr).toContain(`error: cannot write report ${path.join(cwd, 'adir')}: it is a directory`);
    expect(r.stderr).toContain(`  1 verification result(s) could not be published; saved to ${shown}`);
    expect(r.stderr).toContain(`Send them later with: pactship publish-results ${shown}`);
    expect(existsSync(path.join(cwd, 'r.xml'))).toBe(true);
  });
});

describe('sources', () => {
  it('--pact . skips node_modules, dot-folders and JSON files that are not pacts (listed with --verbose)', async () => {
    const dir = tempDir();
    writePact(path.join(dir, 'pacts'), pactV3('Web', 'Items', [getItem(1)]));
    writePact(path.join(dir, 'node_modules/some-lib/pacts'), pactV3('Lib', 'Items', [getItem(2)]));
    writePact(path.join(dir, '.cache'), pactV3('Cached', 'Items', [getItem(3)]));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }));
    writeFileSync(path.join(dir, 'tsconfig.json'), '{ // comments: not JSON\n}');
    const quiet = await runCli(['verify', '--pact', '.', '--provider-base-url', provider.url], { cwd: dir });
    expect(quiet.code, quiet.all).toBe(0);
    expect(quiet.stdout).toContain('1 interaction in 1 pact');
    expect(quiet.all).not.toContain('package.json');
    const verbose = await runCli(['verify', '--pact', '.', '--provider-base-url', provider.url, '--verbose'], { cwd: dir });
    expect(verbose.code, verbose.all).toBe(0);
    expect(verbose.stderr).toContain(`skipped ${path.join(dir, 'package.json')}: not a pact (no consumer, provider and interactions/messages)`);
    expect(verbose.stderr).toContain(`skipped ${path.join(dir, 'tsconfig.json')}: not JSON`);
    expect(verbose.all).not.toMatch(/node_modules|\.cache/);
  });

  it('a broken pact in a directory is still an error naming it; a named non-pact file too', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.json'), '{"consumer": {"name": "Web"}, "provider": {"name": "Items"}, "interactions": [');
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', provider.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${path.join(dir, 'broken.json')}: invalid JSON`);
    writeFileSync(path.join(dir, 'other.json'), '{"name": "x"}');
    const named = await runCli(['verify', '--pact', path.join(dir, 'other.json'), '--provider-base-url', provider.url], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain(`${path.join(dir, 'other.json')}`);
  });

  it('a directory with JSON but no pact says so (exit 2)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    const r = await runCli(['verify', '--pact', '.', '--provider-base-url', provider.url], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: no pact files found in .: 1 JSON file(s) there are not pacts');
  });

  describe('pacts from a broker or a URL are read losslessly: 677.0 is not 677', () => {
    const PRICE_PACT = '{"consumer":{"name":"Web"},"provider":{"name":"Prices"},"interactions":[{"description":"get price","request":{"method":"GET","path":"/price"},"response":{"status":200,"headers":{"Content-Type":"application/json"},"body":{"price":677.0,"big":12345678901234567891}}}],"metadata":{"pactSpecification":{"version":"3.0.0"}}}';
    let prices: TestProvider;
    let files: FaultServer;
    beforeAll(async () => {
      prices = await startTestProvider(() => ({ status: 200, body: '{"price":677,"big":12345678901234567891}', headers: { 'Content-Type': 'application/json' } }));
      files = await startFaultServer({ fallback: () => ({ status: 200, headers: { 'Content-Type': 'application/json' }, body: PRICE_PACT }) });
    });
    afterAll(async () => {
      await prices.close();
      await files.close();
    });

    it('--pact-url (as the reference verifier: "Expected 677 (Integer) to be equal to 677.0 (Decimal)")', async () => {
      const r = await runCli(['verify', '--pact-url', `${files.url}/pact.json`, '--provider-base-url', prices.url], { cwd: tempDir() });
      expect(r.code, r.all).toBe(1);
      expect(r.stdout).toContain('677.0');
    });

    it('from the broker, and `pacts --out` writes 677.0 and the big integer as they were', async () => {
      fb.broker.publishPact({ pact: JSON.parse(PRICE_PACT) as object, consumerVersion: '1.0.0', branch: 'main' });
      // The stand-in stores parsed JSON: serve the pact's exact text where the broker serves the pact.
      fb.faults.rule({ method: 'GET', path: /\/pact-version\//, action: { kind: 'status', status: 200, headers: { 'Content-Type': 'application/hal+json' }, body: PRICE_PACT } });
      const r = await runCli(['verify', '--provider', 'Prices', '-b', fb.url, '--provider-base-url', prices.url], { cwd: tempDir() });
      expect(r.code, r.all).toBe(1);
      const out = tempDir();
      const listed = await runCli(['pacts', '--provider', 'Prices', '-b', fb.url, '--out', out]);
      expect(listed.code, listed.all).toBe(0);
      const [saved] = readdirSync(out);
      const text = readFileSync(path.join(out, saved!), 'utf8');
      expect(text).toContain('"price": 677.0');
      expect(text).toContain('"big": 12345678901234567891');
    });
  });

  describe('pact URLs on another origin get the broker settings, not its credentials', () => {
    let other: FaultServer;
    beforeAll(async () => {
      other = await startFaultServer({ fallback: () => ({ status: 200, body: pactV3('Web', 'Items', [getItem(1)]) }) });
    });
    afterAll(() => other.close());
    beforeEach(() => {
      other.clearRules();
      other.requests.length = 0;
    });

    it('the response cap (--max-response-mb)', async () => {
      other.rule({ action: { kind: 'huge', bytes: 3 * 1024 * 1024 } });
      const r = await runCli(['verify', '--pact-url', `${other.url}/pact.json`, '--provider-base-url', provider.url, '--max-response-mb', '1'], { cwd: tempDir() });
      expect(r.code, r.all).toBe(2);
      expect(r.stderr).toContain('response larger than 1 MB');
    });

    it('retries, each announced; no token or custom header sent there', async () => {
      other.rule({ times: 1, action: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } });
      const r = await runCli(['verify', '--pact-url', `${other.url}/pact.json`, '--provider-base-url', provider.url, '--custom-header', 'X-Gateway: secret-key'], {
        cwd: tempDir(),
        env: { PACT_BROKER_TOKEN: 'tok-never-there' },
      });
      expect(r.code, r.all).toBe(0);
      expect(r.stderr).toMatch(/answered 503; retrying in 0s/);
      expect(other.requests).toHaveLength(2);
      for (const q of other.requests) {
        expect(q.headers.authorization).toBeUndefined();
        expect(q.headers['x-gateway']).toBeUndefined();
      }
    });
  });
});

describe('--filter-description / --filter-state', () => {
  it('a pattern that would backtrack for ages runs in linear time', async () => {
    const dir = tempDir();
    const long = `${'a'.repeat(40)}!`;
    const pact = writePact(dir, pactV3('Web', 'Items', [{ ...getItem(1), description: long }, getItem(2)]));
    const before = provider.requests.length;
    // A process of its own: a regression would block the event loop, and only a kill ends that.
    const r = await runBin(['verify', '--pact', pact, '--provider-base-url', provider.url, '--filter-description', '^(a+)+$'], { cwd: dir, timeoutMs: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.all).toBe(1); // nothing matched: verified nothing
    expect(r.stdout).toContain('verified nothing (filters: description /^(a+)+$/)');
    expect(provider.requests.length).toBe(before);
  });

  it('an invalid pattern is a usage error naming the flag', async () => {
    const dir = tempDir();
    const pact = writePact(dir, pactV3('Web', 'Items', [getItem(1)]));
    const r = await runCli(['verify', '--pact', pact, '--provider-base-url', provider.url, '--filter-state', '(?<=a)b'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: --filter-state: invalid regular expression '(?<=a)b'");
    const env = await runCli(['verify', '--pact', pact, '--provider-base-url', provider.url], { cwd: dir, env: { PACT_DESCRIPTION: 'a(' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("error: PACT_DESCRIPTION: invalid regular expression 'a('");
  });
});

describe('publish-results', () => {
  it('a glob that matches nothing: nothing to send, exit 0', async () => {
    const r = await runCli(['publish-results', '.pactship/unsent-results/*.json', '-b', fb.url], { cwd: tempDir() });
    expect(r.code, r.all).toBe(0);
    expect(r.all).toContain('nothing to send: no unsent-results files match .pactship/unsent-results/*.json');
  });
});

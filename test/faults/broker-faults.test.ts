/**
 * The broker faults of issue #9, through the built binary against the stand-in broker behind a
 * fault server: results never duplicated, one deadline, the response cap, cut-off and stalled
 * bodies, the error reference, retries announced, an unreachable broker, redirects, custom headers.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3 } from '../support/provider/pacts.js';
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

const seed = (consumer = 'Web') => fb.broker.publishPact({ pact: pactV3(consumer, 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
/** The index GET (the first request of every command) is `/pact`. */
const INDEX = '/pact';

describe('verification results are never sent twice', () => {
  const verify = (env: Record<string, string> = {}, cwd = tempDir()) =>
    runCli(['verify', '--provider', 'Items', '-b', fb.url, '--provider-base-url', provider.url, '--publish-verification-results', '-a', '2.0.0', '--provider-version-branch', 'main'], {
      cwd,
      env: { PACT_BROKER_TIMEOUT_MS: '1000', ...env },
    });

  it.each([
    ['answers 500 after storing it', { kind: 'status', status: 500, body: { error: { message: 'An error has occurred', reference: 'res-500' } } }],
    ['drops the connection after storing it', { kind: 'reset' }],
    ['stores it and never answers', { kind: 'stall' }],
  ] as const)('a broker that %s: the run looks, finds it there, does not send it again (exactly one result) and says so', async (_name, then) => {
    seed();
    fb.faults.rule({ method: 'POST', path: /\/verification-results$/, action: { kind: 'forward-then', then } });
    const cwd = tempDir();
    const r = await verify({}, cwd);
    expect(r.code, r.all).toBe(0);
    expect(fb.faults.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/verification-results'))).toHaveLength(1);
    // Looked up through the pact's pb:latest-verification-results link.
    expect(fb.faults.requests.filter((q) => q.method === 'GET' && q.path.endsWith('/verification-results/latest'))).toHaveLength(1);
    expect(fb.broker.state.verifications).toHaveLength(1);
    expect(r.stderr).toContain('may or may not have been applied by the Pact Broker');
    expect(r.stderr).toContain('the broker has the result (its latest verification of this pact is this one');
    expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
    expect(existsSync(path.join(cwd, '.pactship'))).toBe(true);
    expect(readdirSync(path.join(cwd, '.pactship/unsent-results'))).toEqual([]);
  });

  it('a broker that answers 500 without storing it: the run looks, does not find it, sends it once more (exactly one result)', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: /\/verification-results$/, times: 1, action: { kind: 'status', status: 500, body: { error: { message: 'database busy' } } } });
    const r = await verify();
    expect(r.code, r.all).toBe(0);
    expect(fb.faults.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/verification-results'))).toHaveLength(2);
    expect(fb.broker.state.verifications).toHaveLength(1);
    expect(r.stderr).toContain('the broker does not have the result: sending it once more');
  });

  it('an ambiguous failure the broker cannot be asked about: saved as unsent (exit 2), and publish-results looks before it resends', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: /\/verification-results$/, times: 1, action: { kind: 'forward-then', then: { kind: 'status', status: 502 } } });
    fb.faults.rule({ method: 'GET', path: /\/verification-results\/latest$/, times: 1, action: { kind: 'status', status: 403, body: { error: 'no' } } });
    const cwd = tempDir();
    const r = await verify({}, cwd);
    expect(r.code, r.all).toBe(2);
    expect(r.stderr).toContain('could not check whether the broker has it');
    const files = readdirSync(path.join(cwd, '.pactship/unsent-results'));
    expect(files).toHaveLength(1);
    expect(fb.broker.state.verifications).toHaveLength(1); // it did arrive
    const resend = await runCli(['publish-results', path.join('.pactship/unsent-results', files[0]!), '-b', fb.url], { cwd });
    expect(resend.code, resend.all).toBe(0);
    expect(resend.stdout).toContain('already on the broker: Web → Items (2.0.0)');
    expect(fb.broker.state.verifications).toHaveLength(1);
    expect(readdirSync(path.join(cwd, '.pactship/unsent-results'))).toEqual([]);
  });

  it('the for-verification query is a read: a 503 there is retried', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: /\/for-verification$/, times: 1, action: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } });
    const r = await verify();
    expect(r.code, r.all).toBe(0);
    expect(fb.faults.requests.filter((q) => q.path.endsWith('/for-verification'))).toHaveLength(2);
  });

  it('a results POST refused before it arrived (429) is sent again, once', async () => {
    seed();
    fb.faults.rule({ method: 'POST', path: /\/verification-results$/, times: 1, action: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } });
    const r = await verify();
    expect(r.code, r.all).toBe(0);
    expect(fb.broker.state.verifications).toHaveLength(1);
  });
});

describe('one deadline for the broker work of a run', () => {
  it('a broker that accepts and never answers ends the run at the deadline, with a message saying so', async () => {
    seed();
    fb.faults.rule({ action: { kind: 'stall' } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--broker-deadline-ms', '1500'], {
      env: { PACT_BROKER_TIMEOUT_MS: '400' },
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`gave up on GET ${fb.url}: the broker deadline of 1.5 s for this run is used up`);
    expect(r.stderr).toMatch(/hint: .*--broker-deadline-ms/);
    // 400 ms per attempt against a 1.5 s budget: a handful of attempts, not 5 per request.
    expect(fb.faults.requests.length).toBeLessThanOrEqual(5);
  });

  it('PACT_BROKER_DEADLINE_MS works the same', async () => {
    fb.faults.rule({ action: { kind: 'stall' } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url], { env: { PACT_BROKER_TIMEOUT_MS: '300', PACT_BROKER_DEADLINE_MS: '700' } });
    expect(r.stderr).toContain('the broker deadline of 0.7 s for this run is used up');
  });
});

describe('response bodies from the broker', () => {
  const pacts = (extra: string[] = [], env: Record<string, string> = {}) =>
    runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--retries', '0', ...extra], { env });

  it('a body larger than --max-response-mb fails with "response larger than N MB"', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'huge', bytes: 3 * 1024 * 1024 } });
    const r = await pacts(['--max-response-mb', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: GET ${fb.url}: response larger than 1 MB (it announced 3 MB)`);
    expect(r.stderr).toMatch(/hint: .*--max-response-mb/);
  });

  it('an endless body stops at the cap (PACTSHIP_MAX_RESPONSE_MB)', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'endless' } });
    const r = await pacts([], { PACTSHIP_MAX_RESPONSE_MB: '2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: GET ${fb.url}: response larger than 2 MB`);
  });

  it('the default cap is 50 MB', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'huge', bytes: 51 * 1024 * 1024, announce: false } });
    const r = await pacts();
    expect(r.stderr).toContain(`error: GET ${fb.url}: response larger than 50 MB`);
  });

  it('truncated JSON says at which byte', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'truncate', bytes: 40 } });
    const r = await pacts();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: GET ${fb.url} answered 200 with JSON that is truncated: it ends at byte 40 in the middle of a value`);
  });

  it('a body that stalls after the headers says the headers arrived and the body stalled', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'stall-body', prefix: '{"_links":', declaredLength: 500 } });
    const r = await pacts([], { PACT_BROKER_TIMEOUT_MS: '500' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the response headers arrived but the body stalled after 10 bytes of 500 (nothing more within 500 ms)');
  });

  it('a connection lost mid-body says at which byte (and a GET is tried again)', async () => {
    fb.faults.rule({ path: INDEX, times: 1, action: { kind: 'reset-mid-body', afterBytes: 20 } });
    const again = await runCli(['pacts', '--provider', 'Items', '-b', fb.url]);
    expect(again.stderr).toMatch(/the response was truncated at byte 20 of the \d+ announced: .*; retrying in 1s \(attempt 2\/5\)/);
    fb.faults.rule({ path: INDEX, action: { kind: 'reset-mid-body', afterBytes: 20 } });
    const r = await pacts();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the response was truncated at byte 20 of the \d+ announced/);
  });
});

describe('messages for the person on call', () => {
  it("shows the broker's error reference", async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'status', status: 500, body: { error: { message: 'An error has occurred', reference: 'Xy7-ref' } } } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--retries', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('An error has occurred (error reference Xy7-ref)');
  });

  it('each retry prints one "retrying in Ns (attempt k/n)" line, without --verbose', async () => {
    seed();
    fb.faults.rule({ path: INDEX, times: 2, action: { kind: 'status', status: 429, headers: { 'Retry-After': '0' } } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url]);
    expect(r.code, r.all).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('retrying'));
    expect(lines).toEqual([
      `warning: GET ${fb.url}: answered 429; retrying in 0s (attempt 2/5) …`,
      `warning: GET ${fb.url}: answered 429; retrying in 0s (attempt 3/5) …`,
    ]);
  });

  it('--retries (and PACT_BROKER_HTTP_RETRIES) set the attempts', async () => {
    fb.faults.rule({ path: INDEX, times: 1, action: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } });
    const none = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--retries', '0']);
    expect(none.code).toBe(2);
    expect(fb.faults.requests).toHaveLength(1);
    fb.faults.rule({ path: INDEX, times: 1, action: { kind: 'status', status: 503, headers: { 'Retry-After': '0' } } });
    const one = await runCli(['pacts', '--provider', 'Items', '-b', fb.url], { env: { PACT_BROKER_HTTP_RETRIES: '1' } });
    expect(one.stderr).toContain('(attempt 2/2)');
  });

  it("PACT_BROKER_HTTP_RETRIES=abc → \"must be a non-negative integer, got 'abc'\"; --retries abc too", async () => {
    const env = await runCli(['pacts', '--provider', 'Items', '-b', fb.url], { env: { PACT_BROKER_HTTP_RETRIES: 'abc' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("error: invalid configuration: env PACT_BROKER_HTTP_RETRIES: must be a non-negative integer, got 'abc'");
    const flag = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--retries', 'abc']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--retries must be a non-negative integer, got 'abc'");
  });

  it('a broker that refuses connections fails fast: one quick retry and a clear message', async () => {
    const port = await freePort();
    const r = await runCli(['pacts', '--provider', 'Items', '-b', `http://127.0.0.1:${port}/pact`]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.includes('retrying'))).toEqual([
      `warning: GET http://127.0.0.1:${port}/pact: connection refused; retrying in 0.3s (attempt 2/2) …`,
    ]);
    expect(r.stderr).toContain(`error: could not reach the Pact Broker at http://127.0.0.1:${port}/pact: connection refused`);
  });
});

describe('credentials and --custom-header go to the broker origin only', () => {
  let other: FaultServer;
  beforeAll(async () => {
    other = await startFaultServer();
  });
  afterAll(() => other.close());
  afterEach(() => (other.requests.length = 0));

  const auth = ['-k', 'tok-123', '--custom-header', 'X-Gateway-Key: gw-999', '--custom-header', 'X-Team: pact'];

  it('sent on every request to the broker, also after a same-origin redirect', async () => {
    seed();
    fb.faults.rule({ path: INDEX, times: 1, action: { kind: 'redirect', location: `${fb.url}?moved=1`, status: 307 } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, ...auth]);
    expect(r.code, r.all).toBe(0);
    expect(fb.faults.requests.length).toBeGreaterThan(2);
    for (const q of fb.faults.requests) {
      expect(q.headers['x-gateway-key'], q.url).toBe('gw-999');
      expect(q.headers['x-team']).toBe('pact');
      expect(q.headers.authorization).toBe('Bearer tok-123');
    }
  });

  it('not across a redirect to another origin', async () => {
    fb.faults.rule({ path: INDEX, action: { kind: 'redirect', location: `${other.url}/elsewhere` } });
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--retries', '0', ...auth]);
    expect(r.code).toBe(2);
    expect(other.requests).toHaveLength(1);
    expect(other.requests[0]!.headers).not.toHaveProperty('authorization');
    expect(other.requests[0]!.headers).not.toHaveProperty('x-gateway-key');
    expect(other.requests[0]!.headers).not.toHaveProperty('x-team');
  });

  it('on every broker command', async () => {
    seed();
    const cwd = tempDir();
    const commands = [
      ['can-i-deploy', '-a', 'Web', '-e', '1.0.0', '--to-environment', 'production'],
      ['describe-pacticipant', '--name', 'Web'],
      ['list-environments'],
      ['record-deployment', '-a', 'Web', '-e', '1.0.0', '--environment', 'test'],
    ];
    for (const args of commands) {
      fb.faults.requests.length = 0;
      const r = await runCli([...args, '-b', fb.url, ...auth], { cwd });
      expect(r.code, `${args[0]}: ${r.all}`).toBeLessThan(2);
      expect(fb.faults.requests.length).toBeGreaterThan(0);
      for (const q of fb.faults.requests) expect(q.headers['x-gateway-key'], `${args[0]} ${q.url}`).toBe('gw-999');
    }
  });

  it('a malformed --custom-header is a usage error that does not echo the value', async () => {
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--custom-header', 'X-Key sekret-value']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: custom header #1: expected 'Name: value' with a header name before the colon");
    expect(r.stderr).not.toContain('sekret');
  });
});

describe('pacts --out', () => {
  it('checks a Windows device name on the part before the first dot (aux.json…)', async () => {
    for (const consumer of ['aux.json', 'CON.x', 'nul']) seed(consumer);
    const out = tempDir();
    const r = await runCli(['pacts', '--provider', 'Items', '-b', fb.url, '--out', out]);
    expect(r.code, r.all).toBe(0);
    const names = readdirSync(out).sort();
    expect(names).toEqual(['_CON.x-Items.json', '_aux.json-Items.json', '_nul-Items.json']);
    for (const n of names) expect(n.split('.')[0]!.toLowerCase()).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/);
  });
});

/**
 * `import { verify } from 'pactship'` in a real Node process (self-reference through package.json
 * exports, so the built dist/ is what runs): handlers in-process, a typed outcome, reporter events,
 * silence, typed "could not run" errors, abort, and publishing from CI variables.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, tempDir } from '../support/cli.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { pactV4, writePact } from '../support/provider/pacts.js';

const run = promisify(execFile);

/** Runs ESM code that imports 'pactship'; returns its stdout and stderr. */
async function withPackage(code: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  return { stdout, stderr };
}

const pact = () =>
  pactV4('Web', 'Items', [
    { type: 'Synchronous/HTTP', key: 'h1', description: 'get item 1', providerStates: [{ name: 'item 1 exists', params: { id: 1 } }], request: { method: 'GET', path: '/items/1' }, response: { status: 200, body: { contentType: 'application/json', content: { id: 1, name: 'item 1' } } } },
    { type: 'Asynchronous/Messages', key: 'm1', description: 'an item created event', providerStates: [{ name: 'item 1 exists', params: { id: 1 } }], contents: { content: { id: 1 }, contentType: 'application/json', encoded: false } },
    { type: 'Synchronous/Messages', key: 's1', description: 'a price quote', request: { contents: { content: { qty: 2 }, contentType: 'application/json' } }, response: [{ contents: { content: { total: 20 }, contentType: 'application/json' } }] },
  ]);

/** The options every script passes: the pact file and in-process handlers. */
const HANDLERS = `
  stateHandlers: { 'item 1 exists': (params) => { calls.push('state ' + params.id); } },
  messageHandlers: {
    'an item created event': ({ params }) => { calls.push('event'); return { contents: { id: params.id } }; },
    'a price quote': ({ request }) => ({ contents: { total: request.contents.qty * 10 } }),
  },`;

let provider: TestProvider;
let broker: StandInBroker;
beforeAll(async () => {
  provider = await startTestProvider((req) => (req.path === '/items/1' ? { status: 200, body: { id: 1, name: 'item 1' } } : { status: 404 }));
  broker = await startBroker();
});
afterAll(async () => {
  await provider.close();
  await broker.close();
});
beforeEach(() => broker.reset());
afterEach(() => {
  provider.requests.length = 0;
});

describe("verify() from 'pactship'", () => {
  it('verifies HTTP and message interactions with in-process handlers, returns a typed outcome and prints nothing', async () => {
    const dir = tempDir('pactship-api-');
    const file = writePact(dir, pact());
    const { stdout, stderr } = await withPackage(`
      import { verify } from 'pactship';
      const calls = [];
      const events = [];
      const outcome = await verify({
        pacts: [${JSON.stringify(file)}],
        providerBaseUrl: ${JSON.stringify(provider.url)},${HANDLERS}
        cwd: ${JSON.stringify(dir)},
        env: {},
        reporter: {
          start: (plan) => events.push('start ' + plan.pacts.length),
          pactStart: (p) => events.push('pact ' + p.consumer),
          interaction: (_p, r) => events.push(r.status + ' ' + r.description),
          pactEnd: () => events.push('pact end'),
          end: (o) => events.push('end ' + o.exitCode),
        },
      });
      process.stdout.write(JSON.stringify({ calls, events, outcome }));
    `);
    expect(stderr).toBe('');
    const { calls, events, outcome } = JSON.parse(stdout) as {
      calls: string[];
      events: string[];
      outcome: { success: boolean; exitCode: number; interrupted: boolean; summary: { passed: number }; pacts: { interactions: { type: string; status: string; pending: boolean; durationMs: number; handler?: string }[] }[] };
    };
    expect(outcome).toMatchObject({ success: true, exitCode: 0, interrupted: false, summary: { passed: 3 } });
    expect(outcome.pacts[0]?.interactions.map((i) => [i.type, i.status, i.pending, i.handler])).toEqual([
      ['Synchronous/HTTP', 'passed', false, undefined],
      ['Asynchronous/Messages', 'passed', false, 'an item created event'],
      ['Synchronous/Messages', 'passed', false, 'a price quote'],
    ]);
    expect(typeof outcome.pacts[0]?.interactions[0]?.durationMs).toBe('number');
    expect(calls).toEqual(['state 1', 'state 1', 'event']);
    expect(events).toEqual(['start 1', 'pact Web', 'passed get item 1', 'passed an item created event', 'passed a price quote', 'pact end', 'end 0']);
  });

  it('a failure is data (exitCode 1), a run that cannot happen is a typed error; neither exits the process', async () => {
    const dir = tempDir('pactship-api-');
    const file = writePact(dir, pact());
    const { stdout } = await withPackage(`
      import { verify, UsageError, ProviderStartError } from 'pactship';
      const calls = [];
      const failed = await verify({
        pacts: [${JSON.stringify(file)}],
        providerBaseUrl: ${JSON.stringify(provider.url)},${HANDLERS.replace("return { contents: { id: params.id } }", "return { contents: { id: 'one' } }")}
        cwd: ${JSON.stringify(dir)},
        env: {},
      });
      const errors = [];
      for (const options of [{}, { pacts: [${JSON.stringify(file)}], providerStart: 'exit 3', providerStartTimeoutMs: 5000 }, { pacts: [${JSON.stringify(file)}], provder: 'x' }]) {
        try { await verify({ cwd: ${JSON.stringify(dir)}, env: {}, ...options }); errors.push('no error'); }
        catch (e) { errors.push([e.name, e.exitCode, e instanceof UsageError || e instanceof ProviderStartError, e.message]); }
      }
      process.stdout.write(JSON.stringify({ failed: [failed.exitCode, failed.summary.failed, failed.pacts[0].interactions[1].mismatches[0].path], errors }) + '\\nstill running');
    `);
    const [json, tail] = stdout.split('\n');
    expect(tail).toBe('still running');
    const { failed, errors } = JSON.parse(json as string) as { failed: unknown[]; errors: [string, number, boolean, string][] };
    expect(failed).toEqual([1, 1, '$.id']);
    expect(errors.map((e) => e.slice(0, 3))).toEqual([
      ['UsageError', 2, true],
      ['ProviderStartError', 2, true],
      ['UsageError', 2, true],
    ]);
    expect(errors[0]?.[3]).toContain('nothing to verify');
    expect(errors[2]?.[3]).toBe("verify(): unknown option 'provder'");
  });

  it('writes the text report to a given stream, and JSON/JUnit report files', async () => {
    const dir = tempDir('pactship-api-');
    const file = writePact(dir, pact());
    const { stdout } = await withPackage(`
      import { verify } from 'pactship';
      const calls = [];
      const outcome = await verify({
        pacts: [${JSON.stringify(file)}],
        providerBaseUrl: ${JSON.stringify(provider.url)},${HANDLERS}
        cwd: ${JSON.stringify(dir)},
        env: {},
        stream: process.stdout,
        reports: { json: 'out/r.json', junit: 'out/j.xml' },
      });
      console.log('files: ' + outcome.reportFiles.map((f) => f.slice(${JSON.stringify(dir)}.length)).join(','));
    `);
    expect(stdout).toMatch(/✓ an item created event given 'item 1 exists' \(message, \d+ ms\)/);
    expect(stdout).toContain('3 interactions in 1 pact: 3 verified, 0 failed, 0 pending failed');
    expect(stdout).toContain(`files: ${path.sep}out${path.sep}r.json,${path.sep}out${path.sep}j.xml`);
  });

  it('an aborted run stops starting interactions, publishes nothing, and its report says it was interrupted', async () => {
    broker.publishPact({ pact: pact(), consumerVersion: '1.0.0', branch: 'main' });
    const dir = tempDir('pactship-api-');
    const { stdout } = await withPackage(`
      import { verify } from 'pactship';
      const abort = new AbortController();
      const seen = [];
      const outcome = await verify({
        provider: 'Items',
        broker: { baseUrl: ${JSON.stringify(broker.url)} },
        providerBaseUrl: ${JSON.stringify(provider.url)},
        providerVersionBranch: 'main',
        publish: true,
        providerVersion: '9.9.9',
        messageHandlers: { 'an item created event': () => { abort.abort(); return { contents: { id: 1 } }; } },
        signal: abort.signal,
        cwd: ${JSON.stringify(dir)},
        env: {},
        reports: { json: 'r.json' },
        reporter: { interaction: (_p, r) => seen.push(r.description) },
      });
      process.stdout.write(JSON.stringify({ interrupted: outcome.interrupted, success: outcome.success, seen, publication: outcome.publication ?? null, files: outcome.reportFiles }));
    `);
    expect(JSON.parse(stdout)).toEqual({ interrupted: true, success: false, seen: ['get item 1'], publication: null, files: [path.join(dir, 'r.json')] });
    // The report asked for is written with what finished, marked interrupted.
    const report = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { interrupted?: boolean; summary: { interactions: number } };
    expect(report).toMatchObject({ interrupted: true, summary: { interactions: 1 } });
    expect(broker.state.verifications).toHaveLength(0);
    expect(broker.requests.some((r) => r.path.includes('verification-results'))).toBe(false);
  });

  it('in CI, publishes the results with the version and branch taken from the CI variables', async () => {
    broker.publishPact({ pact: pact(), consumerVersion: '1.0.0', branch: 'main' });
    const dir = tempDir('pactship-api-');
    const { stdout } = await withPackage(
      `
      import { verify } from 'pactship';
      const calls = [];
      const outcome = await verify({
        provider: 'Items',
        providerBaseUrl: ${JSON.stringify(provider.url)},${HANDLERS}
        publish: true,
        cwd: ${JSON.stringify(dir)},
      });
      process.stdout.write(JSON.stringify(outcome.publication));
    `,
      { PACT_BROKER_BASE_URL: broker.url, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_SHA: 'abc1234', GITHUB_REF: 'refs/heads/main' },
    );
    expect(JSON.parse(stdout)).toMatchObject({ providerVersion: 'abc1234', branch: 'main', sent: ['Web'], errors: [] });
    expect(broker.state.verifications.map((v) => [v.providerVersion, v.success, (v.testResults as unknown[]).length])).toEqual([['abc1234', true, 3]]);
  });
});

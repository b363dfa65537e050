/**
 * `pactship verify` given the reference verifier's command lines (`pact verifier …`): each row is a
 * command line as a CI script writes it for the reference, run through the built CLI against a
 * real provider (and the stand-in broker). What the provider and broker receive is what the
 * reference verifier sends for the same line (checked by hand against
 * @pact-foundation/pact-cli's `pact verifier` 1.3.5, recorded in the comments).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runBin, runCli, tempDir } from '../support/cli.js';
import { startTestProvider, type Handler, type ProviderRequestRecord, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, pactV4, writePact } from '../support/provider/pacts.js';
import { hasOpenssl } from '../support/tls.js';

let provider: TestProvider;
/** Per-test answers: `wrong` item ids get a wrong name (the provider "has a bug"). */
const wrong = new Set<number>();

const handler: Handler = (req) => {
  const p = req.path.replace(/^\/api(?=\/)/, '');
  const item = /^\/items\/(\d+)$/.exec(p);
  if (req.method === 'GET' && item) {
    const id = Number(item[1]);
    return { status: 200, body: { id, name: wrong.has(id) ? 'WRONG' : `item ${id}` } };
  }
  if (req.method === 'POST' && p.startsWith('/state')) return { status: 200, body: {} };
  if (req.method === 'POST' && p === '/messages') return { status: 200, body: { event: 'shipped' } };
  if (req.method === 'GET' && p === '/pacts/web-items.json') return { status: 200, body: pactV3('Web', 'Items', [getItem(1)]) };
  return { status: 404, body: {} };
};

beforeAll(async () => {
  // State calls go to /state and are recorded like any request (the query form has no body to parse).
  provider = await startTestProvider(handler, { statePath: '/unused' });
});
afterAll(async () => {
  await provider.close();
});
afterEach(() => {
  provider.requests.length = 0;
  provider.events.length = 0;
  wrong.clear();
});

const seen = (r: ProviderRequestRecord) => `${r.method} ${r.url}`;
const port = () => String(provider.port);
const at = () => ['--hostname', '127.0.0.1', '--port', port()];

function files() {
  const dir = tempDir('pactship-ref-');
  const withState = getItem(1, 'item 1', { providerStates: [{ name: 'item 1 exists', params: { id: 1, note: 'a b' } }] });
  const pact = writePact(dir, pactV3('Web', 'Items', [withState, getItem(2)]), 'web-items.json');
  const mixed = writePact(
    dir,
    pactV4('Web', 'Items', [
      { type: 'Synchronous/HTTP', key: 'h1', description: 'get item 1', request: { method: 'GET', path: '/items/1' }, response: { status: 200, body: { content: { id: 1, name: 'item 1' } } } },
      { type: 'Asynchronous/Messages', key: 'm1', description: 'an order shipped', contents: { content: { event: 'shipped' }, contentType: 'application/json' } },
    ]),
    'mixed.json',
  );
  const pactsDir = path.join(dir, 'pacts');
  writePact(pactsDir, pactV3('Web', 'Items', [getItem(3)]), 'web-items.json');
  writePact(pactsDir, pactV3('Web', 'Orders', [getItem(4)]), 'web-orders.json');
  writePact(path.join(pactsDir, 'nested'), pactV3('Mobile', 'Items', [getItem(5)]), 'mobile-items.json');
  return { dir, pact, mixed, pactsDir };
}

interface Row {
  name: string;
  args: (f: ReturnType<typeof files>) => string[];
  env?: (f: ReturnType<typeof files>) => Record<string, string>;
  code: number;
  /** What the provider received, in order. */
  requests: string[];
  check?: (r: Awaited<ReturnType<typeof runCli>>, f: ReturnType<typeof files>) => void;
}

const rows: Row[] = [
  {
    name: '-f FILE --hostname --port',
    args: (f) => ['-f', f.pact, ...at()],
    code: 0,
    requests: ['GET /items/1', 'GET /items/2'],
  },
  {
    name: '--base-path: every request under it',
    args: (f) => ['--file', f.pact, ...at(), '--base-path', '/api'],
    code: 0,
    requests: ['GET /api/items/1', 'GET /api/items/2'],
  },
  {
    // The reference: the directory's own files only, and only the -n provider's pacts.
    name: '-d DIR -n NAME: top-level pacts of that provider',
    args: (f) => ['-d', f.pactsDir, '-n', 'Items', ...at()],
    code: 0,
    requests: ['GET /items/3'],
    check: (r) => expect(r.stdout).toMatch(/note: -d: skipped .*web-orders\.json: its provider is 'Orders', not 'Items'/),
  },
  {
    // The reference: POST /state?action=setup&id=1&note=a+b&state=item+1+exists, no body; teardown likewise.
    name: '-s URL --state-change-as-query --state-change-teardown',
    args: (f) => ['-f', f.pact, ...at(), '-s', `http://127.0.0.1:${port()}/state`, '--state-change-as-query', '--state-change-teardown'],
    code: 0,
    requests: [
      'POST /state?action=setup&id=1&note=a+b&state=item+1+exists',
      'GET /items/1',
      'POST /state?action=teardown&id=1&note=a+b&state=item+1+exists',
      'POST /state?action=setup&state=',
      'GET /items/2',
      'POST /state?action=teardown&state=',
    ],
  },
  {
    name: '--state-change-url … --no-state-change-teardown: setup calls only (the reference without --state-change-teardown)',
    args: (f) => ['-f', f.pact, ...at(), '--state-change-url', `http://127.0.0.1:${port()}/state`, '--no-state-change-teardown'],
    code: 0,
    requests: ['POST /state', 'GET /items/1', 'POST /state', 'GET /items/2'],
  },
  {
    name: '-H NAME=value (and the pactship form)',
    args: (f) => ['-f', f.pact, ...at(), '-H', 'X-Api-Key=k=1', '--header', 'X-Other: 2'],
    code: 0,
    requests: ['GET /items/1', 'GET /items/2'],
    check: () => {
      expect(provider.requests.map((q) => [q.headers['x-api-key'], q.headers['x-other']])).toEqual([
        ['k=1', '2'],
        ['k=1', '2'],
      ]);
    },
  },
  {
    name: '-u URL: a pact URL, as the reference reads -u',
    args: () => ['-u', `http://127.0.0.1:${port()}/pacts/web-items.json`, ...at()],
    code: 0,
    requests: ['GET /pacts/web-items.json', 'GET /items/1'],
  },
  {
    // The reference: HTTP to the http transport, POST {description} to message:PORT/path.
    name: "--transports 'http:PORT message:PORT/messages': messages to the message transport",
    args: (f) => ['-f', f.mixed, '--hostname', '127.0.0.1', '--transports', `http:${port()} message:${port()}/messages`],
    code: 0,
    requests: ['GET /items/1', 'POST /messages'],
  },
  {
    // The reference posts message requests to the provider URL (base path included) without a message transport.
    name: '--port --base-path: messages go to the provider URL',
    args: (f) => ['-f', f.mixed, ...at(), '--base-path', '/api'],
    code: 1,
    requests: ['GET /api/items/1', 'POST /api'],
  },
  {
    name: '-j -x --html --no-colour: three reports',
    args: (f) => ['-f', f.pact, ...at(), '-j', path.join(f.dir, 'r.json'), '-x', path.join(f.dir, 'r.xml'), '--html', path.join(f.dir, 'r.html'), '--no-colour'],
    code: 0,
    requests: ['GET /items/1', 'GET /items/2'],
    check: (_r, f) => {
      expect((JSON.parse(readFileSync(path.join(f.dir, 'r.json'), 'utf8')) as { success: boolean }).success).toBe(true);
      expect(readFileSync(path.join(f.dir, 'r.xml'), 'utf8')).toContain('<testcase');
      expect(readFileSync(path.join(f.dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    },
  },
  {
    name: 'PACT_PROVIDER_HOSTNAME/PORT and PACT_VERIFIER_*_REPORT from the environment',
    args: (f) => ['-f', f.pact],
    env: (f) => ({
      PACT_PROVIDER_HOSTNAME: '127.0.0.1',
      PACT_PROVIDER_PORT: port(),
      PACT_VERIFIER_JSON_REPORT: path.join(f.dir, 'env.json'),
      PACT_VERIFIER_JUNIT_REPORT: path.join(f.dir, 'env.xml'),
      PACT_VERIFIER_HTML_REPORT: path.join(f.dir, 'env.html'),
    }),
    code: 0,
    requests: ['GET /items/1', 'GET /items/2'],
    check: (r, f) => {
      expect(r.stdout).toContain(`against http://127.0.0.1:${port()}`);
      for (const ext of ['json', 'xml', 'html']) expect(readFileSync(path.join(f.dir, `env.${ext}`), 'utf8').length).toBeGreaterThan(100);
    },
  },
  {
    name: 'Rust-only options are accepted with one note',
    args: (f) => ['-f', f.pact, ...at(), '-l', 'debug', '--pretty-log', '--enable-otel', '--otel-exporter', 'otlp', '--xslt', 'x.xsl'],
    code: 0,
    requests: ['GET /items/1', 'GET /items/2'],
    check: (r) => expect(r.stdout).toContain('note: ignored --loglevel, --pretty-log, --xslt, --enable-otel, --otel-exporter: only the Rust verifier has them'),
  },
  {
    name: '-c CONSUMER --filter-description --request-timeout',
    args: (f) => ['-f', f.pact, ...at(), '-c', 'Web', '--filter-description', '^get item 2$', '--request-timeout', '5000'],
    code: 0,
    requests: ['GET /items/2'],
  },
  {
    name: '--ignore-no-pacts-error with a consumer filter that leaves nothing',
    args: (f) => ['-f', f.pact, ...at(), '-c', 'Nobody', '--ignore-no-pacts-error'],
    code: 1, // a filtered run that verified nothing is a "no" in pactship (the reference exits 0 here)
    requests: [],
  },
];

describe('reference verifier command lines through the built CLI', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const f = files();
    const r = await runCli(['verify', ...row.args(f)], { cwd: f.dir, ...(row.env ? { env: row.env(f) } : {}) });
    expect.soft(r.stderr).not.toMatch(/error|at .*\.js:\d+/);
    expect(provider.requests.map(seen)).toEqual(row.requests);
    expect(r.code).toBe(row.code);
    row.check?.(r, f);
  });

  it('runs as the real binary too: a reference command line, its exit code and its streams', async () => {
    const f = files();
    wrong.add(2);
    const r = await runBin(['verify', '-f', f.pact, ...at(), '-s', `http://127.0.0.1:${port()}/state`, '--no-color', '-l', 'info'], { cwd: f.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('note: ignored --loglevel');
    expect(r.stdout).toMatch(/✗ get item 2/);
    expect(r.stderr).toBe('');
  });

  it('--no-colour / --no-color win over FORCE_COLOR', async () => {
    const f = files();
    wrong.add(2);
    const env = { FORCE_COLOR: '1', NO_COLOR: undefined };
    expect((await runCli(['verify', '-f', f.pact, ...at()], { cwd: f.dir, env })).stdout).toContain('\u001b[');
    for (const flag of ['--no-colour', '--no-color']) {
      const r = await runCli(['verify', '-f', f.pact, ...at(), flag], { cwd: f.dir, env });
      expect(r.code).toBe(1);
      expect(r.all).not.toContain('\u001b[');
    }
  });

  it('--version prints the version; -v is --verbose here', async () => {
    const version = await runCli(['verify', '--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const f = files();
    const verbose = await runCli(['verify', '-f', f.pact, ...at(), '-v'], { cwd: f.dir });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain(`provider URL http://127.0.0.1:${port()} (from --hostname/--port/--transport(s)/--base-path)`);
  });

  it.each([
    [['-p', '8080'], "-p/--broker-password was given without a broker username, and its value looks like a port number", "the reference verifier's -p (the provider port) is --port here"],
    [['--port', '1', '--provider-base-url', 'http://localhost:1'], '--provider-base-url and --hostname/--port/--transport(s)/--base-path both say where the provider is', 'Pass either'],
    [['--transports', 'http8080'], "--transports 'http8080': expected TRANSPORT:PORT[/path]", ''],
    [['-n', 'A', '--provider', 'B'], '--provider and -n/--provider-name name the same setting with different values', 'Pass one of them'],
    [['--port', '99999'], "--port must be a port number (0-65535), got '99999'", ''],
  ])('%j is a usage error (exit 2) that says what to do', async (args, message, hint) => {
    const f = files();
    const r = await runCli(['verify', '-f', f.pact, ...args], { cwd: f.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(provider.requests).toEqual([]);
  });
});

describe('--exit-on-first-error', () => {
  it('starts nothing after the first failure; the report says the run is partial', async () => {
    const f = files();
    const pact = writePact(f.dir, pactV3('Web', 'Items', [getItem(1), getItem(2), getItem(3), getItem(4)]), 'four.json');
    wrong.add(2).add(3);
    const r = await runCli(['verify', '-f', pact, ...at(), '--exit-on-first-error', '-j', 'r.json'], { cwd: f.dir });
    expect(r.code).toBe(1);
    expect(provider.requests.map(seen)).toEqual(['GET /items/1', 'GET /items/2']);
    expect(r.stderr).toContain('warning: stopped at the first failure (--exit-on-first-error): 2 interactions not verified');
    const report = JSON.parse(readFileSync(path.join(f.dir, 'r.json'), 'utf8')) as { filtered: boolean; filters: string[]; summary: { interactions: number } };
    expect(report).toMatchObject({ filtered: true, summary: { interactions: 2 } });
    expect(report.filters).toEqual([expect.stringContaining('stopped at the first failure')]);
  });

  it('does not stop at a pending failure (the reference does: pactship never skips what could fail the build)', async () => {
    const f = files();
    const pending = { type: 'Synchronous/HTTP', key: 'p', pending: true, description: 'pending item 2', request: { method: 'GET', path: '/items/2' }, response: { status: 200, body: { content: { id: 2, name: 'item 2' } } } };
    const blocking = { ...pending, key: 'b', pending: false, description: 'get item 3', request: { method: 'GET', path: '/items/3' }, response: { status: 200, body: { content: { id: 3, name: 'item 3' } } } };
    const pact = writePact(f.dir, pactV4('Web', 'Items', [pending, blocking]), 'v4.json');
    wrong.add(2).add(3);
    const r = await runCli(['verify', '-f', pact, ...at(), '--exit-on-first-error'], { cwd: f.dir });
    expect(provider.requests.map(seen)).toEqual(['GET /items/2', 'GET /items/3']);
    expect(r.code).toBe(1);
  });

  it('a complete run (nothing failed) is not affected', async () => {
    const f = files();
    const r = await runCli(['verify', '-f', f.pact, ...at(), '-s', `http://127.0.0.1:${port()}/state`, '--exit-on-first-error'], { cwd: f.dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('--last-failed', () => {
  it('reruns what failed in the previous -j report until it passes, then everything again', async () => {
    const f = files();
    const pact = writePact(f.dir, pactV3('Web', 'Items', [getItem(1), getItem(2), getItem(3)]), 'three.json');
    const cmd = ['verify', '-f', pact, ...at(), '-j', 'report.json', '--last-failed'];
    wrong.add(2).add(3);

    const first = await runCli(cmd, { cwd: f.dir });
    expect(first.stdout).toContain('--last-failed: no previous report at report.json yet: verifying every interaction');
    expect(provider.requests.map(seen)).toEqual(['GET /items/1', 'GET /items/2', 'GET /items/3']);
    expect(first.code).toBe(1);

    provider.requests.length = 0;
    wrong.delete(3);
    const second = await runCli(cmd, { cwd: f.dir });
    expect(second.stdout).toContain('--last-failed: verifying the 2 interactions that failed in the previous run (report.json)');
    expect(provider.requests.map(seen)).toEqual(['GET /items/2', 'GET /items/3']);
    expect(second.code).toBe(1);
    const report = JSON.parse(readFileSync(path.join(f.dir, 'report.json'), 'utf8')) as { filtered: boolean; pacts: { interactions: { description: string; status: string }[] }[] };
    expect(report.filtered).toBe(true);
    expect(report.pacts[0]?.interactions.map((i) => `${i.description}: ${i.status}`)).toEqual(['get item 2: failed', 'get item 3: passed']);

    provider.requests.length = 0;
    wrong.clear();
    expect((await runCli(cmd, { cwd: f.dir })).code).toBe(0);
    expect(provider.requests.map(seen)).toEqual(['GET /items/2']);

    provider.requests.length = 0;
    const all = await runCli(cmd, { cwd: f.dir });
    expect(all.stdout).toContain('nothing failed in the previous run (report.json): verifying every interaction');
    expect(provider.requests.map(seen)).toEqual(['GET /items/1', 'GET /items/2', 'GET /items/3']);
  });

  it('reads a report the reference verifier wrote', async () => {
    const f = files();
    const pact = writePact(
      f.dir,
      pactV4('Web', 'Items', [1, 2, 3].map((id) => ({ type: 'Synchronous/HTTP', key: `k${id}`, description: `get item ${id}`, request: { method: 'GET', path: `/items/${id}` }, response: { status: 200 } }))),
      'v4.json',
    );
    writeFileSync(
      path.join(f.dir, 'ref.json'),
      JSON.stringify({ interactionResults: [{ description: 'get item 1', interactionKey: 'k1', result: 'OK' }, { description: 'get item 3', interactionKey: 'k3', result: 'Error' }] }),
    );
    const r = await runCli(['verify', '-f', pact, ...at(), '--json', 'ref.json', '--last-failed'], { cwd: f.dir });
    expect(r.code).toBe(0);
    expect(provider.requests.map(seen)).toEqual(['GET /items/3']);
  });

  it('needs -j/--json', async () => {
    const f = files();
    const r = await runCli(['verify', '-f', f.pact, ...at(), '--last-failed'], { cwd: f.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--last-failed needs the previous run’s JSON report: pass -j/--json <file>');
  });
});

describe('reference command lines against a broker', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker({ auth: { username: 'ci', password: 'pw-s3cret' } });
  });
  afterAll(async () => {
    await broker.close();
  });
  afterEach(() => broker.reset());
  const auth = () => ['--user', 'ci', '--password', 'pw-s3cret'];
  const forVerification = () => broker.requests.find((q) => q.method === 'POST' && q.path.endsWith('/for-verification'))?.json;

  it('-b -n without selectors verifies the latest pact of each consumer, as the reference does', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(3)]), consumerVersion: '1.1.0', branch: 'feat' });
    const r = await runCli(['verify', '-b', broker.url, '-n', 'Items', ...auth(), ...at()]);
    expect(r.code).toBe(0);
    expect(forVerification()).toMatchObject({ consumerVersionSelectors: [{ latest: true }] });
    expect(provider.requests.map(seen)).toEqual(['GET /items/3']);
    expect(r.all).not.toContain('pw-s3cret');
  });

  it('--broker-url --consumer-version-tags --provider-branch --enable-pending --publish --provider-version --provider-tags', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main', tags: ['prod'] });
    const r = await runCli([
      'verify', '--broker-url', broker.url, '--provider-name', 'Items', ...auth(), ...at(),
      '--consumer-version-tags', 'prod,dev', '--provider-branch', 'main', '--enable-pending',
      '--publish', '--provider-version', '2.0.0', '--provider-tags', 'a,b', '--build-url', 'https://ci.example/7',
    ]);
    expect(r.code).toBe(0);
    expect(forVerification()).toEqual({
      consumerVersionSelectors: [{ tag: 'prod', latest: true }, { tag: 'dev', latest: true }],
      providerVersionBranch: 'main',
      providerVersionTags: ['a', 'b'],
      includePendingStatus: true,
    });
    const result = broker.requests.find((q) => q.method === 'POST' && q.path.endsWith('/verification-results'));
    expect(result?.json).toMatchObject({ success: true, providerApplicationVersion: '2.0.0', buildUrl: 'https://ci.example/7' });
  });

  it('--exit-on-first-error with --publish: a stopped run is not published', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2), getItem(3)]), consumerVersion: '1.0.0', branch: 'main' });
    wrong.add(1);
    const r = await runCli(['verify', '-b', broker.url, '-n', 'Items', ...auth(), ...at(), '--publish', '--provider-version', '2.0.0', '--exit-on-first-error']);
    expect(r.code).toBe(1);
    expect(provider.requests.map(seen)).toEqual(['GET /items/1']);
    expect(broker.requests.some((q) => q.path.endsWith('/verification-results'))).toBe(false);
    expect(r.stdout).toContain('results not published: this run was filtered (stopped at the first failure');
  });

  it('--webhook-callback-url with -b: just that pact, fetched with the credentials', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(2)]), consumerVersion: '1.0.0', branch: 'main' });
    broker.publishPact({ pact: pactV3('Mobile', 'Items', [getItem(5)]), consumerVersion: '3.0.0', branch: 'main' });
    const pactUrl = `${broker.url}/pacts/provider/Items/consumer/Web/version/1.0.0`;
    const r = await runCli(['verify', '--webhook-callback-url', pactUrl, '-b', broker.url, '-n', 'Items', ...auth(), ...at()]);
    expect(r.code).toBe(0);
    expect(provider.requests.map(seen)).toEqual(['GET /items/2']);
    expect(broker.requests.find((q) => q.path.includes('/version/1.0.0'))?.headers['authorization']).toMatch(/^Basic /);
  });

  it('-u PACT_URL --user --password without a broker: the credentials go to the pact URL’s host, as the reference sends them', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
    const r = await runCli(['verify', '-u', `${broker.url}/pacts/provider/Items/consumer/Web/latest`, ...auth(), ...at(), '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('broker.baseUrl = ');
    expect(provider.requests.map(seen)).toEqual(['GET /items/1']);
    expect(r.all).not.toContain('pw-s3cret');
  });
});

describe('--html', () => {
  it('writes one page with each pact and interaction, the failure side by side, and no secret', async () => {
    const f = files();
    const token = 'tok-S3CRET-42';
    // The provider answers item 2 with the broker token as its name: it must not reach the page.
    const leaky = await startTestProvider((req) => ({ status: 200, body: req.path === '/items/2' ? { id: 2, name: token } : { id: 1, name: 'item 1' } }));
    try {
      const pact = writePact(f.dir, pactV3('Web', 'Items', [getItem(1), getItem(2, 'item 2', { providerStates: [{ name: 'two' }] })]), 'two.json');
      const r = await runCli(['verify', '--pact', pact, '--provider-base-url', leaky.url, '-k', token, '--html', 'out/report.html'], { cwd: f.dir });
      expect(r.code).toBe(1);
      const html = readFileSync(path.join(f.dir, 'out/report.html'), 'utf8');
      expect(html).not.toContain('S3CRET');
      const { parseXml, childElements } = await import('../../src/matching/body/xml-parse.js');
      type El = ReturnType<typeof parseXml>;
      const all = (el: El): El[] => [el, ...childElements(el).flatMap(all)];
      const cls = (el: El) => el.attributes.find((a) => a.name === 'class')?.value ?? '';
      const text = (el: El): string => el.children.map((c) => (c.type === 'text' ? c.text : text(c))).join('').replace(/\s+/g, ' ').trim();
      const nodes = all(parseXml(html));
      expect(nodes.filter((n) => cls(n).startsWith('pact ')).map(cls)).toEqual(['pact failed']);
      const interactions = nodes.filter((n) => cls(n).startsWith('interaction '));
      expect(interactions.map((n) => text(n))).toEqual([expect.stringMatching(/^✓ passed get item 1 HTTP \d+ ms$/), expect.stringMatching(/^✗ failed get item 2 given ‘two’ HTTP \d+ ms/)]);
      const failed = all(interactions[1] as El);
      expect(failed.filter((n) => cls(n).includes('changed')).map(text)).toEqual(['"name": "item 2"', '"name": "*****"', 'differs']);
      expect(failed.filter((n) => n.local === 'mark').map(text)).toEqual(['$.name']);
      expect(text(failed.find((n) => cls(n) === 'request') as El)).toBe(`Request sent: GET ${leaky.url}/items/2`);
      const rerun = failed.find((n) => n.local === 'code' && (n.attributes.find((a) => a.name === 'id')?.value ?? '').endsWith('-rerun')) as El;
      expect(text(rerun)).toBe(`pactship verify --pact ${pact} --provider-base-url ${leaky.url} --filter-description '^get item 2$' --filter-state '^two$'`);
    } finally {
      await leaky.close();
    }
  });
});

describe('--html in a real browser', () => {
  const browser = ['chromium', 'chromium-browser', 'google-chrome'].map((b) => ({ b, path: whichSync(b) })).find((x) => x.path)?.path;
  // Debian: apt-get install -y chromium. Without a browser this is skipped; the structure is checked above.
  it.skipIf(!browser)('renders: the copy buttons appear (the script ran) and a screenshot is taken', async () => {
    const f = files();
    wrong.add(2);
    const r = await runCli(['verify', '-f', f.pact, ...at(), '--html', 'report.html'], { cwd: f.dir });
    expect(r.code).toBe(1);
    const page = `file://${path.join(f.dir, 'report.html')}`;
    // No network for the page: every host resolves nowhere (the CSP forbids fetching anyway).
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--host-resolver-rules=MAP * ~NOTFOUND', '--window-size=1200,900'];
    const dom = execFileSync(browser as string, [...flags, '--dump-dom', page], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 });
    expect(dom).toMatch(/<button type="button" class="copy" data-copy="pact-1-2-rerun">Copy<\/button>/);
    mkdirSync(path.join(f.dir, 'shots'));
    const shot = path.join(f.dir, 'shots', 'report.png');
    execFileSync(browser as string, [...flags, `--screenshot=${shot}`, page], { stdio: 'ignore', timeout: 60_000 });
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  }, 120_000);
});

function whichSync(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      readFileSync(candidate, { flag: 'r' }).subarray(0, 0);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}


describe.runIf(hasOpenssl)('--transport https and --disable-ssl-verification', () => {
  it('a self-signed provider: nothing verified (exit 2, hint names --disable-ssl-verification), unless --disable-ssl-verification', async () => {
    const dir = tempDir('pactship-tls-');
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":1,"name":"item 1"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const pact = writePact(dir, pactV3('Web', 'Items', [getItem(1)]), 'p.json');
      const args = ['verify', '-f', pact, '--hostname', '127.0.0.1', '--port', String((server.address() as AddressInfo).port), '--transport', 'https'];
      const strict = await runCli(args, { cwd: dir });
      // The only request got no HTTP answer: nothing was verified (exit 2), with the way out.
      expect(strict.code).toBe(2);
      expect(strict.stdout).toMatch(/✗ get item 1/);
      expect(strict.stderr).toContain('--disable-ssl-verification');
      const insecure = await runCli([...args, '--disable-ssl-verification'], { cwd: dir });
      expect(insecure.code, insecure.all).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

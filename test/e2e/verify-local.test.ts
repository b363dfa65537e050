/** `pactship verify --pact …` through the built binary against real provider servers on 127.0.0.1. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';
import { freePort, startTestProvider, type Handler, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, pactV4, writePact, type InteractionSpec } from '../support/provider/pacts.js';

const providers: TestProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

async function provider(handler: Handler, options: Parameters<typeof startTestProvider>[1] = {}): Promise<TestProvider> {
  const p = await startTestProvider(handler, options);
  providers.push(p);
  return p;
}

const items: Handler = (req) => {
  const m = /^\/items\/(\d+)$/.exec(req.path);
  if (req.method === 'GET' && m) return { status: 200, body: { id: Number(m[1]), name: `item ${m[1]}` } };
  return { status: 404, body: { error: 'not found' } };
};

function pactDir(interactions: InteractionSpec[], consumer = 'Web', providerName = 'Items'): string {
  const dir = tempDir('pactship-pacts-');
  writePact(dir, pactV3(consumer, providerName, interactions));
  return dir;
}

describe('verify local pact files', () => {
  it('passes when the provider answers as the pact says, with a ✓ line per interaction and a summary', async () => {
    const p = await provider(items);
    const dir = pactDir([getItem(1), getItem(2)]);
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url]);
    expect.soft(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ get item 1 \(\d+ ms\)/);
    expect(r.stdout).toMatch(/✓ get item 2/);
    expect(r.stdout).toMatch(/2 interactions in 1 pact: 2 verified, 0 failed, 0 pending failed \(/);
    expect(p.requests.map((q) => `${q.method} ${q.url}`)).toEqual(['GET /items/1', 'GET /items/2']);
  });

  it('fails with exit 1, shows the mismatch as expected/actual and a rerun command', async () => {
    const p = await provider(items);
    const dir = pactDir([getItem(1, 'something else')]);
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ get item 1/);
    expect(r.stdout).toContain('Body had differences');
    expect(r.stdout).toContain('$.name');
    expect(r.stdout).toContain('- expected: "something else"');
    expect(r.stdout).toContain('+ actual:   "item 1"');
    expect(r.stdout).toMatch(/rerun: pactship verify --pact \S+ --provider-base-url \S+ --filter-description '\^get item 1\$' --filter-no-state/);
    expect(r.stdout).toContain('1 failed');
  });

  it('joins the base path of --provider-base-url and sends query, headers and body from the pact', async () => {
    const p = await provider(() => ({ status: 201, body: { ok: true } }));
    const dir = pactDir([
      {
        description: 'create',
        request: { method: 'POST', path: '/items', query: { a: ['1', '2'], q: ['x y'] }, headers: { 'Content-Type': 'application/json', 'X-Trace': 't1' }, body: { name: 'n' } },
        response: { status: 201, body: { ok: true } },
      },
    ]);
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', `${p.url}/api/v1/`]);
    expect(r.code).toBe(0);
    const req = p.requests[0];
    expect(req?.path).toBe('/api/v1/items');
    expect(req?.query.getAll('a')).toEqual(['1', '2']);
    expect(req?.query.get('q')).toBe('x y');
    expect(req?.headers['x-trace']).toBe('t1');
    expect(JSON.parse(req?.text ?? '')).toEqual({ name: 'n' });
  });

  it('reaches a provider on ::1 through localhost', async () => {
    let p: TestProvider;
    try {
      p = await provider(items, { host: '::1' });
    } catch {
      return; // no IPv6 loopback on this machine
    }
    const dir = pactDir([getItem(1)]);
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', `http://localhost:${p.port}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('reaches a provider on 127.0.0.1 through localhost', async () => {
    const p = await provider(items);
    const r = await runCli(['verify', '--pact', pactDir([getItem(1)]), '--provider-base-url', `http://localhost:${p.port}`]);
    expect(r.code).toBe(0);
  });
});

describe('provider states', () => {
  const stateful: InteractionSpec[] = [
    getItem(1, 'item 1', { providerStates: [{ name: 'item 1 exists', params: { id: 1 } }, { name: 'user is admin' }] }),
    getItem(2),
  ];

  it('POSTs setup before and teardown after each interaction, once per state, and an empty state for none', async () => {
    const p = await provider(items);
    const r = await runCli(['verify', '--pact', pactDir(stateful), '--provider-base-url', p.url, '--state-change-url', p.stateChangeUrl]);
    expect(r.code).toBe(0);
    const log = p.events.map((e) => (e.kind === 'state' ? `${e.call.action}:${e.call.state}` : `${e.request.method} ${e.request.path}`));
    expect(log).toEqual([
      'setup:item 1 exists',
      'setup:user is admin',
      'GET /items/1',
      'teardown:item 1 exists',
      'teardown:user is admin',
      'setup:',
      'GET /items/2',
      'teardown:',
    ]);
    expect(p.stateCalls[0]).toEqual({ state: 'item 1 exists', params: { id: 1 }, action: 'setup' });
    expect(p.stateCalls[1]).toEqual({ state: 'user is admin', params: {}, action: 'setup' });
  });

  it('a failing setup fails the interaction with "State change request failed", no request, no teardown, no retry', async () => {
    const p = await provider(items, { onState: (c) => (c.state === 'item 1 exists' ? { status: 500, body: 'database down' } : { status: 200 }) });
    const r = await runCli(['verify', '--pact', pactDir(stateful), '--provider-base-url', p.url, '--state-change-url', p.stateChangeUrl]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('State change request failed');
    expect(r.stdout).toContain('500');
    expect(r.stdout).toContain('database down');
    expect(p.requests.map((q) => q.path)).toEqual(['/items/2']);
    expect(p.stateCalls.filter((c) => c.state === 'item 1 exists')).toEqual([{ state: 'item 1 exists', params: { id: 1 }, action: 'setup' }]);
    expect(p.stateCalls.some((c) => c.action === 'teardown' && c.state !== '')).toBe(false);
  });

  it('warns once per state that has no handler and continues', async () => {
    const p = await provider(items);
    const pact = [
      getItem(1, 'item 1', { providerStates: [{ name: 'item 1 exists' }] }),
      getItem(1, 'item 1', { description: 'again', providerStates: [{ name: 'item 1 exists' }] }),
    ];
    const r = await runCli(['verify', '--pact', pactDir(pact), '--provider-base-url', p.url]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/no state change handler for provider state 'item 1 exists'/g)).toHaveLength(1);
  });

  it('feeds values returned by the setup into ProviderState generators', async () => {
    const p = await provider(items, { onState: () => ({ status: 200, body: { id: 42 } }) });
    const pact = [
      {
        description: 'get the created item',
        providerStates: [{ name: 'an item exists' }],
        request: { method: 'GET', path: '/items/1', generators: { path: { type: 'ProviderState', expression: '/items/${id}', dataType: 'STRING' } } },
        response: { status: 200, body: { id: 42, name: 'item 42' } },
      },
    ];
    const r = await runCli(['verify', '--pact', pactDir(pact), '--provider-base-url', p.url, '--state-change-url', p.stateChangeUrl]);
    expect(r.code).toBe(0);
    expect(p.requests[0]?.path).toBe('/items/42');
  });

  it('uses JS state handlers and the request filter from pactship.config.mjs', async () => {
    const p = await provider((req) => (req.headers['authorization'] === 'Bearer from-filter' ? items(req) : { status: 401 }));
    const cwd = tempDir('pactship-cwd-');
    const log = path.join(cwd, 'handlers.log');
    writeFileSync(
      path.join(cwd, 'pactship.config.mjs'),
      `import { appendFileSync } from 'node:fs';
export default {
  verify: {
    stateHandlers: {
      'item 1 exists': async (params) => { appendFileSync(${JSON.stringify(log)}, 'fn:' + JSON.stringify(params) + '\\n'); return { id: 1 }; },
      'user is admin': {
        setup: async () => { appendFileSync(${JSON.stringify(log)}, 'setup:admin\\n'); },
        teardown: async () => { appendFileSync(${JSON.stringify(log)}, 'teardown:admin\\n'); },
      },
    },
    requestFilter: (request) => ({ ...request, headers: { ...request.headers, Authorization: 'Bearer from-filter' } }),
  },
};
`,
    );
    const r = await runCli(['verify', '--pact', pactDir(stateful), '--provider-base-url', p.url], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('fn:{"id":1}\nsetup:admin\nteardown:admin\n');
  });
});

describe('request filters, timeouts and connection errors', () => {
  it('--header replaces same-named headers from the pact', async () => {
    const p = await provider(items);
    const pact = [getItem(1, 'item 1', { request: { method: 'GET', path: '/items/1', headers: { authorization: 'Bearer pact' } } })];
    const r = await runCli(['verify', '--pact', pactDir(pact), '--provider-base-url', p.url, '--header', 'Authorization: Bearer real', '--header', 'X-Extra: 1']);
    expect(r.code).toBe(0);
    expect(p.requests[0]?.headers['authorization']).toBe('Bearer real');
    expect(p.requests[0]?.headers['x-extra']).toBe('1');
  });

  it('--timeout turns a slow provider into an interaction error', async () => {
    // Slow on one request only: a provider that answers nothing at all could not be verified (exit 2, below).
    const p = await provider((req) => ({ status: 200, body: { id: 1, name: 'item 1' }, delayMs: req.path === '/items/1' ? 3_000 : 0 }));
    const r = await runCli(['verify', '--pact', pactDir([getItem(1), getItem(2)]), '--provider-base-url', p.url, '--timeout', '200']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no response from GET');
    expect(r.stdout).toContain('within 200 ms');
  });

  it('connection refused names the URL and suggests --provider-start', async () => {
    const port = await freePort();
    const r = await runCli(['verify', '--pact', pactDir([getItem(1)]), '--provider-base-url', `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(2); // no request answered: the run could not happen
    expect(r.stdout).toContain(`connection refused: GET http://127.0.0.1:${port}/items/1`);
    expect(r.stderr).toContain(`error: the provider at http://127.0.0.1:${port} did not answer any of 1 request(s)`);
    expect(r.stderr).toContain('--provider-start');
  });
});

describe('filters', () => {
  const pact = [getItem(1, 'item 1', { providerStates: [{ name: 'item 1 exists' }] }), getItem(2), getItem(3)];

  it('--filter-description, --filter-state and --filter-no-state select interactions', async () => {
    const p = await provider(items);
    const dir = pactDir(pact);
    const a = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--filter-description', '^get item [12]$']);
    expect(a.code).toBe(0);
    expect(p.requests.map((q) => q.path)).toEqual(['/items/1', '/items/2']);
    p.requests.length = 0;
    const b = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--filter-state', 'exists']);
    expect(b.code).toBe(0);
    expect(p.requests.map((q) => q.path)).toEqual(['/items/1']);
    p.requests.length = 0;
    const c = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--filter-no-state']);
    expect(c.code).toBe(0);
    expect(p.requests.map((q) => q.path)).toEqual(['/items/2', '/items/3']);
  });

  it('PACT_DESCRIPTION / PACT_PROVIDER_STATE / PACT_PROVIDER_NO_STATE do the same', async () => {
    const p = await provider(items);
    const dir = pactDir(pact);
    await runCli(['verify', '--pact', dir, '--provider-base-url', p.url], { env: { PACT_DESCRIPTION: 'item 3' } });
    await runCli(['verify', '--pact', dir, '--provider-base-url', p.url], { env: { PACT_PROVIDER_STATE: 'item 1' } });
    await runCli(['verify', '--pact', dir, '--provider-base-url', p.url], { env: { PACT_PROVIDER_NO_STATE: 'true' } });
    expect(p.requests.map((q) => q.path)).toEqual(['/items/3', '/items/1', '/items/2', '/items/3']);
  });

  it('--filter-consumer keeps one consumer; a filter that leaves nothing verifies nothing (exit 1)', async () => {
    const p = await provider(items);
    const dir = tempDir('pactship-pacts-');
    writePact(dir, pactV3('Web', 'Items', [getItem(1)]));
    writePact(dir, pactV3('Mobile', 'Items', [getItem(2)]));
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--filter-consumer', 'Mobile']);
    expect(r.code).toBe(0);
    expect(p.requests.map((q) => q.path)).toEqual(['/items/2']);
    const none = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--filter-description', 'nothing matches this']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('verified nothing');
  });
});

describe('reports', () => {
  it('--json and --junit write valid files in one run; --output json prints the same document', async () => {
    const p = await provider(items);
    const cwd = tempDir('pactship-cwd-');
    const dir = pactDir([getItem(1), getItem(2, 'wrong')]);
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--json', 'out/report.json', '--junit', 'out/junit.xml'], { cwd });
    expect(r.code).toBe(1);
    const doc = JSON.parse(readFileSync(path.join(cwd, 'out/report.json'), 'utf8')) as {
      success: boolean;
      summary: { passed: number; failed: number };
      pacts: { consumer: string; interactions: { description: string; status: string; mismatches: { path: string }[] }[] }[];
    };
    expect(doc.success).toBe(false);
    expect(doc.summary).toMatchObject({ passed: 1, failed: 1 });
    expect(doc.pacts[0]?.interactions.map((i) => [i.description, i.status])).toEqual([
      ['get item 1', 'passed'],
      ['get item 2', 'failed'],
    ]);
    expect(doc.pacts[0]?.interactions[1]?.mismatches[0]?.path).toBe('$.name');
    const xml = readFileSync(path.join(cwd, 'out/junit.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('failures="1"');
    expect(xml).toMatch(/<failure message="[^"]*"/);

    const j = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--output', 'json'], { cwd });
    expect(j.code).toBe(1);
    const printed = JSON.parse(j.stdout) as typeof doc;
    expect(printed.summary).toMatchObject({ passed: 1, failed: 1 });
  });

  it('appends a markdown summary to GITHUB_STEP_SUMMARY', async () => {
    const p = await provider(items);
    const summary = path.join(tempDir(), 'summary.md');
    writeFileSync(summary, '# before\n');
    const r = await runCli(['verify', '--pact', pactDir([getItem(1)]), '--provider-base-url', p.url], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(0);
    const md = readFileSync(summary, 'utf8');
    expect(md.startsWith('# before\n')).toBe(true);
    expect(md).toContain('Pact verification of Items');
    expect(md).toContain('| Web |');
  });
});

describe('bodies and interaction types', () => {
  it('verifies text, XML, binary and form bodies', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3]);
    const p = await provider((req) => {
      switch (req.path) {
        case '/text':
          return { headers: { 'Content-Type': 'text/plain' }, body: 'hello world' };
        case '/xml':
          return { headers: { 'Content-Type': 'application/xml' }, body: '<?xml version="1.0"?><item id="1"><name>one</name></item>' };
        case '/image':
          return { headers: { 'Content-Type': 'image/png' }, body: png };
        case '/form':
          return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: req.text === 'a=1&b=two' ? 'ok=yes' : 'ok=no' };
        default:
          return { status: 404 };
      }
    });
    const dir = tempDir('pactship-pacts-');
    writePact(
      dir,
      pactV4('Web', 'Files', [
        { type: 'Synchronous/HTTP', key: 't', description: 'text', request: { method: 'GET', path: '/text' }, response: { status: 200, headers: { 'Content-Type': ['text/plain'] }, body: { contentType: 'text/plain', content: 'hello world', encoded: false } } },
        { type: 'Synchronous/HTTP', key: 'x', description: 'xml', request: { method: 'GET', path: '/xml' }, response: { status: 200, headers: { 'Content-Type': ['application/xml'] }, body: { contentType: 'application/xml', content: '<?xml version="1.0"?><item id="1"><name>one</name></item>', encoded: false } } },
        { type: 'Synchronous/HTTP', key: 'b', description: 'binary', request: { method: 'GET', path: '/image' }, response: { status: 200, headers: { 'Content-Type': ['image/png'] }, body: { contentType: 'image/png', content: png.toString('base64'), encoded: 'base64' } } },
        {
          type: 'Synchronous/HTTP',
          key: 'f',
          description: 'form',
          request: { method: 'POST', path: '/form', headers: { 'Content-Type': ['application/x-www-form-urlencoded'] }, body: { contentType: 'application/x-www-form-urlencoded', content: 'a=1&b=two', encoded: false } },
          response: { status: 200, headers: { 'Content-Type': ['application/x-www-form-urlencoded'] }, body: { contentType: 'application/x-www-form-urlencoded', content: 'ok=yes', encoded: false } },
        },
      ]),
    );
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url]);
    expect(r.stdout).toContain('4 verified');
    expect(r.code).toBe(0);
    expect(p.requests.find((q) => q.path === '/form')?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('a V4 pact with HTTP and message interactions but no message source: the messages fail, never skipped or passed', async () => {
    const p = await provider(items);
    const dir = tempDir('pactship-pacts-');
    writePact(
      dir,
      pactV4('Web', 'Items', [
        { type: 'Synchronous/HTTP', key: 'h1', description: 'get item 1', request: { method: 'GET', path: '/items/1' }, response: { status: 200, body: { contentType: 'application/json', content: { id: 1, name: 'item 1' } } } },
        { type: 'Asynchronous/Messages', key: 'm1', description: 'an item created event', contents: { contentType: 'application/json', content: { id: 1 } } },
        { type: 'Synchronous/HTTP', key: 'h2', description: 'get item 2 (pending)', pending: true, request: { method: 'GET', path: '/items/2' }, response: { status: 200, body: { contentType: 'application/json', content: { id: 2, name: 'nope' } } } },
      ]),
    );
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ an item created event \(message, \d+ ms\)/);
    expect(r.stdout).toContain("no source for the message 'an item created event': pass --message-url <url>");
    expect(r.stdout).toContain('verify.messageHandlers["an item created event"]');
    expect(r.stdout).toContain('1 verified, 1 failed, 1 pending failed');
    const doc = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8')) as { pacts: { interactions: { status: string; errors: { kind: string }[] }[] }[] };
    expect(doc.pacts[0]?.interactions.map((i) => i.status)).toEqual(['passed', 'failed', 'failed']);
    expect(doc.pacts[0]?.interactions[1]?.errors[0]?.kind).toBe('message-source');
  });

  it('--concurrency keeps the output in pact order', async () => {
    const p = await provider(async (req) => {
      const id = Number(req.path.split('/').at(-1));
      return { ...(await items(req)), delayMs: (10 - id) * 20 };
    });
    const dir = pactDir(Array.from({ length: 8 }, (_, i) => getItem(i + 1)));
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--concurrency', '4', '--json', 'r.json'], { cwd: dir });
    expect(r.code).toBe(0);
    const order = [...r.stdout.matchAll(/✓ get item (\d+)/g)].map((m) => Number(m[1]));
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('usage', () => {
  it('no pacts given → exit 2 with a hint', async () => {
    const r = await runCli(['verify']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to verify');
  });

  it('--publish-verification-results for local files says results cannot be published for them', async () => {
    const p = await provider(items);
    const r = await runCli(['verify', '--pact', pactDir([getItem(1)]), '--provider-base-url', p.url, '--publish-verification-results', '-a', '1.0.0']);
    expect(r.code).toBe(0);
    expect(r.all).toContain("results can't be published for local file");
  });
});

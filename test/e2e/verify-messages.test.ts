/**
 * Message interactions through the built binary: a pact mixing HTTP, asynchronous and synchronous
 * messages against a real provider process that serves both its HTTP API and a message endpoint,
 * the same with JS message handlers, failures (body, metadata, endpoint errors), pending messages,
 * filters and concurrency, and the broker loop (publish → pacts → verify → published results).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli, tempDir } from '../support/cli.js';
import { startTestProvider, type Handler, type ProviderRequestRecord, type Reply, type TestProvider } from '../support/provider/index.js';
import { messageReply, type MessageRequest, type ProvidedMessage } from '../support/provider/messages.js';
import { pactV4, writePact } from '../support/provider/pacts.js';

const providers: TestProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

const MESSAGES = '/_pact/messages';

/** One provider process: GET /items/{id}, and the message endpoint answering through `messages`. */
async function provider(messages: (m: MessageRequest) => ProvidedMessage | Reply): Promise<TestProvider & { messageRequests: MessageRequest[] }> {
  const messageRequests: MessageRequest[] = [];
  const handler: Handler = (req: ProviderRequestRecord) => {
    if (req.method === 'POST' && req.path === MESSAGES) {
      const m = JSON.parse(req.text) as MessageRequest;
      messageRequests.push(m);
      const answer = messages(m);
      return 'contents' in answer ? messageReply(answer) : answer;
    }
    const item = /^\/items\/(\d+)$/.exec(req.path);
    return item ? { status: 200, body: { id: Number(item[1]), name: `item ${item[1]}` } } : { status: 404 };
  };
  const p = await startTestProvider(handler);
  providers.push(p);
  return Object.assign(p, { messageRequests });
}

/** The provider as the pact below expects it. */
const good = (m: MessageRequest): ProvidedMessage | Reply => {
  switch (m.description) {
    case 'an item created event':
      return { contents: { id: m.providerStates?.[0]?.params?.id ?? 7, name: 'item 1' }, metadata: { topic: 'items' } };
    case 'a price quote': {
      const q = m.request?.contents.content as { sku: string; qty: number };
      return { contents: { sku: q.sku, total: q.qty * 10 }, metadata: { currency: 'EUR' } };
    }
    default:
      return { status: 404, body: `no message called '${m.description}'` };
  }
};

const mixed = (over: { event?: Record<string, unknown> } = {}) =>
  pactV4('Web', 'Items', [
    { type: 'Synchronous/HTTP', key: 'h1', description: 'get item 1', request: { method: 'GET', path: '/items/1' }, response: { status: 200, body: { contentType: 'application/json', content: { id: 1, name: 'item 1' } } } },
    {
      type: 'Asynchronous/Messages',
      key: 'm1',
      description: 'an item created event',
      providerStates: [{ name: 'an item exists', params: { id: 1 } }],
      contents: { content: { id: 1, name: 'item 1' }, contentType: 'application/json', encoded: false },
      metadata: { topic: 'items' },
      matchingRules: { content: { '$.id': { combine: 'AND', matchers: [{ match: 'integer' }] } }, metadata: { topic: { combine: 'AND', matchers: [{ match: 'regex', regex: '^[a-z]+$' }] } } },
      ...over.event,
    },
    {
      type: 'Synchronous/Messages',
      key: 's1',
      description: 'a price quote',
      request: { contents: { content: { sku: 'A-1', qty: 2 }, contentType: 'application/json', encoded: false } },
      response: [{ contents: { content: { sku: 'A-1', total: 20 }, contentType: 'application/json', encoded: false }, metadata: { currency: 'EUR' } }],
      comments: { text: ['quotes are computed, never stored'], testname: 'price quote test' },
    },
  ]);

function pactDir(pact: Record<string, unknown>): string {
  const dir = tempDir('pactship-pacts-');
  writePact(dir, pact);
  return dir;
}

describe('message interactions over --message-url', () => {
  it('a pact mixing HTTP, asynchronous and synchronous messages passes, and the endpoint gets the documented requests', async () => {
    const p = await provider(good);
    const cwd = tempDir('pactship-cwd-');
    const r = await runCli(['verify', '--pact', pactDir(mixed()), '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`, '--json', 'r.json'], { cwd });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toMatch(/✓ get item 1 \(\d+ ms\)/);
    expect(r.stdout).toMatch(/✓ an item created event given 'an item exists' \(message, \d+ ms\)/);
    expect(r.stdout).toMatch(/✓ a price quote \(sync message, \d+ ms\)\n {6}Test Name: price quote test\n {6}Comments:\n {8}quotes are computed, never stored\n/);
    expect(r.stdout).toContain('3 interactions in 1 pact: 3 verified, 0 failed, 0 pending failed');
    expect(p.messageRequests).toEqual([
      { description: 'an item created event', providerStates: [{ name: 'an item exists', params: { id: 1 } }] },
      {
        description: 'a price quote',
        providerStates: [],
        request: { contents: { content: { sku: 'A-1', qty: 2 }, contentType: 'application/json', encoded: false } },
      },
    ]);
    const messageCall = p.requests.find((q) => q.path === MESSAGES);
    expect(messageCall?.headers['content-type']).toBe('application/json');
    const doc = JSON.parse(readFileSync(path.join(cwd, 'r.json'), 'utf8')) as { messageUrl: string; pacts: { interactions: { type: string; request?: { method: string; url: string }; comments?: unknown }[] }[] };
    expect(doc.messageUrl).toBe(`${p.url}${MESSAGES}`);
    expect(doc.pacts[0]?.interactions.map((i) => i.type)).toEqual(['Synchronous/HTTP', 'Asynchronous/Messages', 'Synchronous/Messages']);
    expect(doc.pacts[0]?.interactions[1]?.request).toEqual({ method: 'POST', url: `${p.url}${MESSAGES}` });
    expect(doc.pacts[0]?.interactions[2]?.comments).toEqual({ text: ['quotes are computed, never stored'], testname: 'price quote test' });
  });

  it('a broken message body and broken metadata fail with their headings, the request, a rerun line and JUnit failures', async () => {
    const p = await provider((m) =>
      m.description === 'an item created event' ? { contents: { id: 'seven', name: 'item 1' }, metadata: { topic: 'Items!' } } : good(m),
    );
    const cwd = tempDir('pactship-cwd-');
    const r = await runCli(['verify', '--pact', pactDir(mixed()), '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`, '--junit', 'j.xml'], { cwd });
    expect(r.code).toBe(1);
    const block = r.stdout.slice(r.stdout.indexOf('✗ an item created event'), r.stdout.indexOf('✓ a price quote'));
    expect(block).toContain('1) Body had differences');
    expect(block).toContain('$.id:');
    expect(block).toContain('2) Metadata had differences');
    expect(block).toContain('topic:');
    expect(block).toContain(`request: POST ${p.url}${MESSAGES}`);
    expect(block).toMatch(/rerun: pactship verify --pact \S+ --message-url \S+ --filter-description '\^an item created event\$' --filter-state '\^an item exists\$'/);
    expect(r.stdout).toContain('2 verified, 1 failed');
    const xml = readFileSync(path.join(cwd, 'j.xml'), 'utf8');
    expect(xml).toContain('tests="3" failures="1"');
    expect(xml).toMatch(/<testcase classname="Web\.Items" name="an item created event \(given an item exists\)"[^>]*>\n\s*<failure/);
  });

  it('a wrong synchronous response fails; the request the provider got carries the request message', async () => {
    const p = await provider((m) => (m.description === 'a price quote' ? { contents: { sku: 'A-1', total: 99 } } : good(m)));
    const r = await runCli(['verify', '--pact', pactDir(mixed()), '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`, '--filter-description', 'quote']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ a price quote \(sync message/);
    expect(r.stdout).toContain('$.total:');
    expect(r.stdout).toContain("currency: Expected message metadata 'currency' but was missing");
  });

  it('a pending message that fails does not fail the run', async () => {
    const p = await provider((m) => (m.description === 'an item created event' ? { contents: { id: 1, name: 'renamed' }, metadata: { topic: 'items' } } : good(m)));
    const r = await runCli(['verify', '--pact', pactDir(mixed({ event: { pending: true } })), '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✗ an item created event given 'an item exists' \(message, \d+ ms\) \(pending: does not fail the build\)/);
    expect(r.stdout).toContain('2 verified, 0 failed, 1 pending failed');
  });

  it('an endpoint that answers an error, or metadata that is not base64 JSON, fails the message with what went wrong', async () => {
    const p = await provider((m) =>
      m.description === 'an item created event'
        ? { status: 500, body: 'kaputt' }
        : { status: 200, headers: { 'Content-Type': 'application/json', 'Pact-Message-Metadata': 'not base64 json' }, body: '{"sku":"A-1","total":20}' },
    );
    const r = await runCli(['verify', '--pact', pactDir(mixed()), '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("the message endpoint answered 500 for 'an item created event': kaputt");
    expect(r.stdout).toContain("the Pact-Message-Metadata header of the answer for 'a price quote' is not base64-encoded JSON");
  });

  it('--concurrency keeps messages in pact order; --filter-description selects them like HTTP interactions', async () => {
    const p = await provider((m) => {
      const n = Number(/\d+/.exec(m.description)?.[0]);
      return { status: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }), delayMs: (8 - n) * 15 };
    });
    const events = Array.from({ length: 6 }, (_, i) => ({
      type: 'Asynchronous/Messages',
      key: `e${i + 1}`,
      description: `event ${i + 1}`,
      contents: { content: { n: i + 1 }, contentType: 'application/json', encoded: false },
    }));
    const dir = pactDir(pactV4('Web', 'Items', events));
    const r = await runCli(['verify', '--pact', dir, '--message-url', `${p.url}${MESSAGES}`, '--concurrency', '4']);
    expect(r.code).toBe(0);
    expect([...r.stdout.matchAll(/✓ event (\d+)/g)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5, 6]);
    const f = await runCli(['verify', '--pact', dir, '--message-url', `${p.url}${MESSAGES}`, '--filter-description', '^event [25]$']);
    expect(f.code).toBe(0);
    expect([...f.stdout.matchAll(/✓ event (\d+)/g)].map((m) => Number(m[1]))).toEqual([2, 5]);
  });
});

describe('message interactions from JS handlers', () => {
  it('verify.messageHandlers in pactship.config.mjs produce the messages; they get the states, params and the request', async () => {
    const p = await provider(() => ({ status: 500, body: 'the endpoint must not be asked' }));
    const cwd = tempDir('pactship-cwd-');
    const log = path.join(cwd, 'handlers.log');
    writeFileSync(
      path.join(cwd, 'pactship.config.mjs'),
      `import { appendFileSync } from 'node:fs';
const log = (line) => appendFileSync(${JSON.stringify(log)}, line + '\\n');
export default {
  verify: {
    stateHandlers: { 'an item exists': (params) => log('state ' + JSON.stringify(params)) },
    messageHandlers: {
      'an item created event': async ({ providerStates, params }) => {
        log('event ' + JSON.stringify(providerStates) + ' ' + JSON.stringify(params));
        return { contents: { id: params.id, name: 'item 1' }, metadata: { topic: 'items' } };
      },
      'a price quote': ({ request }) => {
        log('quote ' + JSON.stringify(request));
        return [{ contents: { sku: request.contents.sku, total: request.contents.qty * 10 }, metadata: { currency: 'EUR' } }];
      },
    },
  },
};
`,
    );
    const r = await runCli(['verify', '--pact', pactDir(mixed()), '--provider-base-url', p.url], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain('3 verified');
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      'state {"id":1}',
      'event [{"name":"an item exists","params":{"id":1}}] {"id":1}',
      'quote {"contents":{"sku":"A-1","qty":2},"contentType":"application/json","metadata":{"contentType":"application/json"}}',
    ]);
    expect(p.requests.map((q) => q.path)).toEqual(['/items/1']);
  });

  it('a handler that throws fails its message, naming the handler', async () => {
    const cwd = tempDir('pactship-cwd-');
    writeFileSync(
      path.join(cwd, 'pactship.config.mjs'),
      `export default { verify: { messageHandlers: { 'an item created event': () => { throw new Error('no database'); } } } };\n`,
    );
    const event = (mixed().interactions as Record<string, unknown>[])[1] as Record<string, unknown>;
    const dir = pactDir(pactV4('Web', 'Items', [event]));
    const r = await runCli(['verify', '--pact', dir], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('verify.messageHandlers["an item created event"] threw: no database');
    expect(r.stdout).toContain('handler: verify.messageHandlers["an item created event"]');
  });

  it('a non-function handler is a config error (exit 2)', async () => {
    const cwd = tempDir('pactship-cwd-');
    writeFileSync(path.join(cwd, 'pactship.config.mjs'), `export default { verify: { messageHandlers: { 'x': 'not a function' } } };\n`);
    const r = await runCli(['verify', '--pact', pactDir(mixed())], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("verify.messageHandlers: 'x': must be a function, got string");
  });
});

describe('parse-time checks', () => {
  it('an unknown V4 interaction type rejects the pact with the field location (exit 2)', async () => {
    const dir = pactDir(pactV4('Web', 'Items', [{ type: 'Synchronous/HTTPS', key: 'x', description: 'secure get', request: { method: 'GET', path: '/' }, response: { status: 200 } }]));
    const r = await runCli(['verify', '--pact', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('interactions[0] ("secure get"): type: unknown interaction type "Synchronous/HTTPS"');
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('message pacts and the broker', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(() => broker.close());

  it('publish stores V3 message pacts and V4 mixed pacts unchanged; pacts lists them; verify publishes results for every interaction', async () => {
    broker.reset();
    const cwd = tempDir('pactship-cwd-');
    const v3 = {
      consumer: { name: 'Mailer' },
      provider: { name: 'Items' },
      messages: [{ description: 'an item created event', providerStates: [{ name: 'an item exists', params: { id: 1 } }], contents: { id: 1, name: 'item 1' }, metadata: { contentType: 'application/json', topic: 'items' } }],
      metadata: { pactSpecification: { version: '3.0.0' } },
    };
    const pacts = path.join(cwd, 'pacts');
    writePact(pacts, mixed());
    writePact(pacts, v3);
    const env = { PACT_BROKER_BASE_URL: broker.url };
    const pub = await runCli(['publish', 'pacts', '-a', '1.0.0', '--branch', 'main'], { cwd, env });
    expect(pub.code, pub.all).toBe(0);

    const listed = await runCli(['pacts', '--provider', 'Items', '--provider-version-branch', 'main', '--out', 'fetched'], { cwd, env });
    expect(listed.code, listed.all).toBe(0);
    expect(listed.stdout).toMatch(/CONSUMER\s+VERSION\s+BRANCH\s+STATUS\s+INTERACTIONS\s+WHY SELECTED/);
    expect(listed.stdout).toMatch(/Web\s+1\.0\.0\s+main\s+-\s+1 HTTP, 1 message, 1 sync message/);
    expect(listed.stdout).toMatch(/Mailer\s+1\.0\.0\s+main\s+-\s+1 message\s/);
    for (const file of readdirSync(path.join(cwd, 'fetched'))) {
      const served = JSON.parse(readFileSync(path.join(cwd, 'fetched', file), 'utf8')) as { consumer: { name: string } };
      expect(served).toEqual(served.consumer.name === 'Web' ? mixed() : v3);
    }

    const p = await provider(good);
    const r = await runCli(
      ['verify', '--provider', 'Items', '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`, '--provider-version-branch', 'main', '--publish-verification-results', '-a', '2.0.0'],
      { cwd, env },
    );
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain('published verification results for');
    const results = broker.state.verifications.map((v) => ({ consumer: v.consumer, success: v.success, tests: (v.testResults as { interactionDescription: string; success: boolean }[]).map((t) => [t.interactionDescription, t.success]) }));
    expect(results.sort((a, b) => a.consumer.localeCompare(b.consumer))).toEqual([
      { consumer: 'Mailer', success: true, tests: [['an item created event', true]] },
      { consumer: 'Web', success: true, tests: [['get item 1', true], ['an item created event', true], ['a price quote', true]] },
    ]);
  });

  it('a failing message is published as a failure with its mismatches', async () => {
    broker.reset();
    broker.publishPact({ pact: mixed(), consumerVersion: '1.0.0', branch: 'main' });
    const p = await provider((m) => (m.description === 'an item created event' ? { contents: { id: 1, name: 'other' }, metadata: { topic: 'items' } } : good(m)));
    const r = await runCli([
      'verify', '--provider', 'Items', '--broker-base-url', broker.url, '--provider-base-url', p.url, '--message-url', `${p.url}${MESSAGES}`,
      '--provider-version-branch', 'main', '--publish-verification-results', '-a', '2.0.1',
    ]);
    expect(r.code).toBe(1);
    const v = broker.state.verifications.at(-1);
    expect(v?.success).toBe(false);
    const failed = (v?.testResults as { interactionDescription: string; success: boolean; mismatches?: { attribute: string; identifier: string }[] }[]).find((t) => !t.success);
    expect(failed).toMatchObject({ interactionDescription: 'an item created event', mismatches: [{ attribute: 'body', identifier: '$.name' }] });
  });
});

/**
 * What a person at a terminal and a CI job see from `pactship verify` (issue #12): streamed results
 * and the live progress line, rerun lines that rerun the same thing, the --verbose request log, the
 * header, help, and Ctrl-C/SIGTERM. Through the built CLI: runCli, and real processes (a
 * pseudo-terminal from util-linux `script`, real signals) where only a process shows it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { shellCommand } from '../../src/report/shell.js';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { BIN, runCli, tempDir } from '../support/cli.js';
import { startTestProvider, type Handler, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, writePact, type InteractionSpec } from '../support/provider/pacts.js';
import { shellWords } from '../support/shell-words.js';

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
  return m ? { status: 200, body: { id: Number(m[1]), name: `item ${m[1]}` } } : { status: 404, body: {} };
};

function gate(): { wait: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What a terminal shows after a byte stream: \r returns to the line start, ESC[K erases to its end. */
function screen(raw: string): string {
  const lines: string[] = [''];
  let col = 0;
  const text = raw.replace(/\x1b\[\d*m/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('\x1b[K', i)) {
      lines[lines.length - 1] = (lines.at(-1) as string).slice(0, col);
      i += 2;
    } else if (text[i] === '\r') col = 0;
    else if (text[i] === '\n') {
      lines.push('');
      col = 0;
    } else {
      const line = lines.at(-1) as string;
      lines[lines.length - 1] = line.slice(0, col) + text[i] + line.slice(col + 1);
      col++;
    }
  }
  return lines.join('\n');
}

const PROGRESS = /\d+\/\d+ · \d+ failed · \d+\.\d s/;

describe('streaming and the live progress line', () => {
  // util-linux `script` gives the CLI a real pseudo-terminal; skipped where it is not installed.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));

  /** The CLI on a pseudo-terminal; `output()` is what it has written so far. */
  function onTerminal(args: string[], cwd: string, env: Record<string, string> = {}) {
    const child = spawn(script as string, ['-qec', shellCommand([process.execPath, BIN, ...args]), '/dev/null'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, TERM: 'xterm', SHELL: '/bin/sh', NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    return { output: () => out, exit, kill: () => child.kill('SIGKILL') };
  }

  it.skipIf(!script)('on a terminal: progress at once, each ✓ line as soon as it is known, and the progress line gone at the end', async () => {
    const first = gate();
    const third = gate();
    const p = await provider(async (req) => {
      if (req.path === '/items/0') await first.wait;
      if (req.path === '/items/2') await third.wait;
      return items(req);
    });
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', Array.from({ length: 500 }, (_, i) => getItem(i))));
    const run = onTerminal(['verify', '--pact', dir, '--provider-base-url', p.url], dir);
    try {
      // The first request is held: the progress line is there before any result.
      await until('the progress line', () => /0\/500 · 0 failed · \d+\.\d s/.test(run.output()) && p.requests.length === 1);
      expect(run.output()).not.toContain('✓');
      first.open();
      // The third is held: the first two results are printed while it is in flight.
      await until('two results', () => run.output().includes('✓ get item 1 ') && run.output().includes('2/500 · 0 failed'));
      expect(run.output()).not.toContain('get item 2 (');
      third.open();
      expect(await run.exit).toBe(0);
    } finally {
      first.open();
      third.open();
      run.kill();
    }
    const shown = screen(run.output());
    expect(shown).toContain('500 interactions in 1 pact: 500 verified, 0 failed, 0 pending failed');
    expect(shown).not.toMatch(PROGRESS); // drawn over and erased: nothing of it is left on the screen
    expect(shown.split('\n').filter((l) => /✓ get item \d+ /.test(l))).toHaveLength(500);
  });

  it.skipIf(!script)('never in CI or under -o json, even on a terminal', async () => {
    const p = await provider(items);
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', [getItem(1), getItem(2)]));
    const ci = onTerminal(['verify', '--pact', dir, '--provider-base-url', p.url], dir, { CI: 'true' });
    expect(await ci.exit).toBe(0);
    expect(ci.output()).toContain('✓ get item 2');
    expect(ci.output()).not.toMatch(PROGRESS);
    expect(ci.output()).not.toContain('\x1b[K');
    const json = onTerminal(['verify', '--pact', dir, '--provider-base-url', p.url, '-o', 'json'], dir);
    expect(await json.exit).toBe(0);
    expect(json.output()).not.toMatch(PROGRESS);
    expect(json.output()).toContain('"success": true');
  });

  it('under --concurrency: in pact order, each line as soon as the ones before it are known', async () => {
    const held = [gate(), gate()];
    const p = await provider(async (req) => {
      if (req.path === '/items/0') await held[0]?.wait;
      if (req.path === '/items/6') await held[1]?.wait;
      return items(req);
    });
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', Array.from({ length: 10 }, (_, i) => getItem(i))));
    const child = spawn(process.execPath, [BIN, 'verify', '--pact', dir, '--provider-base-url', p.url, '--concurrency', '4'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const printed = () => [...out.matchAll(/✓ get item (\d+) /g)].map((m) => Number(m[1]));
    try {
      // 1–3 are answered while 0 is held: nothing may be printed out of order.
      await until('items 1-3 answered', () => [1, 2, 3].every((i) => p.requests.some((q) => q.path === `/items/${i}`)));
      await new Promise((r) => setTimeout(r, 100));
      expect(printed()).toEqual([]);
      held[0]?.open();
      // 0–5 are known while 6 is held: printed at once, in order.
      await until('items 0-5 printed', () => printed().length === 6);
      expect(printed()).toEqual([0, 1, 2, 3, 4, 5]);
      held[1]?.open();
      expect(await exit).toBe(0);
      expect(printed()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      for (const h of held) h.open();
      child.kill('SIGKILL');
    }
  });

  it('never when stdout is not a terminal', async () => {
    const p = await provider(items);
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', [getItem(1), getItem(2)]));
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url]);
    expect(r.code).toBe(0);
    expect(r.all).not.toMatch(PROGRESS);
    expect(r.all).not.toContain('\r');
  });
});

describe('rerun lines', () => {
  /**
   * A provider whose answer depends on everything a run can be given: the provider state (set up
   * through the state-change URL), a --header, a header added by the config file's requestFilter,
   * and --timeout (GET /slow answers after 1.5 s).
   */
  async function pickyProvider(): Promise<TestProvider> {
    let stocked = false;
    return provider(
      async (req) => {
        if (req.path === '/slow') return { status: 200, body: { ok: true }, delayMs: 1500 };
        if (req.headers['x-tenant'] !== 'acme') return { status: 403, body: { error: 'no tenant' } };
        if (req.headers['x-from-config'] !== 'yes') return { status: 400, body: { error: 'no config header' } };
        if (!stocked) return { status: 404, body: { error: 'no such item' } };
        return { status: 200, body: { id: 1, name: 'item 1', tenant: 'acme' } };
      },
      { onState: (call) => ((stocked = call.action === 'setup' && call.state === 'item 1 exists'), { status: 200, body: {} }) },
    );
  }

  const pactWith = (): InteractionSpec[] => [
    getItem(1, 'something else', { providerStates: [{ name: 'item 1 exists' }] }),
    { description: "a slow, 'quoted' $request", request: { method: 'GET', path: '/slow' }, response: { status: 200, body: { ok: true } } },
  ];

  interface Doc {
    pacts: { consumer: string; interactions: { description: string; status: string; mismatches: unknown[]; errors: unknown[] }[] }[];
  }

  it('carry the state-change URL, headers, timeout, config file and pact source; running one reproduces that verdict', async () => {
    const p = await pickyProvider();
    const cwd = tempDir('pactship-rerun-');
    const pacts = path.join(cwd, 'contracts');
    writePact(pacts, pactV3('Web', 'Items', pactWith()));
    writePact(pacts, pactV3('Mobile', 'Items', [getItem(1)])); // left out by --filter-consumer
    mkdirSync(path.join(cwd, 'ci'));
    writeFileSync(
      path.join(cwd, 'ci', 'pactship.config.mjs'),
      "export default { verify: { requestFilter: (r) => ({ ...r, headers: { ...r.headers, 'X-From-Config': 'yes' } }) } };\n",
    );
    const first = await runCli(
      [
        'verify', '--pact', 'contracts', '--provider-base-url', p.url, '--state-change-url', p.stateChangeUrl,
        '--header', 'X-Tenant: acme', '--timeout', '300', '--config', 'ci/pactship.config.mjs', '--filter-consumer', 'Web', '--json', 'first.json',
      ],
      { cwd },
    );
    expect(first.code).toBe(1);
    const original = JSON.parse(readFileSync(path.join(cwd, 'first.json'), 'utf8')) as Doc;
    const failures = original.pacts.flatMap((x) => x.interactions);
    expect(failures.map((i) => i.status)).toEqual(['failed', 'failed']);
    // The failures are the ones the options shape: a body mismatch (not a 403/400/404) and a timeout.
    expect(JSON.stringify(failures[0]?.mismatches)).toContain('something else');
    expect(failures[0]?.mismatches).toHaveLength(1);
    expect(JSON.stringify(failures[1]?.errors)).toContain('within 300 ms');

    const reruns = first.stdout.split('\n').filter((l) => l.includes('rerun: ')).map((l) => l.slice(l.indexOf('rerun: ') + 7));
    expect(reruns).toHaveLength(2);
    for (const [k, line] of reruns.entries()) {
      const words = shellWords(line);
      expect(words.slice(0, 2)).toEqual(['pactship', 'verify']);
      expect(words).toEqual(expect.arrayContaining(['--pact', path.join(pacts, 'Web-Items.json'), '--state-change-url', p.stateChangeUrl, '--header', 'X-Tenant: acme']));
      expect(words).toEqual(expect.arrayContaining(['--timeout', '300', '--config', path.join(cwd, 'ci', 'pactship.config.mjs')]));
      const again = await runCli([...words.slice(1), '-o', 'json'], { cwd });
      expect(again.code, again.stderr).toBe(1);
      const doc = JSON.parse(again.stdout) as Doc;
      const ran = doc.pacts.flatMap((x) => x.interactions);
      expect(ran).toHaveLength(1);
      expect(ran[0]).toMatchObject({ description: failures[k]?.description, status: 'failed', mismatches: failures[k]?.mismatches, errors: failures[k]?.errors });
    }
  });

  it('for a pact the broker selected: its own URL and the broker, never the token; the rerun verifies the same content', async () => {
    const broker = await startBroker({ auth: { token: 'sekrit-broker-token' } });
    try {
      broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2, 'deux')]), consumerVersion: '1.0.0', branch: 'main' });
      const p = await provider(items);
      const cwd = tempDir('pactship-rerun-');
      const env = { PACT_BROKER_TOKEN: 'sekrit-broker-token' };
      const first = await runCli(['verify', '--provider', 'Items', '-b', broker.url, '--provider-base-url', p.url, '--provider-version-branch', 'main'], { cwd, env });
      expect(first.code).toBe(1);
      expect(first.all).not.toContain('sekrit-broker-token');
      const line = first.stdout.split('\n').find((l) => l.includes('rerun: ')) as string;
      const words = shellWords(line.slice(line.indexOf('rerun: ') + 7));
      expect(words[words.indexOf('--pact-url') + 1]).toMatch(/\/pacts\/provider\/Items\/consumer\/Web\/pact-version\//);
      expect(words[words.indexOf('--broker-base-url') + 1]).toBe(broker.url);
      // A newer pact on main does not change what the rerun verifies.
      broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2)]), consumerVersion: '1.1.0', branch: 'main' });
      const again = await runCli([...words.slice(1), '-o', 'json'], { cwd, env });
      expect(again.code).toBe(1);
      const doc = JSON.parse(again.stdout) as Doc;
      expect(doc.pacts.flatMap((x) => x.interactions.map((i) => `${i.description}: ${i.status}`))).toEqual(['get item 2: failed']);
    } finally {
      await broker.close();
    }
  });
});

describe('--verbose request log', () => {
  it('logs each provider request and response (method, URL, status, time, bodies cut short), with secrets masked', async () => {
    const p = await provider((req) => ({
      status: 200,
      // Echoes what it was sent, secrets included, and pads the body past what the log shows.
      body: { id: 1, name: 'item 1', auth: req.headers.authorization, key: req.headers['x-api-key'], padding: 'x'.repeat(5000) },
    }));
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', [{ ...getItem(1), request: { method: 'POST', path: '/items/1', headers: { 'Content-Type': 'application/json' }, body: { ask: 'politely' } } }]));
    const args = ['verify', '--pact', dir, '--provider-base-url', p.url, '--header', 'Authorization: Bearer sekrit-token-123', '--header', 'X-Api-Key: key-456-sekrit'];
    const r = await runCli([...args, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`[get item 1] → POST ${p.url}/items/1, body (18 bytes): {"ask":"politely"}`);
    expect(r.stderr).toMatch(/\[get item 1\] ← 200 in \d+ ms, body \(\d+ bytes\): \{"id":1,"name":"item 1",/);
    expect(r.stderr).toMatch(/x{100}… \(\d+ more characters\)/);
    expect(r.all).not.toContain('sekrit-token-123');
    expect(r.all).not.toContain('key-456-sekrit');
    expect(p.requests[0]?.headers['x-api-key']).toBe('key-456-sekrit'); // masked in output only
    const quiet = await runCli(args);
    expect(quiet.all).not.toContain('→ POST');
  });

  it('a request that gets no answer is logged with the reason', async () => {
    const p = await provider(() => ({ status: 200, body: {}, delayMs: 1000 }));
    const dir = tempDir('pactship-ux-');
    writePact(dir, pactV3('Web', 'Items', [getItem(1)]));
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', p.url, '--timeout', '100', '-v']);
    expect(r.code).toBe(2); // no request got an answer: the run could not happen
    expect(r.stderr).toMatch(new RegExp(`\\[get item 1\\] ← no response after \\d+ ms: no response from GET ${p.url.replace(/\./g, '\\.')}/items/1 within 100 ms`));
  });
});

describe('the header', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('names each pact once with a short label; why it was selected is for --verbose, what pending/WIP means is always there', async () => {
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
    broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1), getItem(2)]), consumerVersion: '1.1.0', branch: 'feat-x' });
    const p = await provider(items);
    const cwd = tempDir('pactship-ux-');
    writePact(path.join(cwd, 'pacts'), pactV3('Mobile', 'Items', [getItem(3)]));
    const args = ['verify', '--provider', 'Items', '-b', broker.url, '--provider-base-url', p.url, '--provider-version-branch', 'main', '--enable-pending', '--include-wip-pacts-since', '2020-01-01'];
    const r = await runCli(args, { cwd });
    expect(r.code).toBe(0);
    const header = r.stdout.slice(0, r.stdout.indexOf('\n\n'));
    expect(header).toContain('  - Web (1.0.0): latest from main branch');
    expect(header).toContain('  - Web (1.1.0): WIP [WIP, pending]');
    expect(header).toContain("This pact is being verified because it is a 'work in progress' pact");
    expect(header).toContain('This pact is in pending state for this version of Items');
    expect(header).not.toMatch(/https?:\/\/\S+\/pacts\//); // no pact URL: each pact is its label
    expect(r.all).not.toContain('belongs to the consumer version');
    const verbose = await runCli([...args, '--verbose'], { cwd });
    expect(verbose.stderr).toMatch(/broker notice for Web: The pact at \S+ is being verified because the pact content belongs to the consumer version/);
    // A local pact file is labelled by its path from the working directory.
    const local = await runCli(['verify', '--pact', 'pacts', '--provider-base-url', p.url], { cwd });
    expect(local.stdout).toContain(`  - Mobile: ${path.join('pacts', 'Mobile-Items.json')}\n`);
    expect(local.stdout).toContain(`Verifying a pact between Mobile and Items (${path.join('pacts', 'Mobile-Items.json')})`);
  });
});

describe('help', () => {
  it('every command has an example and marks its required options; -a says what it means in each command', async () => {
    const root = await runCli(['--help']);
    const names = [...root.stdout.matchAll(/^ {2}([a-z][a-z-]+) \[/gm)].map((m) => m[1] as string);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) {
      const r = await runCli([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toMatch(/\nExamples?:\n {2}\$ pactship /);
    }
    expect(root.stdout).toMatch(/Examples:\n {2}\$ pactship init/);
    const deploy = await runCli(['record-deployment', '--help']);
    expect(deploy.stdout).toMatch(/-e, --version <version>\s+application version \(required\)/);
    expect(deploy.stdout).toContain('-a here is --pacticipant; in publish it is --consumer-app-version, in verify it is --provider-app-version.');
    const publish = await runCli(['publish', '--help']);
    expect(publish.stdout).toContain('-a here is --consumer-app-version;');
  });
});

describe('Ctrl-C and SIGTERM during verify', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker.close();
  });

  /** Verifies 3 interactions with provider states; the second one's request hangs until released. */
  async function interruptedRun(signal: 'SIGINT' | 'SIGTERM', extra: string[]) {
    broker.publishPact({
      pact: pactV3('Web', 'Items', [1, 2, 3].map((i) => getItem(i, `item ${i}`, { providerStates: [{ name: `item ${i} exists` }] }))),
      consumerVersion: '1.0.0',
      branch: 'main',
    });
    const hold = gate();
    const p = await provider(async (req) => {
      if (req.path === '/items/2') await hold.wait;
      return items(req);
    });
    const cwd = tempDir('pactship-int-');
    const child = spawn(
      process.execPath,
      [
        BIN, 'verify', '--provider', 'Items', '-b', broker.url, '--provider-base-url', p.url, '--state-change-url', p.stateChangeUrl,
        '--provider-version-branch', 'main', '--publish-verification-results', '-a', '5.0.0', '--json', 'r.json', '--junit', 'j.xml', ...extra,
      ],
      { cwd, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await until('the second request', () => p.requests.some((q) => q.path === '/items/2'));
      child.kill(signal);
      await until('the interruption notice', () => stderr.includes('interrupted'));
      hold.open(); // the request in flight gets its answer; its interaction is not reported
      const code = await exit;
      return { code, stdout, stderr, cwd, p };
    } finally {
      hold.open();
      child.kill('SIGKILL');
    }
  }

  it('SIGINT with -o json: the in-flight interaction finishes unreported, teardown runs, nothing is published, reports and the document say interrupted, exit 130', async () => {
    const r = await interruptedRun('SIGINT', ['-o', 'json']);
    expect(r.code).toBe(130);
    const doc = JSON.parse(r.stdout) as { interrupted: boolean; success: boolean; summary: { interactions: number }; pacts: { interactions: { description: string }[] }[] };
    expect(doc).toMatchObject({ interrupted: true, success: false, summary: { interactions: 1 } });
    expect(doc.pacts[0]?.interactions.map((i) => i.description)).toEqual(['get item 1']);
    expect(r.p.requests.map((q) => q.path)).toEqual(['/items/1', '/items/2']); // nothing new after the signal
    expect(r.p.stateCalls.map((c) => `${c.action} ${c.state}`)).toEqual(['setup item 1 exists', 'teardown item 1 exists', 'setup item 2 exists', 'teardown item 2 exists']);
    expect(broker.requests.some((q) => q.path.includes('verification-results'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(r.cwd, 'r.json'), 'utf8'))).toMatchObject({ interrupted: true, summary: { interactions: 1 } });
    const junit = readFileSync(path.join(r.cwd, 'j.xml'), 'utf8');
    expect(junit).toContain('<property name="interrupted" value="true"/>');
    expect(junit.match(/<testcase /g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/get item 2/);
  });

  it('SIGTERM with text output: says how far it got and that nothing was published, exit 143', async () => {
    const r = await interruptedRun('SIGTERM', []);
    expect(r.code).toBe(143);
    expect(r.stdout).toMatch(/✓ get item 1 given 'item 1 exists'/);
    expect(r.stdout).not.toMatch(/get item 2 given/);
    expect(r.stdout).toContain('interrupted: 1 of 3 interactions finished before the run was stopped (1 verified, 0 failed, 0 pending failed); nothing was published');
    expect(r.stdout).toContain(`partial reports (marked interrupted): ${path.join(r.cwd, 'r.json')}, ${path.join(r.cwd, 'j.xml')}`);
    expect(r.stderr).toContain('interrupted (SIGTERM)');
    expect(broker.requests.some((q) => q.path.includes('verification-results'))).toBe(false);
  });
});

/**
 * `npm run bench`: pactship verify (built binary) against the Rust `pact verifier` from
 * @pact-foundation/pact-cli-linux-x64, fetched on demand into .bench-cache/ (never a dependency).
 *
 * Scenarios (seeded, generated into a temp dir): 100 and 1,000 interactions `GET /items/{i}` with
 * type/regex/min rules; 100 with a provider state each (setup + teardown via a state-change URL);
 * one 5 MB eachLike response of 10,000 items and a 10 MB one of 20,000; one 5 MB exact-match body
 * and a 10 MB one (no rules; the provider serializes them with another key order, so they must be
 * parsed and compared); linearity: each 10 MB run at most 2.2× its 5 MB one; a one-interaction run
 * (start-up). The provider is node:http in this process, answering other values of the same types.
 * Runs are interleaved, a warm-up round first, then BENCH_RUNS (default 3) measured rounds; medians
 * are printed, and last one table with every target of issue #10, its value and ok/MISS.
 *
 * Start-up and per-interaction targets (issue #10) are ratios within the same run: `node -e 0`,
 * `pactship --help` and `--version` are measured in every round (STARTUP_SAMPLES each), the
 * per-interaction cost is the marginal one from 100 to 1,000 interactions, with and without
 * provider states. The warm-up round also writes pactship's V8 code cache (dist/cli/boot.cjs);
 * the row without it shows what a first run pays. Last, the production install (the packed
 * tarball installed into an empty project without dev dependencies, from the npm cache) and the
 * wall time of `npm test`.
 * Runs get a minimal environment plus Node's own start-up settings from the invoking one
 * (NODE_EXTRA_CA_CERTS, NODE_OPTIONS), which weigh on `node -e 0` as on pactship; the start-up
 * is also printed without them.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findRoot, referenceCli, sh } from './reference-cli.js';
import { mulberry32 } from './random.js';

// ---- where things are -------------------------------------------------------------------------

const ROOT = findRoot();
const BIN = path.join(ROOT, 'bin/pactship.cjs');
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 3));
const STARTUP_SAMPLES = 7;

// ---- seeded data ------------------------------------------------------------------------------


const rand = mulberry32(20_241_127);
const int = (max: number) => Math.floor(rand() * max);
const word = (n = 6) => Array.from({ length: n }, () => String.fromCharCode(97 + int(26))).join('');
const date = () => `20${10 + int(15)}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;

const ITEM_RULES = {
  '$.id': { matchers: [{ match: 'integer' }] },
  '$.name': { matchers: [{ match: 'regex', regex: '^[a-z]+-\\d+$' }] },
  '$.price': { matchers: [{ match: 'type' }] },
  '$.tags': { matchers: [{ match: 'type', min: 1 }] },
  '$.createdAt': { matchers: [{ match: 'regex', regex: '^\\d{4}-\\d{2}-\\d{2}$' }] },
};

function item(i: number): Record<string, unknown> {
  return { id: i, name: `item-${i}`, price: 12.5, tags: ['alpha'], createdAt: '2024-01-01' };
}

/** Another value of the same types (what a real provider answers). */
function providerItem(): Record<string, unknown> {
  return {
    id: int(1_000_000),
    name: `${word()}-${int(10_000)}`,
    price: int(10_000) + 0.25,
    tags: Array.from({ length: 1 + int(3) }, () => word(5)),
    createdAt: date(),
  };
}

function interaction(i: number, withState: boolean): Record<string, unknown> {
  return {
    description: `get item ${i}`,
    ...(withState ? { providerStates: [{ name: `item ${i} exists`, params: { id: i } }] } : {}),
    request: { method: 'GET', path: `/items/${i}` },
    response: {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: item(i),
      matchingRules: { body: ITEM_RULES },
    },
  };
}

function pact(interactions: Record<string, unknown>[]): Record<string, unknown> {
  return {
    consumer: { name: 'BenchConsumer' },
    provider: { name: 'BenchProvider' },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

const BIG_ITEMS = 10_000;
function bigItem(): Record<string, unknown> {
  return { ...providerItem(), description: word(420) };
}
/** The exact-match documents: the pact holds them as they are; the provider writes each item's keys reversed. */
const exactItems = Array.from({ length: 2 * BIG_ITEMS }, bigItem);
const EXACT = { '/big-exact': exactItems.slice(0, BIG_ITEMS), '/big-exact10': exactItems };
function exactPact(path: keyof typeof EXACT): Record<string, unknown> {
  return pact([
    {
      description: 'get the big list exactly',
      request: { method: 'GET', path },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { items: EXACT[path] } },
    },
  ]);
}

function bigPact(path = '/big'): Record<string, unknown> {
  return pact([
    {
      description: 'get the big list',
      request: { method: 'GET', path },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { items: [{ ...item(1), description: 'x'.repeat(420) }] },
        matchingRules: {
          body: {
            '$.items': { matchers: [{ match: 'type', min: 1 }] },
            '$.items[*].id': { matchers: [{ match: 'integer' }] },
            '$.items[*].name': { matchers: [{ match: 'regex', regex: '^[a-z]+-\\d+$' }] },
            '$.items[*].price': { matchers: [{ match: 'type' }] },
            '$.items[*].tags': { matchers: [{ match: 'type', min: 1 }] },
            '$.items[*].createdAt': { matchers: [{ match: 'regex', regex: '^\\d{4}-\\d{2}-\\d{2}$' }] },
            '$.items[*].description': { matchers: [{ match: 'type' }] },
          },
        },
      },
    },
  ]);
}

// ---- the provider -----------------------------------------------------------------------------

async function startProvider(): Promise<{ server: Server; port: number; bigBytes: number }> {
  const big = Buffer.from(JSON.stringify({ items: Array.from({ length: BIG_ITEMS }, bigItem) }));
  const big10 = Buffer.from(JSON.stringify({ items: Array.from({ length: 2 * BIG_ITEMS }, bigItem) }));
  const reversed = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
  const exact = Buffer.from(JSON.stringify({ items: EXACT['/big-exact'].map(reversed) }));
  const exact10 = Buffer.from(JSON.stringify({ items: EXACT['/big-exact10'].map(reversed) }));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.startsWith('/_pact/state')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
        return;
      }
      const bodies: Record<string, Buffer> = { '/big': big, '/big10': big10, '/big-exact': exact, '/big-exact10': exact10 };
      const bigBody = bodies[req.url ?? ''];
      if (bigBody) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bigBody.length });
        res.end(bigBody);
        return;
      }
      if (req.url?.startsWith('/items/')) {
        const body = JSON.stringify(providerItem());
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as AddressInfo).port, bigBytes: big.length };
}

// ---- measuring --------------------------------------------------------------------------------

interface Measure {
  ms: number;
  rssKb: number | undefined;
  code: number | null;
  out: string;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Wall time around the process; peak RSS from `/usr/bin/time -v`, else by polling VmHWM. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Measure> {
  return new Promise((resolve) => {
    const [file, argv] = TIME ? [TIME, ['-v', cmd, ...args]] : [cmd, args];
    const started = performance.now();
    const child = spawn(file, argv, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let hwm: number | undefined;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const poll = TIME
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) hwm = Math.max(hwm ?? 0, Number(m[1]));
          } catch {
            /* gone */
          }
        }, 5);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      const m = [...out.matchAll(/Maximum resident set size \(kbytes\): (\d+)/g)].at(-1);
      resolve({ ms, rssKb: m ? Number(m[1]) : hwm, code, out });
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

// ---- main -------------------------------------------------------------------------------------

interface Scenario {
  name: string;
  file: string;
  interactions: number;
  states: boolean;
  /** pactship/Rust time ratio target (and RSS target for the 5 MB run). */
  target?: number;
  rssTarget?: number;
  /** Measured for pactship only (the Rust verifier would take minutes and no target needs it). */
  pactshipOnly?: boolean;
  env?: Record<string, string>;
}

/** Files under `dir`, as `du` counts them (allocated blocks). */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const info = lstatSync(full);
    total += info.blocks * 512;
    if (info.isDirectory()) total += diskBytes(full);
  }
  return total;
}

/** The packed tarball installed into an empty project without dev dependencies (from the npm cache). */
async function installSize(): Promise<{ bytes: number; packages: number } | { error: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-bench-install-'));
  try {
    const packed = await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, '--silent'], ROOT);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (packed.code !== 0 || !tgz) return { error: `npm pack failed: ${packed.out.slice(0, 300)}` };
    const project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), '{"name":"install-size","version":"1.0.0","private":true}\n');
    const args = ['install', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts', path.join(dir, tgz)];
    let installed = await sh('npm', [...args, '--offline'], project);
    if (installed.code !== 0) installed = await sh('npm', [...args, '--prefer-offline'], project);
    if (installed.code !== 0) return { error: `npm install failed: ${installed.out.slice(0, 300)}` };
    const modules = path.join(project, 'node_modules');
    const packages = readdirSync(modules).flatMap((d) => (d.startsWith('@') ? readdirSync(path.join(modules, d)) : d.startsWith('.') ? [] : [d])).length;
    return { bytes: diskBytes(modules), packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(ROOT, 'dist/cli/main.cjs'))) throw new Error('bench: build first (npm run build)');
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-bench-'));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const scenarios: Scenario[] = [
    { name: '100 interactions', file: write('n100.json', pact(Array.from({ length: 100 }, (_, i) => interaction(i + 1, false)))), interactions: 100, states: false, target: 0.07 },
    { name: '1,000 interactions', file: write('n1000.json', pact(Array.from({ length: 1000 }, (_, i) => interaction(i + 1, false)))), interactions: 1000, states: false, target: 0.02 },
    { name: '100 with states', file: write('states100.json', pact(Array.from({ length: 100 }, (_, i) => interaction(i + 1, true)))), interactions: 100, states: true },
    { name: '1,000 with states', file: write('states1000.json', pact(Array.from({ length: 1000 }, (_, i) => interaction(i + 1, true)))), interactions: 1000, states: true, pactshipOnly: true },
    { name: '5 MB response', file: write('big.json', bigPact()), interactions: 1, states: false, target: 0.3, rssTarget: 1 },
    { name: '10 MB response', file: write('big10.json', bigPact('/big10')), interactions: 1, states: false, rssTarget: 1 },
    { name: '5 MB exact body', file: write('exact.json', exactPact('/big-exact')), interactions: 1, states: false, target: 0.5, rssTarget: 1 },
    { name: '10 MB exact body', file: write('exact10.json', exactPact('/big-exact10')), interactions: 1, states: false, rssTarget: 1 },
    { name: 'one interaction', file: write('one.json', pact([interaction(1, false)])), interactions: 1, states: false },
  ];
  const oneFile = (scenarios.at(-1) as Scenario).file;
  scenarios.push({ name: 'one, no code cache', file: oneFile, interactions: 1, states: false, pactshipOnly: true, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
  const provider = await startProvider();
  const base = `http://127.0.0.1:${provider.port}`;
  const stateUrl = `${base}/_pact/state`;
  console.log(`provider on ${base}; 5 MB body = ${(provider.bigBytes / 1e6).toFixed(2)} MB of ${BIG_ITEMS} items; scenarios in ${dir}`);

  const rust = await referenceCli(ROOT);
  if ('error' in rust) console.log(`Rust verifier unavailable (${rust.error}): printing pactship's own numbers only.`);
  const home = mkdtempSync(path.join(tmpdir(), 'pactship-bench-home-'));
  // Node's own start-up settings come from the invoking environment, as they do for users: with
  // NODE_EXTRA_CA_CERTS every Node process parses those certificates first (+40 ms here).
  const nodeSettings = Object.fromEntries(['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((k) => process.env[k]).map((k) => [k, process.env[k] as string]));
  const bare = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: home, PACT_DO_NOT_TRACK: 'true' };
  const env = { ...bare, ...nodeSettings };
  const settings = Object.keys(nodeSettings);
  console.log(settings.length ? `Node settings from this environment: ${settings.map((k) => `${k}=${nodeSettings[k]}`).join(', ')}` : 'no NODE_EXTRA_CA_CERTS / NODE_OPTIONS in this environment');

  const tools: { name: string; run: (s: Scenario) => Promise<Measure> }[] = [
    {
      name: 'pactship',
      run: (s) =>
        measure(process.execPath, [BIN, 'verify', '--pact', s.file, '--provider-base-url', base, ...(s.states ? ['--state-change-url', stateUrl] : [])], { ...env, ...s.env }, dir),
    },
  ];
  if ('bin' in rust) {
    tools.push({
      name: 'rust',
      run: (s) =>
        measure(
          rust.bin,
          ['verifier', '-f', s.file, '-h', '127.0.0.1', '-p', String(provider.port), '--no-colour', ...(s.states ? ['--state-change-url', stateUrl, '--state-change-teardown'] : [])],
          env,
          dir,
        ),
    });
  }

  const startup: { name: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
    { name: 'node -e 0', args: ['-e', '0'], env },
    { name: 'pactship --help', args: [BIN, '--help'], env },
    { name: 'pactship --version', args: [BIN, '--version'], env },
    { name: 'pactship verify (one)', args: [BIN, 'verify', '--pact', oneFile, '--provider-base-url', base], env },
  ];
  // The same without Node's settings, for comparison.
  if (settings.length) for (const c of startup.slice()) startup.push({ ...c, name: `${c.name} (bare)`, env: bare });
  const startupTimes = new Map<string, number[]>();
  const results = new Map<string, Measure[]>();
  for (let round = 0; round <= RUNS; round++) {
    process.stdout.write(round === 0 ? 'warm-up' : ` run ${round}`);
    for (let i = 0; i < STARTUP_SAMPLES; i++) {
      for (const c of startup) {
        const m = await measure(process.execPath, c.args, c.env, dir);
        if (m.code !== 0) console.log(`\n${c.name} failed (exit ${m.code}):\n${m.out.slice(-2000)}`);
        if (round > 0) startupTimes.set(c.name, [...(startupTimes.get(c.name) ?? []), m.ms]);
      }
    }
    for (const s of scenarios) {
      for (const t of tools) {
        if (s.pactshipOnly && t.name !== 'pactship') continue;
        const m = await t.run(s);
        if (m.code !== 0) {
          console.log(`\n${t.name} failed on ${s.name} (exit ${m.code}):\n${m.out.split('\n').slice(-30).join('\n')}`);
        }
        if (round > 0) results.set(`${t.name}|${s.name}`, [...(results.get(`${t.name}|${s.name}`) ?? []), m]);
      }
    }
  }
  console.log('\n');
  provider.server.close();
  provider.server.closeAllConnections();

  const stat = (tool: string, s: Scenario) => {
    const ms = results.get(`${tool}|${s.name}`) ?? [];
    const rss = ms.map((m) => m.rssKb).filter((x): x is number => x !== undefined);
    return ms.length ? { ms: median(ms.map((m) => m.ms)), rssMb: rss.length ? median(rss) / 1024 : undefined } : undefined;
  };
  const one = scenarios.find((s) => s.name === 'one interaction') as Scenario;
  const rows: string[][] = [['scenario', 'pactship ms', 'rust ms', 'ratio', 'target', 'per-interaction ms (ps / rust)', 'peak RSS MB (ps / rust)', 'RSS ratio']];
  for (const s of scenarios) {
    const p = stat('pactship', s);
    const r = stat('rust', s);
    const p1 = stat('pactship', one);
    const r1 = stat('rust', one);
    const per = (x: typeof p, x1: typeof p) => (x && x1 && s.interactions > 1 ? ((x.ms - x1.ms) / (s.interactions - 1)).toFixed(2) : '-');
    const ratio = p && r ? p.ms / r.ms : undefined;
    const rssRatio = p?.rssMb && r?.rssMb ? p.rssMb / r.rssMb : undefined;
    rows.push([
      s.name,
      p ? p.ms.toFixed(0) : '-',
      r ? r.ms.toFixed(0) : '-',
      ratio === undefined ? '-' : `${ratio.toFixed(3)}${s.target === undefined ? '' : ratio <= s.target ? ' ok' : ' MISS'}`,
      s.target === undefined ? '' : `≤ ${s.target}`,
      `${per(p, p1)} / ${per(r, r1)}`,
      `${p?.rssMb?.toFixed(0) ?? '-'} / ${r?.rssMb?.toFixed(0) ?? '-'}`,
      rssRatio === undefined ? '-' : `${rssRatio.toFixed(2)}${s.rssTarget ? ` ${rssRatio <= s.rssTarget ? 'ok' : 'MISS'} (≤ ${s.rssTarget})` : ''}`,
    ]);
  }
  const print = (table: string[][]) => {
    const widths = (table[0] as string[]).map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
    for (const r of table) console.log(r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd());
  };
  print(rows);
  console.log(`\nmedians of ${RUNS} interleaved runs after a warm-up; peak RSS via ${TIME ? '/usr/bin/time -v' : '/proc/<pid>/status VmHWM'}.`);
  if (!('bin' in rust)) console.log('No Rust comparison: the ratios could not be computed.');

  // Issue #10's start-up, per-interaction and install targets.
  const startupMs = (name: string) => median(startupTimes.get(name) ?? [Number.NaN]);
  const node0 = startupMs('node -e 0');
  const scenario = (name: string) => scenarios.find((x) => x.name === name) as Scenario;
  const psMs = (name: string) => stat('pactship', scenario(name))?.ms ?? Number.NaN;
  const rustMs = (name: string) => stat('rust', scenario(name))?.ms ?? Number.NaN;
  const rss = (tool: string, name: string) => stat(tool, scenario(name))?.rssMb ?? Number.NaN;
  const versus = (name: string): [string, number] => [`${psMs(name).toFixed(0)} / ${rustMs(name).toFixed(0)} ms`, psMs(name) / rustMs(name)];
  const rssVersus = (name: string): [string, number] => [`${rss('pactship', name).toFixed(0)} / ${rss('rust', name).toFixed(0)} MB`, rss('pactship', name) / rss('rust', name)];
  const growth = (five: string, ten: string): [string, number] => [`${psMs(ten).toFixed(0)} / ${psMs(five).toFixed(0)} ms`, psMs(ten) / psMs(five)];
  const marginal = (from: string, to: string, n: number) => (psMs(to) - psMs(from)) / n;
  const install = await installSize();
  // Last, as it loads both cores: the test suite's wall time, build included.
  const testStarted = performance.now();
  const tests = await sh('npm', ['test', '--silent'], ROOT);
  const testSeconds = (performance.now() - testStarted) / 1000;
  const check = (value: number, target: number) => (Number.isFinite(value) ? (value <= target ? 'ok' : 'MISS') : '-');
  const targets: [string, string, number, number, string][] = [
    ['`pactship --help` / `node -e 0`', `${startupMs('pactship --help').toFixed(0)} / ${node0.toFixed(0)} ms`, startupMs('pactship --help') / node0, 1.25, '×'],
    ['`pactship --version` / `node -e 0`', `${startupMs('pactship --version').toFixed(0)} / ${node0.toFixed(0)} ms`, startupMs('pactship --version') / node0, 1.25, '×'],
    ['verify one interaction / `node -e 0`', `${startupMs('pactship verify (one)').toFixed(0)} / ${node0.toFixed(0)} ms`, startupMs('pactship verify (one)') / node0, 1.6, '×'],
    ['per interaction, no states (100 → 1,000)', `(${psMs('1,000 interactions').toFixed(0)} − ${psMs('100 interactions').toFixed(0)}) / 900`, marginal('100 interactions', '1,000 interactions', 900), 0.4, 'ms'],
    ['per interaction, setup + teardown (100 → 1,000)', `(${psMs('1,000 with states').toFixed(0)} − ${psMs('100 with states').toFixed(0)}) / 900`, marginal('100 with states', '1,000 with states', 900), 0.8, 'ms'],
    ['100 interactions / Rust', ...versus('100 interactions'), 0.07, '×'],
    ['1,000 interactions / Rust', ...versus('1,000 interactions'), 0.02, '×'],
    ['5 MB exact body / Rust', ...versus('5 MB exact body'), 0.5, '×'],
    ['5 MB eachLike / Rust', ...versus('5 MB response'), 0.3, '×'],
    ['exact body 10 MB / 5 MB (linear)', ...growth('5 MB exact body', '10 MB exact body'), 2.2, '×'],
    ['eachLike 10 MB / 5 MB (linear)', ...growth('5 MB response', '10 MB response'), 2.2, '×'],
    ['peak RSS, 5 MB exact body / Rust', ...rssVersus('5 MB exact body'), 1, '×'],
    ['peak RSS, 5 MB eachLike / Rust', ...rssVersus('5 MB response'), 1, '×'],
    ['peak RSS, 10 MB exact body / Rust', ...rssVersus('10 MB exact body'), 1, '×'],
    ['peak RSS, 10 MB eachLike / Rust', ...rssVersus('10 MB response'), 1, '×'],
    ['`npm test` (wall, build included)', tests.code === 0 ? 'all passed' : `FAILED (exit ${tests.code})`, tests.code === 0 ? testSeconds : Number.NaN, 25, 's'],
    [
      'production install on disk',
      'error' in install ? install.error : `${install.packages} packages`,
      'error' in install ? Number.NaN : install.bytes / 1e6,
      10,
      'MB',
    ],
  ];
  console.log(`\nissue #10's targets; start-up: medians of ${RUNS * STARTUP_SAMPLES} runs each, interleaved with the scenarios above; ${settings.length ? `with ${settings.join(', ')} as set here` : 'no Node settings'}\n`);
  print([
    ['target', 'measured', 'value', 'limit', ''],
    ...targets.map(([name, how, value, limit, unit]) => [name, how, `${Number.isFinite(value) ? value.toFixed(unit === '×' || unit === 'ms' ? (value < 0.1 ? 3 : 2) : 1) : '-'} ${unit}`, `≤ ${limit} ${unit}`, check(value, limit)]),
  ]);
  const missed = targets.filter(([, , value, limit]) => !(value <= limit)).length;
  console.log(`\n${missed === 0 ? 'every target met' : `${missed} of ${targets.length} targets missed`}`);
  if (settings.length) {
    const node0Bare = startupMs('node -e 0 (bare)');
    console.log(`\nthe same start-up without ${settings.join(', ')} (for comparison; no targets):\n`);
    print([
      ['command', 'ms', '/ node -e 0'],
      ...startup.filter((c) => c.name.endsWith('(bare)')).map((c) => [c.name.replace(' (bare)', ''), startupMs(c.name).toFixed(0), `${(startupMs(c.name) / node0Bare).toFixed(2)} ×`]),
    ]);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

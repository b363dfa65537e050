/**
 * `npm run fuzz -- --cases N --seed S [--jobs J] [--case K] [--keep DIR]`: random mutations of
 * valid V2/V3/V4 pacts (wrong types at every field, deep nesting, huge strings, hostile regexes,
 * bad header names and methods, `__proto__` keys, …) through the built binary, as
 * `publish --dry-run` and as `verify` against a provider on loopback. Every run must end within
 * 10 s with exit 0, 1 or 2 and a message that names the pact file, never a stack trace or an
 * "unexpected failure". Failures are printed with the mutations applied and a command that
 * reproduces them (the mutated pact is kept under build/fuzz-failures/); the exit code is then 1.
 *
 * Each case derives its own random stream from the seed and its number, so `--case K` replays one;
 * `--case K --minimize` then removes keys and elements while the same failure remains, and prints
 * the smallest pact found.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestProvider } from '../test/support/provider/index.js';
import { mulberry32, type Rng } from './random.js';
import { findRoot } from './reference-cli.js';

// ---- options ----------------------------------------------------------------------------------

interface Options {
  cases: number;
  seed: number;
  jobs: number;
  only?: number;
  minimize: boolean;
  keep: string;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const int = (name: string, fallback: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
    return Number(raw);
  };
  const only = value('--case');
  return {
    cases: int('--cases', 200),
    seed: int('--seed', Math.floor(Math.random() * 1e9)),
    jobs: Math.max(1, int('--jobs', 2)),
    ...(only !== undefined ? { only: int('--case', 0) } : {}),
    minimize: argv.includes('--minimize'),
    keep: value('--keep') ?? path.join(findRoot(), 'build/fuzz-failures'),
    timeoutMs: int('--timeout-ms', 10_000),
  };
}


const ROOT = findRoot();
const BIN = path.join(ROOT, 'bin/pactship.cjs');

// ---- randomness -------------------------------------------------------------------------------



const caseRng = (seed: number, n: number): Rng => mulberry32(Math.imul(seed ^ 0x9e3779b9, 2654435761) + n * 0x85ebca6b);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

// ---- valid pacts to start from (written here, plus the project's own fixtures) -----------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const EVIL = `${'a'.repeat(40)}!`;

function basePacts(): { name: string; pact: Json }[] {
  const v2: Json = {
    consumer: { name: 'fuzz-web' },
    provider: { name: 'fuzz-api' },
    interactions: [
      {
        description: 'get item',
        providerState: 'an item exists',
        request: { method: 'GET', path: '/items/1', query: 'a=1&b=2', headers: { Accept: 'application/json' } },
        response: {
          status: 200,
          headers: { 'Content-Type': 'application/json', 'X-Evil': EVIL },
          body: { id: EVIL, name: 'item', tags: ['a', 'b'], price: 1.5 },
          matchingRules: { '$.body.name': { match: 'type' }, '$.body.tags': { min: 1 }, '$.body.tags[*]': { match: 'type' } },
        },
      },
    ],
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
  const v3: Json = {
    consumer: { name: 'fuzz-web' },
    provider: { name: 'fuzz-api' },
    interactions: [
      {
        description: 'create item',
        providerStates: [{ name: 'no items', params: { id: 1 } }],
        request: { method: 'POST', path: '/items', query: { a: ['1'] }, headers: { 'Content-Type': 'application/json' }, body: { name: 'x' } },
        response: {
          status: 201,
          headers: { 'Content-Type': 'application/json', 'X-Evil': EVIL },
          body: { id: EVIL, name: 'x', created: '2020-01-01T10:00:00' },
          matchingRules: {
            body: { '$.name': { matchers: [{ match: 'type' }] }, '$.created': { matchers: [{ match: 'timestamp', timestamp: "yyyy-MM-dd'T'HH:mm:ss" }] } },
            header: { 'X-Evil': { matchers: [{ match: 'regex', regex: 'a+!' }] } },
          },
          generators: { body: { '$.id': { type: 'RandomInt', min: 1, max: 10 } } },
        },
      },
    ],
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
  const v4: Json = {
    consumer: { name: 'fuzz-web' },
    provider: { name: 'fuzz-api' },
    interactions: [
      {
        type: 'Synchronous/HTTP',
        key: 'k1',
        description: 'list items',
        pending: false,
        request: { method: 'GET', path: '/items', headers: { Accept: ['application/json'] } },
        response: {
          status: 200,
          headers: { 'Content-Type': ['application/json'], 'X-Evil': [EVIL] },
          body: { contentType: 'application/json', encoded: false, content: { items: [{ id: EVIL }], count: 1 } },
          matchingRules: { body: { '$.items': { combine: 'AND', matchers: [{ match: 'type', min: 1 }] }, '$.count': { combine: 'AND', matchers: [{ match: 'integer' }] } } },
        },
      },
      {
        type: 'Asynchronous/Messages',
        key: 'm1',
        description: 'an item event',
        contents: { contentType: 'application/json', encoded: false, content: { id: 1 } },
        metadata: { topic: 'items' },
      },
    ],
    metadata: { pactSpecification: { version: '4.0' } },
  };
  const out: { name: string; pact: Json }[] = [
    { name: 'v2', pact: v2 },
    { name: 'v3', pact: v3 },
    { name: 'v4', pact: v4 },
  ];
  for (const dir of ['fixtures/pacts/v2', 'fixtures/pacts/v3', 'fixtures/pacts/v4', 'fixtures/demo/pacts']) {
    const full = path.join(ROOT, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSafe(full)) {
      if (file.endsWith('.json')) out.push({ name: `${dir}/${file}`, pact: JSON.parse(readFileSync(path.join(full, file), 'utf8')) as Json });
    }
  }
  return out;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

// ---- mutations --------------------------------------------------------------------------------

type Path = (string | number)[];

/** Every node's path (objects and arrays included), capped so huge documents stay cheap. */
function paths(value: Json, at: Path = [], out: Path[] = []): Path[] {
  if (out.length > 2000) return out;
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function get(root: Json, p: Path): Json {
  let v: Json = root;
  for (const k of p) v = (v as Record<string | number, Json>)[k]!;
  return v;
}

function set(root: Json, p: Path, value: Json): Json {
  if (p.length === 0) return value;
  const parent = get(root, p.slice(0, -1)) as Record<string | number, Json>;
  Object.defineProperty(parent, p[p.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return root;
}

function remove(root: Json, p: Path): Json {
  if (p.length === 0) return root;
  const parent = get(root, p.slice(0, -1));
  const key = p[p.length - 1]!;
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, Json>)[key];
  return root;
}

/** Raw JSON text spliced in after serialisation (too deep or too big to build as values). */
interface Raw {
  marker: string;
  text: string;
}

interface Mutated {
  pact: Json;
  raws: Raw[];
  notes: string[];
}

const WRONG: Json[] = [null, true, false, 0, -1, 1.5, 1e300, '', 'x', ' ', [], {}, [null], { a: null }, '\u0000', '💥', [[[]]], { '': '' }];
const BAD_HEADER_NAMES = ['bad name', 'X\r\nInjected', '', 'Ünïcode', 'a:b', '(', 'X-Long-' + 'x'.repeat(10_000), '__proto__'];
const BAD_METHODS = ['GE T', '', 'Ö', 'GET\r\n', 'CONNECT', 'TRACE', 'x'.repeat(5000), '(', 'get'];
const HOSTILE_REGEXES = ['(a+)+$', '(a|a)*b', '([a-zA-Z]+)*$', '(a|aa)+$', '(.*a){25}', '^(a?){40}a{40}$', '(', '[', '\\', '(?<x>a)\\k<y>', 'a{999999999}'];
const WEIRD_STRINGS = ['\ud800', '\u0000\u0001', '\u202e', 'a\nb', '../../etc/passwd', '%zz', '${x}', '<x/>', '\\u0000'];

type Mutation = (m: Mutated, rng: Rng) => void;

const interactionsOf = (pact: Json): Json[] => {
  const list = pact && typeof pact === 'object' && !Array.isArray(pact) ? pact.interactions ?? pact.messages : undefined;
  return Array.isArray(list) ? list : [];
};

const MUTATIONS: [name: string, weight: number, fn: Mutation][] = [
  ['wrong type', 6, (m, rng) => {
    const p = pick(rng, paths(m.pact));
    const v = pick(rng, WRONG);
    m.pact = set(m.pact, p, structuredClone(v));
    m.notes.push(`${fmt(p)} = ${JSON.stringify(v)}`);
  }],
  ['delete', 3, (m, rng) => {
    const p = pick(rng, paths(m.pact).filter((x) => x.length > 0));
    if (!p) return;
    m.pact = remove(m.pact, p);
    m.notes.push(`delete ${fmt(p)}`);
  }],
  ['deep nesting', 2, (m, rng) => {
    const p = pick(rng, paths(m.pact));
    const depth = pick(rng, [500, 5_000, 50_000, 200_000]);
    const marker = `__fuzz_raw_${m.raws.length}__`;
    const array = rng() < 0.5;
    const text = array ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    m.raws.push({ marker, text });
    m.pact = set(m.pact, p, marker);
    m.notes.push(`${fmt(p)} = ${depth} nested ${array ? 'arrays' : 'objects'}`);
  }],
  ['huge string', 2, (m, rng) => {
    const strings = paths(m.pact).filter((p) => typeof get(m.pact, p) === 'string');
    const p = strings.length ? pick(rng, strings) : pick(rng, paths(m.pact));
    const size = pick(rng, [100_000, 1_000_000, 4_000_000]);
    const unit = pick(rng, ['a', 'é', '😀', 'ab/', '%', '\\"']);
    const marker = `__fuzz_raw_${m.raws.length}__`;
    m.raws.push({ marker, text: JSON.stringify(unit.repeat(Math.ceil(size / unit.length))) });
    m.pact = set(m.pact, p, marker);
    m.notes.push(`${fmt(p)} = ${size} × ${JSON.stringify(unit)}`);
  }],
  ['hostile regex', 3, (m, rng) => {
    const list = interactionsOf(m.pact);
    const i = list.length ? int(rng, 0, list.length - 1) : -1;
    if (i < 0) return;
    const regex = pick(rng, HOSTILE_REGEXES);
    const interaction = list[i] as Record<string, Json>;
    const response = (interaction.response ?? (interaction.response = {})) as Record<string, Json>;
    const v2 = typeof response.matchingRules === 'object' && response.matchingRules && Object.keys(response.matchingRules).some((k) => k.startsWith('$.'));
    const target = pick(rng, ['body', 'header', 'status', 'path']);
    if (v2) {
      const rules = response.matchingRules as Record<string, Json>;
      rules[target === 'header' ? '$.headers.X-Evil' : target === 'body' ? '$.body.id' : `$.${target}`] = { match: 'regex', regex };
    } else {
      const rules = (response.matchingRules && typeof response.matchingRules === 'object' && !Array.isArray(response.matchingRules) ? response.matchingRules : (response.matchingRules = {})) as Record<string, Json>;
      const key = target === 'header' ? 'X-Evil' : target === 'body' ? '$.id' : '';
      const category = (rules[target] && typeof rules[target] === 'object' ? rules[target] : (rules[target] = {})) as Record<string, Json>;
      category[key] = { matchers: [{ match: 'regex', regex }] };
    }
    m.notes.push(`interactions[${i}].response.matchingRules ${target}: regex ${JSON.stringify(regex)}`);
  }],
  ['bad header or method', 3, (m, rng) => {
    const list = interactionsOf(m.pact);
    if (!list.length) return;
    const i = int(rng, 0, list.length - 1);
    const interaction = list[i] as Record<string, Record<string, Json>>;
    const side = pick(rng, ['request', 'response'] as const);
    const part = (interaction[side] ??= {});
    if (side === 'request' && rng() < 0.4) {
      const method = pick(rng, BAD_METHODS);
      part.method = method;
      m.notes.push(`interactions[${i}].request.method = ${JSON.stringify(method).slice(0, 60)}`);
      return;
    }
    const name = pick(rng, BAD_HEADER_NAMES);
    const value = pick(rng, ['x', 'a\r\nb', '\u0000', 'ü', 'x'.repeat(100_000)]);
    const headers = (part.headers && typeof part.headers === 'object' && !Array.isArray(part.headers) ? part.headers : (part.headers = {})) as Record<string, Json>;
    Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true });
    m.notes.push(`interactions[${i}].${side}.headers[${JSON.stringify(name).slice(0, 40)}] = ${JSON.stringify(value).slice(0, 30)}`);
  }],
  ['__proto__ keys', 2, (m, rng) => {
    const objects = paths(m.pact).filter((p) => {
      const v = get(m.pact, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    });
    const p = pick(rng, objects);
    const key = pick(rng, ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString']);
    const value: Json = key === 'constructor' ? { prototype: { polluted: 'yes' } } : { polluted: 'yes', toString: 'x' };
    set(m.pact, [...p, key], value);
    m.notes.push(`${fmt([...p, key])} = ${JSON.stringify(value)}`);
  }],
  ['spec version', 1, (m, rng) => {
    const v = pick(rng, ['1.0.0', '1.1.0', '2.0.0', '3.0.0', '4.0', '5.0', 'x', '', 3, null, [], '4.0.0-beta']);
    const meta = (m.pact as Record<string, Json>).metadata;
    if (meta && typeof meta === 'object' && !Array.isArray(meta)) meta.pactSpecification = { version: v };
    m.notes.push(`metadata.pactSpecification.version = ${JSON.stringify(v)}`);
  }],
  ['weird strings', 2, (m, rng) => {
    const strings = paths(m.pact).filter((p) => typeof get(m.pact, p) === 'string');
    if (!strings.length) return;
    const p = pick(rng, strings);
    const s = pick(rng, WEIRD_STRINGS);
    m.pact = set(m.pact, p, s);
    m.notes.push(`${fmt(p)} = ${JSON.stringify(s)}`);
  }],
  ['extreme numbers', 1, (m, rng) => {
    const list = interactionsOf(m.pact);
    if (!list.length) return;
    const i = int(rng, 0, list.length - 1);
    const marker = `__fuzz_raw_${m.raws.length}__`;
    const text = pick(rng, ['1e309', '-1e309', '99999999999999999999999', '-0', '0.0000000000000000000001', '999', '-1', '1.5']);
    m.raws.push({ marker, text });
    const interaction = list[i] as Record<string, Record<string, Json>>;
    (interaction.response ??= {}).status = marker;
    m.notes.push(`interactions[${i}].response.status = ${text}`);
  }],
];

const fmt = (p: Path) => (p.length === 0 ? '$' : `$${p.map((k) => (typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('')}`);

function mutate(base: Json, rng: Rng): Mutated {
  const m: Mutated = { pact: structuredClone(base), raws: [], notes: [] };
  const total = MUTATIONS.reduce((s, [, w]) => s + w, 0);
  const count = int(rng, 1, 3);
  for (let i = 0; i < count; i++) {
    let r = rng() * total;
    const chosen = MUTATIONS.find(([, w]) => (r -= w) < 0) ?? MUTATIONS[0]!;
    try {
      chosen[2](m, rng);
    } catch {
      /* a mutation that does not fit this document: the others still apply */
    }
  }
  return m;
}

function serialise(m: Mutated): string {
  let text = JSON.stringify(m.pact, null, 1) ?? 'null';
  for (const raw of m.raws) text = text.split(JSON.stringify(raw.marker)).join(raw.text);
  return text;
}

// ---- running ----------------------------------------------------------------------------------

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const CAP = 200_000;

function runCli(args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=1024', BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout.length < CAP ? (stdout += d) : undefined));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr.length < CAP ? (stderr += d) : undefined));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

interface Failure {
  caseNo: number;
  command: 'publish' | 'verify';
  kind: string;
  excerpt: string;
  notes: string[];
  base: string;
  file: string;
  args: string[];
  /** With --minimize: the smallest pact that still fails this way (huge raw values abbreviated). */
  minimized?: string;
}

const STACK = /\n\s+at (?:.+ \()?(?:file:|node:|\/).+:\d+:\d+\)?/;
const CRASH = /unexpected failure|Maximum call stack|FATAL ERROR|heap out of memory|RangeError|TypeError|ReferenceError/;

function judge(r: RunResult, fileName: string, command: 'publish' | 'verify'): { kind: string; excerpt: string } | undefined {
  const all = `${r.stdout}\n${r.stderr}`;
  const firstError = r.stderr.split('\n').find((l) => l.startsWith('error:')) ?? r.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  if (r.timedOut) return { kind: 'no answer within the time limit (hang)', excerpt: firstError };
  if (r.signal) return { kind: `killed by ${r.signal}`, excerpt: r.stderr.slice(-300) };
  if (r.code !== 0 && r.code !== 1 && r.code !== 2) return { kind: `exit code ${r.code}`, excerpt: r.stderr.slice(-300) };
  if (STACK.test(all)) return { kind: 'stack trace', excerpt: (all.match(/.*\n\s+at .*/)?.[0] ?? '').slice(0, 300) };
  const crash = CRASH.exec(all);
  if (crash) return { kind: crash[0], excerpt: firstError.slice(0, 300) };
  if (command === 'publish' && r.code === 1) return { kind: 'publish --dry-run exited 1', excerpt: firstError };
  // Exit 2 names the pact file, or (verify) the provider that answered none of its requests (e.g. a CONNECT method).
  const located = r.stderr.includes(fileName) || (command === 'verify' && /the provider at \S+ did not answer any of/.test(r.stderr));
  if (r.code === 2 && !located) return { kind: 'message does not name the pact file', excerpt: firstError.slice(0, 300) };
  return undefined;
}

/** Greedy: drop one key or element (shallowest first) while the run still fails the same way. */
async function minimize(m: Mutated, command: 'publish' | 'verify', kind: string, args: (file: string) => string[], o: Options): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-fuzz-min-'));
  const fileName = 'min.json';
  const fails = async (candidate: Mutated): Promise<boolean> => {
    writeFileSync(path.join(dir, fileName), serialise(candidate));
    const bad = judge(await runCli(args(fileName), dir, o.timeoutMs), fileName, command);
    return bad?.kind === kind;
  };
  let current = m;
  try {
    for (let budget = 400, progress = true; progress && budget > 0; ) {
      progress = false;
      const candidates = paths(current.pact).filter((p) => p.length > 0).sort((a, b) => a.length - b.length);
      for (const p of candidates) {
        if (--budget <= 0) break;
        const next: Mutated = { ...current, pact: remove(structuredClone(current.pact), p) };
        if (await fails(next)) {
          current = next;
          progress = true;
          break;
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let text = JSON.stringify(current.pact) ?? 'null';
  for (const raw of current.raws) {
    const shown = raw.text.length > 120 ? `${raw.text.slice(0, 60)}…(${raw.text.length} characters)…${raw.text.slice(-20)}` : raw.text;
    text = text.split(JSON.stringify(raw.marker)).join(`<raw: ${shown}>`);
  }
  return text;
}

async function runCase(n: number, o: Options, bases: { name: string; pact: Json }[], providerUrl: string): Promise<Failure[]> {
  const rng = caseRng(o.seed, n);
  const base = pick(rng, bases);
  const m = mutate(base.pact, rng);
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-fuzz-'));
  const fileName = `case-${n}.json`;
  const file = path.join(dir, fileName);
  writeFileSync(file, serialise(m));
  const failures: Failure[] = [];
  const commands: ['publish' | 'verify', string[]][] = [
    ['publish', ['publish', fileName, '--dry-run', '-a', '1.0.0']],
    ['verify', ['verify', '--pact', fileName, '--provider-base-url', providerUrl, '--timeout', '2000']],
  ];
  try {
    for (const [command, args] of commands) {
      const r = await runCli(args, dir, o.timeoutMs);
      const bad = judge(r, fileName, command);
      if (!bad) continue;
      mkdirSync(o.keep, { recursive: true });
      const kept = path.join(o.keep, `seed-${o.seed}-case-${n}.json`);
      writeFileSync(kept, readFileSync(file));
      const failure: Failure = { caseNo: n, command, ...bad, notes: m.notes, base: base.name, file: kept, args: args.map((a) => (a === fileName ? kept : a)) };
      if (o.minimize) failure.minimized = await minimize(m, command, bad.kind, (f) => args.map((a) => (a === fileName ? f : a)), o);
      failures.push(failure);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failures;
}

async function main(): Promise<number> {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(ROOT, 'dist/cli/main.cjs'))) throw new Error('fuzz: build first (npm run build)');
  const bases = basePacts();
  // Answers every request the same way, with the values the base pacts' hostile rules look at.
  const provider = await startTestProvider(() => ({
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Evil': EVIL },
    body: { id: EVIL, name: 'item', tags: ['a'], price: 1.5, items: [{ id: EVIL }], count: 1, created: '2020-01-01T10:00:00' },
  }));
  const numbers = o.only !== undefined ? [o.only] : Array.from({ length: o.cases }, (_, i) => i);
  process.stderr.write(`fuzz: seed ${o.seed}, ${numbers.length} case(s), ${o.jobs} job(s), ${bases.length} base pacts\n`);
  const failures: Failure[] = [];
  let done = 0;
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < numbers.length) {
      const n = numbers[next++]!;
      failures.push(...(await runCase(n, o, bases, provider.url)));
      done++;
      if (done % 50 === 0 || done === numbers.length) {
        process.stderr.write(`fuzz: ${done}/${numbers.length} cases, ${failures.length} failure(s), ${Math.round((Date.now() - started) / 1000)} s\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: o.jobs }, worker));
  await provider.close();

  if (failures.length === 0) {
    process.stdout.write(`fuzz: all ${numbers.length} cases passed (seed ${o.seed})\n`);
    return 0;
  }
  // One entry per command and kind of failure, with every case that showed it.
  const groups = new Map<string, Failure[]>();
  for (const f of failures.sort((a, b) => a.caseNo - b.caseNo)) {
    const key = `${f.command}: ${f.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const cases = new Set(failures.map((f) => f.caseNo)).size;
  process.stdout.write(`fuzz: ${cases} of ${numbers.length} cases failed (seed ${o.seed}), ${groups.size} distinct failure(s):\n`);
  for (const [key, list] of groups) {
    const f = list[0]!;
    process.stdout.write(
      `\n✗ ${key}\n` +
        `  cases: ${list.map((x) => x.caseNo).slice(0, 20).join(', ')}${list.length > 20 ? `, … (${list.length})` : ''}\n` +
        `  first: case ${f.caseNo} from ${f.base}; mutations: ${f.notes.join('; ').slice(0, 400)}\n` +
        `  output: ${f.excerpt}\n` +
        `  replay: npm run fuzz -- --seed ${o.seed} --case ${f.caseNo}\n` +
        (f.minimized ? `  minimized: ${f.minimized}\n` : '') +
        `  reproduce: node bin/pactship.cjs ${f.args.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}${f.command === 'verify' ? ' (with a provider answering there)' : ''}\n`,
    );
  }
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

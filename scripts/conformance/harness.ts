/**
 * Runs cases through pactship (the built binary) and the reference verifier and reads both
 * verdicts. Cases are grouped into one pact per spec version (each interaction its own path), one
 * in-process node:http provider serves every actual response, each verifier runs once per pact
 * with a JSON report, and verdicts are compared per interaction: pass/fail and the parts that
 * failed (status, header, body, metadata).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringifyJson } from '../../src/pact/json-text.js';

export type Spec = '1.0.0' | '1.1.0' | '2.0.0' | '3.0.0' | '4.0.0';

/** What the provider answers. `body` is sent as-is when a string, else as JSON. */
export interface ActualSpec {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: unknown;
  bodyBase64?: string;
}

export interface ConfCase {
  id: string;
  spec: Spec;
  /** The response as written in the pact (that spec version's syntax). */
  response: Record<string, unknown>;
  /** Extra request fields (headers, query, body…); method and path are the harness's. */
  request?: Record<string, unknown>;
  actual: ActualSpec;
  /** What the generator did (for reports and the allow-list). */
  tags?: string[];
}

export type Part = 'status' | 'header' | 'body' | 'metadata' | 'error';

export interface Verdict {
  pass: boolean;
  parts: Part[];
  messages: string[];
}

export interface Outcome {
  case: ConfCase;
  pactship: Verdict;
  reference: Verdict;
}

export interface Tools {
  /** `bin/pactship.cjs` of the built package. */
  pactship: string;
  /** The reference `pact` binary. */
  reference: string;
}

function bodyBytes(a: ActualSpec): Buffer {
  if (a.bodyBase64 !== undefined) return Buffer.from(a.bodyBase64, 'base64');
  if (a.body === undefined) return Buffer.alloc(0);
  return Buffer.from(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
}

function startProvider(cases: Map<string, ConfCase>): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = decodeURIComponent((req.url ?? '').split('?')[0]?.replace(/^\/case\//, '') ?? '');
      const c = cases.get(id);
      if (!c) {
        res.writeHead(404);
        res.end();
        return;
      }
      const body = bodyBytes(c.actual);
      const headers: Record<string, string | string[] | number> = { ...(c.actual.headers ?? {}) };
      const status = c.actual.status ?? 200;
      // 204 and 304 carry no body (RFC 9110 §15.3.5, §15.4.5): send none rather than a broken response.
      const bodyless = status === 204 || status === 304;
      if (!bodyless && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) headers['Content-Length'] = body.length;
      res.writeHead(status, headers);
      res.end(bodyless ? undefined : body);
    });
  });
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

function pactFor(spec: Spec, cases: ConfCase[]): Record<string, unknown> {
  return {
    consumer: { name: 'ConformanceConsumer' },
    provider: { name: 'ConformanceProvider' },
    interactions: cases.map((c) => ({
      ...(spec === '4.0.0' ? { type: 'Synchronous/HTTP' } : {}),
      description: `case ${c.id}`,
      request: { method: 'GET', ...(c.request ?? {}), path: `/case/${encodeURIComponent(c.id)}` },
      response: c.response,
    })),
    metadata: { pactSpecification: { version: spec } },
  };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ code: -1, out: String(e) }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function pool<T>(jobs: Array<() => Promise<T>>, size: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
  return results;
}

const REF_PARTS: Record<string, Part> = {
  StatusMismatch: 'status',
  HeaderMismatch: 'header',
  BodyMismatch: 'body',
  BodyTypeMismatch: 'body',
  MetadataMismatch: 'metadata',
};
const PS_PARTS: Record<string, Part> = { status: 'status', header: 'header', body: 'body', bodyType: 'body', metadata: 'metadata' };

const uniq = (parts: Part[]): Part[] => [...new Set(parts)].sort();

function errorVerdict(message: string): Verdict {
  return { pass: false, parts: ['error'], messages: [message] };
}

interface RefReport {
  errors?: Array<{ interaction?: string; mismatch?: { type?: string; message?: string; mismatches?: Array<{ type?: string; mismatch?: string; path?: string; key?: string }> } }>;
  interactionResults?: Array<{ description?: string; result?: string }>;
}

function readReference(file: string, ids: string[], out: string): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  let report: RefReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as RefReport;
  } catch {
    for (const id of ids) verdicts.set(id, errorVerdict(`reference wrote no report: ${out.trim().split('\n').slice(-3).join(' | ')}`));
    return verdicts;
  }
  const results = new Map((report.interactionResults ?? []).map((r) => [r.description ?? '', r.result]));
  const errors = new Map<string, NonNullable<RefReport['errors']>[number]['mismatch']>();
  for (const e of report.errors ?? []) {
    const m = / - case (.+)$/.exec(e.interaction ?? '');
    if (m?.[1]) errors.set(m[1], e.mismatch);
  }
  const loadError = (report.errors ?? []).find((e) => !/ - case /.test(e.interaction ?? ''));
  for (const id of ids) {
    const result = results.get(`case ${id}`);
    const mismatch = errors.get(id);
    if (result === undefined) {
      verdicts.set(id, errorVerdict(`reference did not verify it${loadError ? `: ${loadError.interaction ?? ''} ${loadError.mismatch?.message ?? ''}` : ''}`));
    } else if (result === 'OK' && !mismatch) {
      verdicts.set(id, { pass: true, parts: [], messages: [] });
    } else if (mismatch?.mismatches) {
      verdicts.set(id, {
        pass: false,
        parts: uniq(mismatch.mismatches.map((m) => REF_PARTS[m.type ?? ''] ?? 'error')),
        messages: mismatch.mismatches.map((m) => `${m.type}${m.path ? ` ${m.path}` : ''}${m.key ? ` ${m.key}` : ''}: ${m.mismatch ?? ''}`),
      });
    } else {
      verdicts.set(id, errorVerdict(`reference error: ${mismatch?.message ?? result ?? 'unknown'}`));
    }
  }
  return verdicts;
}

interface PsReport {
  pacts?: Array<{ interactions?: Array<{ description?: string; status?: string; mismatches?: Array<{ kind?: string; path?: string; message?: string }>; errors?: unknown[] }> }>;
}

function readPactship(file: string, ids: string[], out: string): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  let report: PsReport;
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as PsReport;
  } catch {
    for (const id of ids) verdicts.set(id, errorVerdict(`pactship wrote no report: ${out.trim().split('\n').slice(-4).join(' | ')}`));
    return verdicts;
  }
  const byDescription = new Map<string, NonNullable<NonNullable<PsReport['pacts']>[number]['interactions']>[number]>();
  for (const p of report.pacts ?? []) for (const i of p.interactions ?? []) byDescription.set(i.description ?? '', i);
  for (const id of ids) {
    const i = byDescription.get(`case ${id}`);
    if (!i) verdicts.set(id, errorVerdict('pactship did not verify it'));
    else if (i.status === 'passed') verdicts.set(id, { pass: true, parts: [], messages: [] });
    else {
      const mismatches = i.mismatches ?? [];
      const parts = mismatches.map((m) => PS_PARTS[m.kind ?? ''] ?? 'error');
      if ((i.errors ?? []).length > 0 || parts.length === 0) parts.push('error');
      verdicts.set(id, {
        pass: false,
        parts: uniq(parts),
        messages: [...mismatches.map((m) => `${m.kind}${m.path ? ` ${m.path}` : ''}: ${m.message ?? ''}`), ...(i.errors ?? []).map((e) => JSON.stringify(e))],
      });
    }
  }
  return verdicts;
}

/** Verifies every case with both tools; `concurrency` processes at a time. */
export async function verifyBoth(cases: ConfCase[], tools: Tools, concurrency = 3): Promise<Outcome[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pactship-conformance-'));
  const byId = new Map(cases.map((c) => [c.id, c]));
  const { server, port } = await startProvider(byId);
  const emptyCerts = path.join(dir, 'no-certs.pem');
  writeFileSync(emptyCerts, '');
  // An empty trust store: the reference otherwise parses the system's CA bundle for every
  // interaction (~20 ms each); plain HTTP to 127.0.0.1 never uses it.
  const refEnv = { PATH: process.env.PATH ?? '', HOME: dir, PACT_DO_NOT_TRACK: 'true', SSL_CERT_FILE: emptyCerts };
  const psEnv = { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' };
  const base = `http://127.0.0.1:${port}`;
  const reference = new Map<string, Verdict>();
  const pactship = new Map<string, Verdict>();
  let n = 0;
  const jobsFor = (group: ConfCase[], which: 'pactship' | 'reference'): Array<() => Promise<void>> => {
    const jobs: Array<() => Promise<void>> = [];
    const bySpec = new Map<Spec, ConfCase[]>();
    for (const c of group) bySpec.set(c.spec, [...(bySpec.get(c.spec) ?? []), c]);
    for (const [spec, list] of bySpec) {
      // Chunks feed the pool; a pact that fails to load is retried case by case (below).
      for (let start = 0; start < list.length; start += 150) {
        const chunk = list.slice(start, start + 150);
        const ids = chunk.map((c) => c.id);
        const name = `p${n++}`;
        const file = path.join(dir, `${name}.json`);
        writeFileSync(file, stringifyJson(pactFor(spec, chunk), true));
        if (which === 'pactship')
          jobs.push(async () => {
            const report = path.join(dir, `${name}.ps.json`);
            const r = await run(process.execPath, [tools.pactship, 'verify', '--pact', file, '--provider-base-url', base, '--json', report], psEnv);
            for (const [id, v] of readPactship(report, ids, r.out)) pactship.set(id, v);
          });
        else
          jobs.push(async () => {
            const report = path.join(dir, `${name}.ref.json`);
            const r = await run(tools.reference, ['verifier', '-f', file, '-h', '127.0.0.1', '-p', String(port), '-j', report, '--no-colour'], refEnv);
            for (const [id, v] of readReference(report, ids, r.out)) reference.set(id, v);
          });
      }
    }
    return jobs;
  };
  const unverified = (verdicts: Map<string, Verdict>) => cases.filter((c) => / did not verify it| wrote no report/.test(verdicts.get(c.id)?.messages[0] ?? ''));
  try {
    await pool([...jobsFor(cases, 'pactship'), ...jobsFor(cases, 'reference')], concurrency);
    // One case a pact loader rejects costs its chunk's verdicts: retry those cases one by one.
    const retry = [
      ...unverified(pactship).flatMap((c) => jobsFor([c], 'pactship')),
      ...unverified(reference).flatMap((c) => jobsFor([c], 'reference')),
    ];
    if (retry.length < cases.length * 2 || cases.length === 1) await pool(retry, concurrency);
  } finally {
    server.close();
    server.closeAllConnections();
    rmSync(dir, { recursive: true, force: true });
  }
  return cases.map((c) => ({
    case: c,
    pactship: pactship.get(c.id) ?? errorVerdict('no pactship verdict'),
    reference: reference.get(c.id) ?? errorVerdict('no reference verdict'),
  }));
}

/** Same pass/fail, and when both fail, the same failing parts. */
export function agree(o: Outcome): boolean {
  if (o.pactship.pass !== o.reference.pass) return false;
  return o.pactship.pass || o.pactship.parts.join() === o.reference.parts.join();
}

/** How they differ, in words the allow-list uses. */
export function direction(o: Outcome): 'pactship-greener' | 'pactship-stricter' | 'different-parts' | 'agree' {
  if (agree(o)) return 'agree';
  if (o.pactship.pass) return 'pactship-greener';
  if (o.reference.pass) return 'pactship-stricter';
  return 'different-parts';
}

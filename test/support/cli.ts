/**
 * Runs the built CLI. `runCli` calls its `main()` in this process, loaded from dist/ exactly as
 * the bin loads it, with its own env, cwd and streams: the same code path as a user's run minus
 * the process start (which made e2e tests slow). `runBin` spawns the real binary, for what only a
 * process shows: exit codes as the shell sees them, signals, stdout/stderr as separate pipes,
 * Node-level environment (NODE_EXTRA_CA_CERTS, NODE_OPTIONS), the installed package.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { MainIO } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/pactship.cjs');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for "appears nowhere" assertions. */
  all: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to a minimal env: {PATH, NO_COLOR: '1', HOME: <fresh tmp dir>}. Set a key to undefined to drop it. */
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
}

export function tempDir(prefix = 'pactship-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

function cliEnv(extra: CliOptions['env']): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: tempDir('pactship-home-') };
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

type Main = (io: MainIO) => Promise<number>;
let loaded: Main | undefined;

/** dist/cli/main.cjs through dist/cli/boot.cjs, as bin/pactship.cjs loads it (once per test worker). */
function cliMain(): Main {
  if (!loaded) {
    const boot = createRequire(import.meta.url)(path.join(ROOT, 'dist/cli/boot.cjs')) as { loadCli(argv: string[]): { main: Main } };
    loaded = boot.loadCli([]).main;
  }
  return loaded;
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.setEncoding('utf8').on('data', (d: string) => (text += d));
  return { stream, text: () => text };
}

/** The CLI in this process: same signature and result as a child process run (signal is always null). */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const run = cliMain()({
    argv: args,
    env: cliEnv(options.env),
    cwd: options.cwd ?? tempDir(),
    stdin: Readable.from([options.input ?? '']),
    stdout: stdout.stream,
    stderr: stderr.stream,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 60_000)));
  const code = await Promise.race([run, timedOut]).finally(() => clearTimeout(timer));
  // Let the collectors drain what was written just before main() returned.
  await new Promise((resolve) => setImmediate(resolve));
  const out = stdout.text();
  const err = code === 'timeout' ? `${stderr.text()}\n[runCli: no exit within ${options.timeoutMs ?? 60_000} ms]` : stderr.text();
  return { code: code === 'timeout' ? null : code, signal: null, stdout: out, stderr: err, all: out + err };
}

/** The real binary as a child process, the way a user or CI script runs it. */
export function runBin(args: string[], options: CliOptions & { bin?: string } = {}): Promise<CliResult> {
  const env = cliEnv(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], { cwd: options.cwd ?? tempDir(), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, all: stdout + stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

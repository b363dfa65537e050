/** Runs the built CLI as a child process, the way a user or CI script does. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin/pactship.js');

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

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: tempDir('pactship-home-') };
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? tempDir(), env, stdio: ['pipe', 'pipe', 'pipe'] });
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

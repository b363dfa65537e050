/**
 * The reference verifier (the Rust `pact` CLI from @pact-foundation/pact-cli-linux-x64), fetched on
 * demand with `npm pack` into .bench-cache/ (gitignored) — never a dependency of the package.
 * Shared by `npm run bench` and `npm run conformance`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REFERENCE_PACKAGE = '@pact-foundation/pact-cli-linux-x64';

/** The pactship package root (scripts run from build/tools/scripts, sources from scripts/). */
export function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'pactship') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the pactship package root');
    dir = up;
  }
}

export function sh(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', (e) => resolve({ code: -1, out: String(e) }));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    const info = statSync(full);
    if (info.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    } else if (entry === name) return full;
  }
  return undefined;
}

export interface ReferenceCli {
  /** Path of the `pact` binary (run as `pact verifier …`). */
  bin: string;
  version: string;
}

/**
 * The reference binary: `PACT_REFERENCE_CLI` if set (a `pact` binary), else the cached copy, else
 * `npm pack` it once. `log` gets one line when a download happens.
 */
export async function referenceCli(root = findRoot(), log: (line: string) => void = console.log): Promise<ReferenceCli | { error: string }> {
  let bin = process.env.PACT_REFERENCE_CLI;
  if (!bin) {
    if (process.platform !== 'linux' || process.arch !== 'x64') return { error: `${REFERENCE_PACKAGE} only runs on linux-x64` };
    const dir = path.join(root, '.bench-cache', 'pact-cli');
    bin = existsSync(dir) ? findFile(dir, 'pact') : undefined;
    if (!bin) {
      mkdirSync(dir, { recursive: true });
      log(`fetching ${REFERENCE_PACKAGE} into ${path.relative(root, dir)} (npm pack, once)…`);
      const packed = await sh('npm', ['pack', REFERENCE_PACKAGE, '--pack-destination', dir, '--silent'], dir);
      const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      if (packed.code !== 0 || !tgz) return { error: `npm pack ${REFERENCE_PACKAGE} failed: ${packed.out.trim().slice(0, 300)}` };
      const untar = await sh('tar', ['xzf', tgz], dir);
      if (untar.code !== 0) return { error: `tar failed: ${untar.out.slice(0, 300)}` };
      bin = findFile(dir, 'pact');
      if (!bin) return { error: `no 'pact' binary found in ${REFERENCE_PACKAGE}` };
    }
    await sh('chmod', ['+x', bin], dir);
  }
  const check = await sh(bin, ['verifier', '--version'], root, { ...process.env, PACT_DO_NOT_TRACK: 'true' });
  if (check.code !== 0) return { error: `${bin} verifier --version failed: ${check.out.slice(0, 300)}` };
  const version = /verifier version\s*:\s*(\S+)/.exec(check.out)?.[1] ?? check.out.trim().split('\n')[0] ?? '';
  return { bin, version };
}

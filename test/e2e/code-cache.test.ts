/**
 * dist/cli/boot.cjs: the V8 code cache is written after a run that lacked it, used by the next
 * run of the same command, and never by a rebuilt chunk. Child processes on a copy of dist/cli,
 * so the cache directory is this test's own.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';

const run = promisify(execFile);

let pkg: string;
beforeAll(() => {
  pkg = tempDir('pactship-cache-');
  cpSync(path.join(ROOT, 'dist/cli'), path.join(pkg, 'dist/cli'), { recursive: true });
});

/** Runs `pactship <args>` through boot.cjs and returns how the cache was used. */
async function stats(args: string[], env: Record<string, string> = {}): Promise<{ accepted: number; rejected: number; missing: number; written: number }> {
  const script = `
    const boot = require(${JSON.stringify(path.join(pkg, 'dist/cli/boot.cjs'))});
    const { Writable } = require('node:stream');
    const sink = new Writable({ write(_c, _e, cb) { cb(); } });
    const argv = ${JSON.stringify(args)};
    boot.loadCli(argv).main({ argv, env: {}, cwd: process.cwd(), stdout: sink, stderr: sink }).then((code) => {
      boot.saveCodeCache();
      process.stdout.write(JSON.stringify({ code, ...boot.codeCacheStats() }));
    });`;
  const { stdout } = await run(process.execPath, ['-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
  const result = JSON.parse(stdout) as { code: number; accepted: number; rejected: number; missing: number; written: number };
  expect(result.code).toBe(0);
  return result;
}

const cacheFiles = (profile: string) => readdirSync(path.join(pkg, '.cache/v8', `${process.version}-${process.arch}`, profile));

describe('the V8 code cache', () => {
  it('is written by the first run of a command, then used; a rebuilt chunk gets a new one', async () => {
    const first = await stats(['--version']);
    expect(first.accepted).toBe(0);
    expect(first.written).toBeGreaterThan(0);
    expect(first.written).toBe(first.missing);

    const second = await stats(['--version']);
    expect(second).toMatchObject({ accepted: first.written, rejected: 0, missing: 0, written: 0 });

    // Same name, other content: the old cache must not be offered to V8 (it checks only the length).
    appendFileSync(path.join(pkg, 'dist/cli/main.cjs'), '\n// rebuilt\n');
    const third = await stats(['--version']);
    expect(third).toMatchObject({ accepted: first.written - 1, missing: 1, written: 1 });
    expect(cacheFiles('version').filter((f) => f.startsWith('main.cjs~'))).toHaveLength(1);
  });

  it('keeps one cache per command, and NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const help = await stats(['--help']);
    expect(help.written).toBeGreaterThan(0);
    expect(cacheFiles('help').length).toBe(help.written);
    const off = await stats(['--help'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off).toMatchObject({ accepted: 0, rejected: 0, missing: 0, written: 0 });
  });
});

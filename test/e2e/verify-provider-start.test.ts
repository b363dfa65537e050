/** `--provider-start`: started, waited for, stopped with its children (also on failure and on Ctrl-C). */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/provider/index.js';
import { getItem, pactV3, pactV4, writePact } from '../support/provider/pacts.js';

const APP = path.join(ROOT, 'fixtures/verify/provider-app.mjs');
const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(APP)}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) for the processes to be gone; returns those still alive. */
async function survivors(pids: number[]): Promise<number[]> {
  for (let i = 0; i < 50 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const left = pids.filter(alive);
  for (const pid of left) process.kill(pid, 'SIGKILL'); // never leave them behind, even when failing
  return left;
}

function readPids(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

describe('verify --provider-start', () => {
  it('starts the provider, waits for the ready URL, verifies, and stops it and its children', async () => {
    const dir = tempDir('pactship-start-');
    const pidFile = path.join(dir, 'pids');
    const port = await freePort();
    writePact(dir, pactV3('Web', 'App', [getItem(1, 'one')]));
    const r = await runCli(
      ['verify', '--pact', dir, '--provider-base-url', `http://localhost:${port}`, '--provider-start', command, '--provider-ready-url', `http://127.0.0.1:${port}/health`],
      { env: { PORT: String(port), PID_FILE: pidFile, SPAWN_CHILD: '1', START_DELAY_MS: '300' } },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ get item 1/);
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(2);
    expect(await survivors(pids)).toEqual([]);
  });

  it('verifies HTTP and message interactions against the started process (its message endpoint via --message-url)', async () => {
    const dir = tempDir('pactship-start-');
    const port = await freePort();
    writePact(
      dir,
      pactV4('Web', 'App', [
        { type: 'Synchronous/HTTP', key: 'h', description: 'get item 1', request: { method: 'GET', path: '/items/1' }, response: { status: 200, body: { contentType: 'application/json', content: { id: 1, name: 'one' } } } },
        { type: 'Asynchronous/Messages', key: 'm', description: 'an item created event', contents: { content: { id: 1, name: 'one' }, contentType: 'application/json' }, metadata: { topic: 'items' } },
      ]),
    );
    const base = `http://127.0.0.1:${port}`;
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', base, '--message-url', `${base}/_pact/messages`, '--provider-start', command, '--provider-ready-url', `${base}/health`], {
      env: { PORT: String(port) },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ get item 1/);
    expect(r.stdout).toMatch(/✓ an item created event \(message/);
  });

  it('a provider that exits early: exit 2 with its output shown', async () => {
    const dir = tempDir('pactship-start-');
    writePact(dir, pactV3('Web', 'App', [getItem(1, 'one')]));
    const port = await freePort();
    const r = await runCli(['verify', '--pact', dir, '--provider-base-url', `http://127.0.0.1:${port}`, '--provider-start', command], {
      env: { PORT: String(port), FAIL_START: '1' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the provider command exited');
    expect(r.stderr).toContain('provider-app: cannot start: FAIL_START is set');
  });

  it('a provider that never answers: exit 2 after the start timeout, process stopped', async () => {
    const dir = tempDir('pactship-start-');
    const pidFile = path.join(dir, 'pids');
    writePact(dir, pactV3('Web', 'App', [getItem(1, 'one')]));
    const port = await freePort();
    const other = await freePort();
    const r = await runCli(
      ['verify', '--pact', dir, '--provider-base-url', `http://127.0.0.1:${other}`, '--provider-start', command, '--provider-start-timeout', '1500'],
      { env: { PORT: String(port), PID_FILE: pidFile } },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did not answer');
    expect(r.stderr).toContain('provider-app starting');
    expect(await survivors(readPids(pidFile))).toEqual([]);
  });

  it('Ctrl-C while waiting stops the provider and its children', async () => {
    const dir = tempDir('pactship-start-');
    const pidFile = path.join(dir, 'pids');
    writePact(dir, pactV3('Web', 'App', [getItem(1, 'one')]));
    const port = await freePort();
    const other = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, 'verify', '--pact', dir, '--provider-base-url', `http://127.0.0.1:${other}`, '--provider-start', command, '--provider-start-timeout', '60000'],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: dir, PORT: String(port), PID_FILE: pidFile, SPAWN_CHILD: '1' }, stdio: 'ignore' },
    );
    for (let i = 0; i < 100 && readPids(pidFile).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    const pids = readPids(pidFile);
    expect(pids).toHaveLength(2);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(await survivors(pids)).toEqual([]);
  });
});

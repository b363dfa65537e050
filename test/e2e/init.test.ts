import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

describe('pactship init', () => {
  it('without a terminal, writes a .pactrc from the flags that every command then loads, and prints three next commands', async () => {
    const cwd = tempDir();
    const r = await runCli(['init', '--role', 'provider', '--provider', 'user-service', '--provider-start', 'node server.js', '--state-change-url', 'http://localhost:8080/_pact/state', '--broker-base-url', 'http://127.0.0.1:9292'], { cwd });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`wrote ${path.join(cwd, '.pactrc')}`);
    expect(r.stdout.match(/^ {2}\d\. /gm)).toHaveLength(3);
    expect(r.stdout).toContain('npx pactship verify');
    const config = await runCli(['config', '-o', 'json'], { cwd });
    expect(config.code, config.all).toBe(0);
    const values = Object.fromEntries((JSON.parse(config.stdout) as { values: { key: string; value: unknown }[] }).values.map((v) => [v.key, v.value]));
    expect(values).toMatchObject({ 'verify.provider': 'user-service', 'verify.providerStart': 'node server.js', 'verify.stateChangeUrl': 'http://localhost:8080/_pact/state', 'broker.baseUrl': 'http://127.0.0.1:9292' });
  });

  it('never overwrites a config without --force', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.pactrc'), 'broker:\n  baseUrl: "http://keep.me"\n');
    const r = await runCli(['init', '--role', 'consumer'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.pactrc already exists: not overwritten');
    expect(r.stderr).toContain('--force');
    expect(readFileSync(path.join(cwd, '.pactrc'), 'utf8')).toContain('keep.me');
    const forced = await runCli(['init', '--role', 'consumer', '--force'], { cwd });
    expect(forced.code, forced.all).toBe(0);
    expect(readFileSync(path.join(cwd, '.pactrc'), 'utf8')).not.toContain('keep.me');
  });

  it('a pactship key in package.json counts as a config; a package.json without one does not', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'x' }));
    expect((await runCli(['init', '--role', 'consumer'], { cwd })).code).toBe(0);
    const other = tempDir();
    writeFileSync(path.join(other, 'package.json'), JSON.stringify({ name: 'x', pactship: {} }));
    const r = await runCli(['init'], { cwd: other });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.json already exists');
  });

  it('--state-handlers writes a JS config and warns when an existing .pactrc would still win', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.pactrc'), 'verify:\n  provider: "old"\n');
    const r = await runCli(['init', '--role', 'provider', '--provider', 'user-service', '--state-handlers', '--force', '-o', 'json'], { cwd });
    expect(r.code, r.all).toBe(0);
    expect(existsSync(path.join(cwd, 'pactship.config.mjs'))).toBe(true);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: path.join(cwd, 'pactship.config.mjs'), shadowedBy: ['.pactrc'] });
    expect(r.stderr).toContain('.pactrc is found before pactship.config.mjs');
  });

  it('rejects bad flag values, each named', async () => {
    const r = await runCli(['init', '--role', 'tester', '--provider-base-url', 'localhost:8080'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--role: must be one of consumer, provider, both, got 'tester'");
    expect(r.stderr).toContain('--provider-base-url: must be');
  });
});

describe('pactship init on a terminal', () => {
  // util-linux `script` gives the CLI a real pseudo-terminal; skipped where it is not installed.
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p));
  it.skipIf(!script)('asks, takes the answers, and writes them', async () => {
    const cwd = tempDir();
    const { spawnSync } = await import('node:child_process');
    const { BIN } = await import('../support/cli.js');
    const r = spawnSync(script as string, ['-qec', `${process.execPath} ${BIN} init`, '/dev/null'], {
      cwd,
      input: 'provider\nhttp://127.0.0.1:9292\nuser-service\n\n\nnone\n',
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', HOME: cwd, TERM: 'dumb' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('Set up pactship for a consumer, a provider, or both? [both]:');
    const written = readFileSync(path.join(cwd, '.pactrc'), 'utf8');
    expect(written).toContain('provider: "user-service"');
    expect(written).toContain('baseUrl: "http://127.0.0.1:9292"');
  });
});

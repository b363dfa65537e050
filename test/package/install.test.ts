/**
 * The package as users get it: `npm pack` from a fresh clone (prepare builds dist/), the tarball
 * installed into an empty project without dev dependencies (from the npm cache), then
 * `npx pactship` runs --help, a publish against the stand-in broker and a verify against a real
 * provider, and the library API is imported by name; also `npm install git+file://…` (prepare on
 * install). Slow (two `npm ci`s), so it is its own run: `npm run test:package` (called by .ci/run).
 * It packs the committed HEAD, not the working tree.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, lstatSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, tempDir } from '../support/cli.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, writePact } from '../support/provider/pacts.js';

const exec = promisify(execFile);
const MB = 1e6;

async function sh(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false' }, maxBuffer: 64 * MB });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

/** `npm install` from the npm cache; falls back to --prefer-offline when something is not cached. */
async function npmInstall(args: string[], cwd: string): Promise<void> {
  let r = await sh('npm', ['install', ...args, '--offline'], cwd);
  if (r.code !== 0) r = await sh('npm', ['install', ...args, '--prefer-offline'], cwd);
  expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
}

function emptyProject(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"consumer-project","version":"1.0.0","private":true,"type":"module"}\n');
  return dir;
}

function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir)) {
    const info = lstatSync(path.join(dir, entry));
    total += info.blocks * 512;
    if (info.isDirectory()) total += diskBytes(path.join(dir, entry));
  }
  return total;
}

let work: string;
let broker: StandInBroker;
let provider: TestProvider;
beforeAll(async () => {
  work = tempDir('pactship-package-');
  broker = await startBroker();
  provider = await startTestProvider((req) => ({ status: 200, body: { id: Number(req.path.split('/').pop()), name: `item ${req.path.split('/').pop()}` } }));
});
afterAll(async () => {
  await broker?.close();
  await provider?.close();
});

/** Runs the installed binary the way users do. */
const npx = (project: string, args: string[]) => sh('npx', ['--no-install', 'pactship', ...args], project);

async function exercise(project: string): Promise<void> {
  const help = await npx(project, ['--help']);
  expect(help.code, help.stderr).toBe(0);
  expect(help.stdout).toMatch(/^Usage: pactship \[options\] \[command\]/);

  const published = await npx(project, ['publish', path.join(ROOT, 'fixtures/demo/pacts'), '-a', '1.0.0', '--branch', 'main', '-b', broker.url]);
  expect(published.code, published.stdout + published.stderr).toBe(0);
  expect(broker.state.pacts.length).toBeGreaterThan(0);

  const pacts = tempDir('pactship-pacts-');
  writePact(pacts, pactV3('Web', 'Items', [getItem(1), getItem(2)]));
  const verified = await npx(project, ['verify', '--pact', pacts, '--provider-base-url', provider.url]);
  expect(verified.code, verified.stdout + verified.stderr).toBe(0);
  expect(verified.stdout).toContain('2 verified, 0 failed');

  const api = await sh(process.execPath, ['--input-type=module', '-e', "import { VERSION, parsePact } from 'pactship'; console.log(VERSION, typeof parsePact)"], project);
  expect(api.code, api.stderr).toBe(0);
  expect(api.stdout).toMatch(/^\d+\.\d+\.\d+ function$/m);
}

describe('the packed package', () => {
  let tarball: string;

  it('packs from a fresh clone: prepare builds dist/, no source maps or caches in the tarball', async () => {
    const clone = path.join(work, 'clone');
    expect((await sh('git', ['clone', '--quiet', ROOT, clone], work)).code).toBe(0);
    const ci = await sh('npm', ['ci', '--prefer-offline'], clone);
    expect(ci.code, ci.stderr).toBe(0);
    const packed = await sh('npm', ['pack', '--pack-destination', work, '--silent'], clone);
    expect(packed.code, packed.stderr).toBe(0);
    tarball = path.join(work, packed.stdout.trim().split('\n').pop() as string);
    const files = (await sh('tar', ['tzf', tarball], work)).stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/bin/pactship.cjs', 'package/dist/cli/boot.cjs', 'package/dist/cli/main.cjs', 'package/dist/index.js', 'package/dist/index.d.ts']));
    expect(files.filter((f) => f.endsWith('.map') || f.includes('/.cache/') || f.startsWith('package/src/'))).toEqual([]);
  });

  it('installs without dev dependencies (≤ 10 MB) and runs: --help, publish, verify, the library API', async () => {
    const project = emptyProject(path.join(work, 'from-tarball'));
    await npmInstall(['--omit=dev', tarball], project);
    expect(diskBytes(path.join(project, 'node_modules')) / MB).toBeLessThanOrEqual(10);
    await exercise(project);
  });
});

describe('a git URL', () => {
  it('builds on install (prepare) and runs', async () => {
    const project = emptyProject(path.join(work, 'from-git'));
    await npmInstall(['--omit=dev', `git+file://${ROOT}`], project);
    await exercise(project);
  });
});

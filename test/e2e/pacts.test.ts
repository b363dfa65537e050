/** `pactship pacts --provider`: what the broker selects and why; --out then offline verify. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli, tempDir } from '../support/cli.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3 } from '../support/provider/pacts.js';

let broker: StandInBroker;
let provider: TestProvider;
beforeAll(async () => {
  broker = await startBroker();
  provider = await startTestProvider((req) => {
    const m = /^\/items\/(\d+)$/.exec(req.path);
    return m ? { status: 200, body: { id: Number(m[1]), name: `item ${m[1]}` } } : { status: 404 };
  });
});
afterAll(async () => {
  await broker.close();
  await provider.close();
});
beforeEach(() => {
  broker.reset();
  broker.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
  broker.publishPact({ pact: pactV3('../evil/Web', 'Items', [getItem(2)]), consumerVersion: '7', branch: 'main' });
});

describe('pactship pacts', () => {
  it('lists consumer, version, branch, pending and why, as a table', async () => {
    const r = await runCli(['pacts', '--provider', 'Items', '--broker-base-url', broker.url, '--enable-pending', '--provider-version-branch', 'main']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/CONSUMER\s+VERSION\s+BRANCH\s+STATUS\s+INTERACTIONS\s+WHY SELECTED/);
    expect(r.stdout).toMatch(/Web\s+1\.0\.0\s+main\s+pending\s+1 HTTP\s/);
    expect(r.stdout).toContain('is being verified because');
  });

  it('--output json', async () => {
    const r = await runCli(['pacts', '--provider', 'Items', '--broker-base-url', broker.url, '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { pacts: { consumer: string; consumerVersion: string; branch: string; pending: boolean; wip: boolean }[] };
    expect(doc.pacts.map((p) => [p.consumer, p.consumerVersion, p.branch])).toEqual([
      ['Web', '1.0.0', 'main'],
      ['../evil/Web', '7', 'main'],
    ]);
  });

  it('--out writes safe file names inside the directory, and verify --pact <dir> runs offline', async () => {
    const cwd = tempDir('pactship-cwd-');
    const r = await runCli(['pacts', '--provider', 'Items', '--broker-base-url', broker.url, '--out', 'pacts'], { cwd });
    expect(r.code).toBe(0);
    const files = readdirSync(path.join(cwd, 'pacts')).sort();
    expect(files).toEqual(['Web-Items.json', 'evil-Web-Items.json']);
    expect(readdirSync(cwd)).toEqual(['pacts']);
    const content = JSON.parse(readFileSync(path.join(cwd, 'pacts', 'Web-Items.json'), 'utf8')) as Record<string, unknown>;
    expect(content._links).toBeUndefined();
    const v = await runCli(['verify', '--pact', 'pacts', '--provider-base-url', provider.url], { cwd });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('2 verified');
  });
});

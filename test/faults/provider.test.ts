/** Provider-side faults and hygiene, through the built binary: the fake provider is the fault server with a fallback. */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { pactV3, writePact } from '../support/provider/pacts.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import { hasOpenssl } from '../support/tls.js';

describe('--provider-start', () => {
  it('does not hand the broker credentials to the provider process', async () => {
    const dir = tempDir('pactship-provider-env-');
    const port = await freePort();
    const envFile = path.join(dir, 'env.json');
    const script = path.join(dir, 'provider.mjs');
    writeFileSync(
      script,
      `import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(envFile)}, JSON.stringify(process.env));
createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'application/json' }); res.end('{"ok":true}'); }).listen(${port}, '127.0.0.1');
`,
    );
    const pact = writePact(dir, pactV3('Web', 'Envy', [{ description: 'ok', request: { method: 'GET', path: '/ok' }, response: { status: 200, body: { ok: true } } }]));
    const run = async (env: Record<string, string>) => {
      const r = await runCli(['verify', '--pact', pact, '--provider-base-url', `http://127.0.0.1:${port}`, '--provider-start', `node ${script}`], {
        cwd: dir,
        env: { ...env, SOMETHING_ELSE: 'kept' },
      });
      expect(r.code, r.all).toBe(0);
      return JSON.parse(readFileSync(envFile, 'utf8')) as Record<string, string>;
    };
    const basic = await run({ PACT_BROKER_USERNAME: 'user-canary-2', PACT_BROKER_PASSWORD: 'pass-canary-3' });
    expect(basic).not.toHaveProperty('PACT_BROKER_USERNAME');
    expect(basic).not.toHaveProperty('PACT_BROKER_PASSWORD');
    expect(basic.SOMETHING_ELSE).toBe('kept');
    expect(JSON.stringify(basic)).not.toMatch(/canary/);
    const env = await run({ PACT_BROKER_TOKEN: 'tok-canary-1', PACT_BROKER_BASE_URL: 'http://ci:pass-canary-4@127.0.0.1:9/pact' });
    expect(env).not.toHaveProperty('PACT_BROKER_TOKEN');
    expect(env.PACT_BROKER_BASE_URL).toBe('http://127.0.0.1:9/pact');
    expect(JSON.stringify(env)).not.toMatch(/canary/);
  });
});

describe('a provider whose body never ends', () => {
  let fake: FaultServer;
  beforeAll(async () => {
    fake = await startFaultServer();
    fake.rule({ path: '/big', action: { kind: 'endless' } });
  });
  afterAll(() => fake.close());

  it('fails the interaction with "response larger than N MB" instead of growing without bound', async () => {
    const dir = tempDir();
    const pact = writePact(dir, pactV3('Web', 'Endless', [{ description: 'big', request: { method: 'GET', path: '/big' }, response: { status: 200 } }]));
    const r = await runCli(['verify', '--pact', pact, '--provider-base-url', fake.url, '--max-response-mb', '1'], { cwd: dir, timeoutMs: 20_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/response larger than 1 MB/);
  });
});


describe.runIf(hasOpenssl)('--skip-ssl-verification', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    const dir = tempDir('pactship-skip-ssl-');
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    broker = await startBroker({ tls: { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') } });
  });
  afterAll(() => broker.close());

  it('talks to a broker with an untrusted certificate, and warns loudly once', async () => {
    const pacts = path.join(ROOT, 'fixtures/demo/pacts');
    const r = await runCli(['publish', pacts, '-a', '1', '-b', broker.url, '--skip-ssl-verification']);
    expect(r.code, r.all).toBe(0);
    expect(r.stderr.match(/TLS certificate verification is OFF/g)).toHaveLength(1);
  });

  it('also from the config file (broker.skipSslVerification)', async () => {
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.pactrc.json'), JSON.stringify({ broker: { baseUrl: broker.url, skipSslVerification: true } }));
    const r = await runCli(['list-environments'], { cwd });
    expect(r.code, r.all).toBe(0);
    expect(r.stderr).toMatch(/warning: TLS certificate verification is OFF/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, runBin, runCli, tempDir } from '../support/cli.js';
import { hasOpenssl } from '../support/tls.js';


describe.runIf(hasOpenssl)('a broker on HTTPS with a certificate from a private CA', () => {
  let broker: StandInBroker;
  let caFile: string;
  const pacts = path.join(ROOT, 'fixtures/demo/pacts');

  beforeAll(async () => {
    const dir = tempDir('pactship-tls-');
    caFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', keyFile, '-out', caFile, '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    broker = await startBroker({ tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8') } });
  });
  afterAll(() => broker.close());

  it('fails with a hint towards --ca-file when the certificate is not trusted', async () => {
    const r = await runCli(['publish', pacts, '-a', '1', '-b', broker.url], { env: { PACT_BROKER_HTTP_RETRIES: '0' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('self-signed TLS certificate (try --ca-file)');
  });

  it('trusts the CA given with --ca-file', async () => {
    const r = await runCli(['publish', pacts, '-a', '1', '-b', broker.url, '--ca-file', caFile]);
    expect(r.code, r.all).toBe(0);
    expect(broker.state.pacts).toHaveLength(2);
  });

  it('trusts the CA given with NODE_EXTRA_CA_CERTS', async () => {
    // Node reads NODE_EXTRA_CA_CERTS when the process starts: this needs a process of its own.
    const r = await runBin(['publish', pacts, '-a', '2', '-b', broker.url], { env: { NODE_EXTRA_CA_CERTS: caFile } });
    expect(r.code, r.all).toBe(0);
  });
});

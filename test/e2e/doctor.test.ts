/** doctor through the built binary: healthy, misconfigured base URL, auth required, unreachable, relations, provider. */
import { writeFileSync } from 'node:fs';
import { freePort } from '../support/ports.js';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli, tempDir } from '../support/cli.js';

const brokers: StandInBroker[] = [];
async function broker(options: Parameters<typeof startBroker>[0] = {}): Promise<StandInBroker> {
  const b = await startBroker(options);
  brokers.push(b);
  return b;
}
afterEach(async () => {
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

const doctor = (env: Record<string, string | undefined>, args: string[] = [], cwd?: string) =>
  runCli(['doctor', ...args], { env: { PACT_BROKER_HTTP_RETRIES: '0', ...env }, ...(cwd ? { cwd } : {}) });

describe('doctor', () => {
  it('a healthy broker: every check passes, exit 0', async () => {
    const b = await broker({ brokerVersion: '2.107.1' });
    const r = await doctor({ PACT_BROKER_BASE_URL: b.url });
    expect.soft(r.stdout).toContain('✔ configuration: broker ' + b.url);
    expect.soft(r.stdout).toContain('broker.baseUrl = ' + b.url + ' (from env PACT_BROKER_BASE_URL)');
    expect.soft(r.stdout).toMatch(/✔ broker reachable: index answered HTTP 200/);
    expect.soft(r.stdout).toContain('authentication: anonymous');
    expect.soft(r.stdout).toContain('✔ broker version: Pact Broker 2.107.1');
    expect.soft(r.stdout).toContain('✔ index self link: matches the configured base URL');
    expect.soft(r.stdout).toContain('✔ index relations:');
    expect.soft(r.stdout).toMatch(/✔ clock skew: local clock (agrees with|is \d+ s (ahead of|behind)) the broker/);
    expect.soft(r.stdout).toContain('all good');
    expect(r.code).toBe(0);
  });

  it('credentials accepted, and JSON output lists the checks as data', async () => {
    const b = await broker({ auth: { token: 'sekret-token-123' } });
    const r = await doctor({ PACT_BROKER_BASE_URL: b.url, PACT_BROKER_TOKEN: 'sekret-token-123' }, ['--output', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect.soft(doc.ok).toBe(true);
    expect.soft(doc.checks.find((c: { id: string }) => c.id === 'auth')).toMatchObject({ status: 'ok', message: 'bearer token accepted' });
    expect.soft(r.all).not.toContain('sekret-token-123');
  });

  it('a broker that believes it lives elsewhere (selfBaseUrl): the self check fails, exit 1', async () => {
    const b = await broker({ selfBaseUrl: 'http://pact-broker.internal:9292' });
    const r = await doctor({ PACT_BROKER_BASE_URL: b.url });
    expect.soft(r.stdout).toContain(`✖ index self link: the broker says its base URL is http://pact-broker.internal:9292, but it was called as ${b.url}`);
    expect.soft(r.stdout).toContain('X-Forwarded');
    expect(r.code).toBe(1);
  });

  it('auth required and none given: exit 1, says so and how to give credentials', async () => {
    const b = await broker({ auth: { username: 'pact', password: 'pact-pass' } });
    const r = await doctor({ PACT_BROKER_BASE_URL: b.url });
    expect.soft(r.stdout).toContain('✖ authentication: the broker requires credentials and none were given');
    expect.soft(r.stdout).toContain('PACT_BROKER_USERNAME');
    expect.soft(r.stdout).toContain('- index relations: skipped');
    expect(r.code).toBe(1);

    const wrong = await doctor({ PACT_BROKER_BASE_URL: b.url, PACT_BROKER_USERNAME: 'pact', PACT_BROKER_PASSWORD: 'wrong-pass' });
    expect.soft(wrong.stdout).toContain('✖ authentication: the broker rejected the username/password (from env PACT_BROKER_USERNAME)');
    expect.soft(wrong.all).not.toContain('wrong-pass');
    expect(wrong.code).toBe(1);
  });

  it('an unreachable broker: exit 1 (an answer, not a crash), the rest skipped', async () => {
    const port = await freePort();
    const r = await doctor({ PACT_BROKER_BASE_URL: `http://127.0.0.1:${port}` });
    expect.soft(r.stdout).toContain(`✖ broker reachable: could not reach the Pact Broker at http://127.0.0.1:${port}: connection refused`);
    expect.soft(r.stdout).toContain('- authentication: skipped (the broker could not be reached)');
    expect(r.code).toBe(1);
  });

  it('no base URL configured: exit 1', async () => {
    const r = await doctor({});
    expect.soft(r.stdout).toContain('✖ configuration: no Pact Broker base URL configured');
    expect(r.code).toBe(1);
  });

  it('missing relations name the features (and commands) they block', async () => {
    const b = await broker({ omitRelations: ['pb:environments'] });
    const r = await doctor({ PACT_BROKER_BASE_URL: b.url });
    expect.soft(r.stdout).toContain('✖ index relations:');
    expect.soft(r.stdout).toContain('record deployments and releases (record-deployment, record-undeployment, record-release, record-support-ended): missing pb:environments');
    expect(r.code).toBe(1);

    const legacy = await broker({ legacy: true });
    const l = await doctor({ PACT_BROKER_BASE_URL: legacy.url });
    expect.soft(l.stdout).toContain('publish pacts: no pb:publish-contracts, using pb:publish-pact (older broker)');
    expect(l.code).toBe(0);
  });

  it('checks the provider base URL when a verify section is configured', async () => {
    const b = await broker();
    const cwd = tempDir();
    writeFileSync(path.join(cwd, '.pactrc.json'), JSON.stringify({ verify: { provider: 'Bar', providerBaseUrl: b.origin } }));
    const up = await doctor({ PACT_BROKER_BASE_URL: b.url }, [], cwd);
    expect.soft(up.stdout).toMatch(new RegExp(`✔ provider base URL: ${b.origin.replace(/[.]/g, '\\.')} answered HTTP \\d+`));
    expect(up.code).toBe(0);

    const port = await freePort();
    writeFileSync(path.join(cwd, '.pactrc.json'), JSON.stringify({ verify: { provider: 'Bar', providerBaseUrl: `http://127.0.0.1:${port}` } }));
    const down = await doctor({ PACT_BROKER_BASE_URL: b.url }, [], cwd);
    expect.soft(down.stdout).toContain(`! provider base URL: http://127.0.0.1:${port} is not answering (connection refused)`);
    expect(down.code).toBe(0);
  });
});

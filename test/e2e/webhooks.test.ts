/**
 * Webhook commands through the built binary against the stand-in broker, with a real target server on
 * 127.0.0.1 — including the "verify just the changed pact" pipeline of the README, end to end.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startTestProvider, type Reply, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3 } from '../support/provider/pacts.js';

let broker: StandInBroker;
let target: TestProvider;
let answer: Reply = { status: 200, body: { queued: true } };

const PASSWORD = 'hunter2-webhook-pw';
const TOKEN = 'ghp_s3cr3tTokenValue';
const API_KEY = 'k3y-for-the-ci-api'; // sent as X-Auth-Token, a header the broker masks too
const BASIC = Buffer.from(`ci-bot:${PASSWORD}`).toString('base64');
const SECRETS = [PASSWORD, TOKEN, API_KEY, BASIC, encodeURIComponent(PASSWORD)];

beforeAll(async () => {
  broker = await startBroker();
  target = await startTestProvider(() => answer);
});
afterAll(async () => {
  await broker.close();
  await target.close();
});
beforeEach(() => {
  broker.reset();
  target.requests.length = 0;
  answer = { status: 200, body: { queued: true } };
  broker.publishPact({ pact: pactV3('web-app', 'user-service', [getItem(1)]), consumerVersion: 'c1', branch: 'main' });
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_HTTP_RETRIES: '0', ...env } });

const hookArgs = (url = `${target.url}/hooks`) => [
  'create-webhook',
  url,
  '-X',
  'POST',
  '-H',
  'Content-Type: application/json',
  '-H',
  `Authorization: Bearer ${TOKEN}`,
  '-H',
  `X-Auth-Token: ${API_KEY}`,
  '-d',
  '{"pactUrl":"${pactbroker.pactUrl}","sha":"${pactbroker.providerVersionNumber}"}',
  '--user',
  `ci-bot:${PASSWORD}`,
  '--provider',
  'user-service',
  '--description',
  'verify changed pacts',
  '--contract-requiring-verification-published',
  '--contract-content-changed',
];

const noSecrets = (text: string) => {
  for (const s of SECRETS) expect.soft(text, `output contains ${s}`).not.toContain(s);
};

describe('create-webhook', () => {
  it('creates it from curl-like switches, prints the uuid and the broker URL; -o json prints the broker document', async () => {
    const r = await cli(hookArgs());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const w = broker.state.webhooks[0];
    expect(w).toMatchObject({
      description: 'verify changed pacts',
      provider: { name: 'user-service' },
      events: ['contract_content_changed', 'contract_requiring_verification_published'],
      request: {
        method: 'POST',
        url: `${target.url}/hooks`,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, 'X-Auth-Token': API_KEY },
        body: { pactUrl: '${pactbroker.pactUrl}', sha: '${pactbroker.providerVersionNumber}' },
        username: 'ci-bot',
        password: PASSWORD,
      },
    });
    expect(r.stdout).toContain('Webhook "verify changed pacts" created');
    expect(r.stdout).toContain(`UUID:   ${w?.uuid}`);
    expect(r.stdout).toContain(`URL:    ${broker.url}/webhooks/${w?.uuid}`);
    noSecrets(r.all);

    const j = await cli([...hookArgs(), '-o', 'json']);
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.stdout);
    expect(doc.uuid).toBe(broker.state.webhooks[1]?.uuid);
    expect(doc._links['pb:execute'].href).toBe(`${broker.url}/webhooks/${doc.uuid}/execute`);
    expect(doc.request.password).toBe('**********');
    noSecrets(j.all);
  });

  it("shows all of the broker's validation messages at once, exit 2, no stack trace", async () => {
    const r = await cli(['create-webhook', 'ftp://ci.example.com/hook', '-X', 'GET', '--provider', 'nobody', '--consumer', 'nobody-either', '--contract-published']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: the Pact Broker rejected the webhook (400 to POST');
    expect(r.stderr).toContain('consumer.name: does not match an existing pacticipant');
    expect(r.stderr).toContain('provider.name: does not match an existing pacticipant');
    expect(r.stderr).toContain('request.method: must be POST. See /doc/webhooks#whitelist for more information.');
    expect(r.stderr).toContain('request.url: scheme must be http, https. See /doc/webhooks#whitelist for more information.');
    expect(r.stderr).toMatch(/hint: The broker's webhook whitelist decides/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(broker.state.webhooks).toEqual([]);

    const host = await cli(['create-webhook', 'https://ci.example.com/hook', '--contract-published']);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('request.url: host must be in the whitelist "127.0.0.1", "localhost"');
  });

  it('rejects bad switches before calling the broker, every problem at once', async () => {
    const r = await cli(['create-webhook', `${target.url}/x`, '-H', 'NoColonHere', '--user', 'nopassword']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: 3 problems with the webhook options');
    expect(r.stderr).toContain('choose at least one event: --contract-published');
    expect(r.stderr).toContain("--header 'NoColonHere' is not 'Name: value'");
    expect(r.stderr).toContain("--user must be 'username:password'");
    expect(broker.requests).toEqual([]);
  });

  it('reads -d @file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'body.json'), '{"consumer":"${pactbroker.consumerName}"}');
    const r = await runCli(['create-webhook', `${target.url}/x`, '-d', '@body.json', '--contract-published'], {
      cwd: dir,
      env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_HTTP_RETRIES: '0' },
    });
    expect(r.code).toBe(0);
    expect(broker.state.webhooks[0]?.request.body).toEqual({ consumer: '${pactbroker.consumerName}' });
  });
});

describe('create-or-update-webhook, list-webhooks, delete-webhook, generate-uuid', () => {
  it('creates with the given uuid (201), then updates it (200); lists; deletes; unknown uuids are 404 errors', async () => {
    const g = await cli(['generate-uuid']);
    expect(g.code).toBe(0);
    const uuid = g.stdout.trim();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse((await cli(['generate-uuid', '-o', 'json'])).stdout).uuid).toMatch(/^[0-9a-f-]{36}$/);

    const created = await cli(['create-or-update-webhook', `${target.url}/a`, '--uuid', uuid, '--provider', 'user-service', '--contract-content-changed']);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Webhook for any consumer and user-service created');
    expect(broker.requests.find((q) => q.method === 'PUT')?.path).toBe(`/webhooks/${uuid}`);

    const updated = await cli(['create-or-update-webhook', `${target.url}/b`, '--uuid', uuid, '--consumer', 'web-app', '--provider-verification-failed', '--description', 'failures']);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('Webhook "failures" updated');
    expect(broker.state.webhooks).toHaveLength(1);
    expect(broker.state.webhook(uuid)).toMatchObject({ consumer: { name: 'web-app' }, events: ['provider_verification_failed'], request: { url: `${target.url}/b` } });
    expect(broker.state.webhook(uuid)?.provider).toBeUndefined();

    await cli(hookArgs());
    const list = await cli(['list-webhooks']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${uuid} \\| failures\\s+\\| web-app\\s+\\| \\(any\\)\\s+\\| provider_verification_failed\\s+\\| POST ${target.url}/b`));
    expect(list.stdout).toContain('verify changed pacts');
    const listJson = JSON.parse((await cli(['list-webhooks', '-o', 'json'])).stdout);
    expect(listJson.webhooks.map((w: { uuid: string }) => w.uuid)).toContain(uuid);
    noSecrets(JSON.stringify(listJson));

    const bad = await cli(['create-or-update-webhook', `${target.url}/a`, '--uuid', 'short', '--contract-published']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('uuid: must be at least 16 characters long');

    const del = await cli(['delete-webhook', '--uuid', uuid]);
    expect(del.code).toBe(0);
    expect(del.stdout).toContain(`Deleted webhook "failures" (UUID ${uuid}) from the Pact Broker`);
    expect(broker.state.webhook(uuid)).toBeUndefined();
    for (const cmd of ['delete-webhook', 'test-webhook']) {
      const again = await cli([cmd, '--uuid', uuid]);
      expect.soft(again.code, cmd).toBe(2);
      expect.soft(again.stderr, cmd).toContain(`error: the Pact Broker has no webhook with uuid '${uuid}'`);
      expect.soft(again.stderr, cmd).toContain('hint: List the webhooks and their uuids with: pactship list-webhooks');
    }
  });
});

describe('labels and hidden responses', () => {
  it('--consumer-label/--provider-label select pacticipants by label (the webhook fires for labelled ones only)', async () => {
    broker.addLabel('web-app', 'frontend');
    const r = await cli(['create-webhook', `${target.url}/labelled`, '--consumer-label', 'frontend', '--provider-label', 'core', '--contract-published']);
    expect(r.code).toBe(0);
    expect(broker.state.webhooks[0]).toMatchObject({ consumer: { label: 'frontend' }, provider: { label: 'core' } });
    expect(r.stdout).toContain('Webhook for label:frontend and label:core created');
    broker.publishPact({ pact: pactV3('web-app', 'user-service', [getItem(2)]), consumerVersion: 'c2' });
    expect(await broker.webhooksSettled()).toEqual([]);
    broker.addLabel('user-service', 'core');
    broker.publishPact({ pact: pactV3('web-app', 'user-service', [getItem(3)]), consumerVersion: 'c3' });
    expect((await broker.webhooksSettled()).map((e) => e.eventName)).toEqual(['contract_published']);
  });

  it('a broker without a host whitelist hides the response: test-webhook shows its log instead', async () => {
    const open = await startBroker({ webhookWhitelist: { hosts: [] } });
    try {
      const env = { PACT_BROKER_BASE_URL: open.url, PACT_BROKER_HTTP_RETRIES: '0' };
      await runCli(['create-webhook', `${target.url}/hidden`, '--contract-published'], { env });
      const r = await runCli(['test-webhook', '--uuid', open.state.webhooks[0]?.uuid as string], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('succeeded');
      expect(r.stdout).toMatch(/Response:\n {2}not shown by the broker: Webhook response has been redacted/);
      expect(r.stdout).toContain('Broker log:');
      expect(r.stdout).toContain(`INFO: HTTP/1.1 POST ${target.url}/hidden`);
    } finally {
      await open.close();
    }
  });
});

describe('older brokers', () => {
  it('say clearly what they cannot do: no pb:webhook (chosen uuids), no pb:webhooks at all', async () => {
    const old = await startBroker({ omitRelations: ['pb:webhook', 'pb:webhooks'] });
    try {
      const env = { PACT_BROKER_BASE_URL: old.url, PACT_BROKER_HTTP_RETRIES: '0' };
      const put = await runCli(['create-or-update-webhook', `${target.url}/a`, '--uuid', 'a-fixed-webhook-uuid-1', '--contract-published'], { env });
      expect(put.code).toBe(2);
      expect(put.stderr).toContain('error: this Pact Broker cannot create a webhook with a chosen uuid (its index has no pb:webhook relation)');
      expect(put.stderr).toContain('hint: It needs pact_broker >= 2.49.0');
      const post = await runCli(['create-webhook', `${target.url}/a`, '--contract-published'], { env });
      expect(post.code).toBe(2);
      expect(post.stderr).toContain("has no 'pb:webhooks' link");
      expect(post.stderr).toContain('The broker may be too old for this feature');
    } finally {
      await old.close();
    }
  });
});

describe('test-webhook', () => {
  it('runs it now: prints the request sent and the response; exit 1 when the target answers non-2xx or cannot be reached', async () => {
    await cli(hookArgs());
    const uuid = broker.state.webhooks[0]?.uuid as string;
    answer = { status: 202, body: { queued: true } };
    const ok = await cli(['test-webhook', '--uuid', uuid]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Webhook "verify changed pacts" (${uuid}) succeeded`);
    expect(ok.stdout).toContain(`POST ${target.url}/hooks`);
    expect(ok.stdout).toMatch(/"pactUrl":"http:\/\/127\.0\.0\.1:\d+\/pacts\/provider\/user-service\/consumer\/web-app\/pact-version\//);
    expect(ok.stdout).toContain('HTTP 202');
    expect(ok.stdout).toContain('{"queued":true}');
    expect(target.requests).toHaveLength(1);
    expect(target.requests[0]?.headers['authorization']).toBe(`Basic ${BASIC}`);
    expect(target.requests[0]?.headers['x-auth-token']).toBe(API_KEY);
    noSecrets(ok.all);

    answer = { status: 503, body: 'CI is down' };
    const failed = await cli(['test-webhook', '--uuid', uuid, '--verbose']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('FAILED');
    expect(failed.stdout).toContain('HTTP 503');
    expect(failed.stdout).toContain('CI is down');
    noSecrets(failed.all);

    const json = await cli(['test-webhook', '--uuid', uuid, '-o', 'json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ success: false, response: { status: 503 } });
    noSecrets(json.all);
  });

  it('a refused connection is a failed run (exit 1) with the error', async () => {
    await cli(['create-webhook', `http://127.0.0.1:${await freePort()}/nothing-listens`, '--contract-published']);
    const r = await cli(['test-webhook', '--uuid', broker.state.webhooks[0]?.uuid as string]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Response:\n {2}none: .*ECONNREFUSED/);
  });
});

describe('secrets at --verbose', () => {
  it('no command prints the password, the tokens or the basic credentials, not even in the wire log', async () => {
    const runs = [await cli([...hookArgs(), '--verbose'])];
    const uuid = broker.state.webhooks[0]?.uuid as string;
    runs.push(await cli(['create-or-update-webhook', ...hookArgs().slice(1), '--uuid', 'a-fixed-webhook-uuid-1', '--verbose']));
    runs.push(await cli(['list-webhooks', '--verbose', '-o', 'json']));
    runs.push(await cli(['test-webhook', '--uuid', uuid, '--verbose']));
    runs.push(await cli(['delete-webhook', '--uuid', uuid, '--verbose', '-o', 'json']));
    for (const r of runs) {
      expect.soft(r.code).toBe(0);
      expect.soft(r.stderr).toContain('→ '); // the wire log is there…
      noSecrets(r.all); // …without a secret in it
    }
  });
});

describe('the changed-pact pipeline (README recipe)', () => {
  it('a published change fires contract_requiring_verification_published; the job verifies exactly that pact and publishes the result', async () => {
    const provider = await startTestProvider((req) => (req.path === '/items/1' ? { status: 200, body: { id: 1, name: 'item 1' } } : { status: 404 }));
    try {
      broker.setMainBranch('user-service', 'main');
      broker.recordVerification({ consumer: 'web-app', provider: 'user-service', consumerVersion: 'c1', providerVersion: 'p-main-1', success: true, branch: 'main' });
      const created = await cli([
        'create-webhook',
        `${target.url}/dispatch`,
        '-H',
        'Content-Type: application/json',
        '-d',
        '{"pact_url":"${pactbroker.pactUrl}","sha":"${pactbroker.providerVersionNumber}","branch":"${pactbroker.providerVersionBranch}"}',
        '--provider',
        'user-service',
        '--contract-requiring-verification-published',
      ]);
      expect(created.code).toBe(0);

      // The consumer publishes a changed pact (from a feature branch).
      const dir = tempDir();
      writeFileSync(path.join(dir, 'web-app-user-service.json'), JSON.stringify(pactV3('web-app', 'user-service', [getItem(1), { ...getItem(1), description: 'get item 1 again' }])));
      const pub = await cli(['publish', dir, '--consumer-app-version', 'c2', '--branch', 'feat/more']);
      expect(pub.code).toBe(0);
      const [run] = await broker.webhooksSettled();
      expect(run?.success).toBe(true);
      const payload = JSON.parse(target.requests[0]?.text ?? '{}');
      expect(payload).toMatchObject({ sha: 'p-main-1', branch: 'main' });

      // The CI job: build the provider at that commit, verify just that pact, publish the result.
      const verify = await cli([
        'verify',
        '--pact-url',
        payload.pact_url,
        '--provider-base-url',
        provider.url,
        '--publish-verification-results',
        '--provider-app-version',
        payload.sha,
        '--provider-version-branch',
        payload.branch,
      ]);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      const results = broker.state.verifications.filter((v) => v.providerVersion === 'p-main-1');
      expect(results.map((v) => [v.consumerVersions, v.success])).toEqual([
        [['c1'], true],
        [['c2'], true],
      ]);
    } finally {
      await provider.close();
    }
  });
});

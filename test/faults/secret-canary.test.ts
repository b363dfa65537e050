/**
 * Secret canaries (issue #9): one canary per credential channel (-k, PACT_BROKER_TOKEN,
 * username/password by flag and by env, userinfo in the URL), with the characters that change
 * under escaping (+ / = " \). Every command runs at --verbose against a broker that accepts it and
 * against a hostile one that fails and echoes the credentials back; the canary must appear in no
 * form (raw, URL-encoded, base64, JSON-escaped) in the output nor in any file written.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { runCli, tempDir, type CliResult } from '../support/cli.js';
import { startTestProvider, type TestProvider } from '../support/provider/index.js';
import { getItem, pactV3, writePact } from '../support/provider/pacts.js';
import { startFaultyBroker, type FaultyBroker } from './brokers.js';
import { startFaultServer, type FaultServer } from './fault-server.js';

const CANARY = 'cAn4ry+x/y=z"q\\w';
const USER = 'ci-user';

/** Every form the canary could take once written down; computed here, not by the redactor. */
const FORMS: Record<string, string> = {
  raw: CANARY,
  'URL-encoded': encodeURIComponent(CANARY),
  'URL-encoded (lower-case hex)': encodeURIComponent(CANARY).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
  'form-encoded': new URLSearchParams({ x: CANARY }).toString().slice(2),
  base64: Buffer.from(CANARY).toString('base64'),
  'base64 of user:password': Buffer.from(`${USER}:${CANARY}`).toString('base64'),
  'JSON-escaped': JSON.stringify(CANARY).slice(1, -1),
  'JSON-escaped twice': JSON.stringify(JSON.stringify(CANARY)).slice(3, -3),
  'the part between the escapes': 'x/y=z',
};

function leaks(text: string): string[] {
  return Object.entries(FORMS).filter(([, form]) => text.includes(form)).map(([name]) => name);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function expectNoLeak(label: string, r: CliResult, cwd: string): void {
  expect(r.code === 0 || r.code === 1 || r.code === 2, `${label}: exit ${r.code}\n${r.all}`).toBe(true);
  expect(leaks(r.all), `${label}: output\n${r.all}`).toEqual([]);
  for (const file of filesUnder(cwd)) {
    if (file.endsWith('.pact-input.json')) continue; // our own input pact files
    expect(leaks(readFileSync(file, 'utf8')), `${label}: ${path.relative(cwd, file)}`).toEqual([]);
  }
  // Stack traces are expected (--verbose); an unexpected failure is not.
  expect(r.all, label).not.toContain('unexpected failure');
}

type Kind = 'token' | 'basic';
interface Channel {
  name: string;
  kind: Kind;
  args: (url: string) => string[];
  env: Record<string, string>;
}

const CHANNELS: Channel[] = [
  { name: '-k', kind: 'token', args: (url) => ['-b', url, '-k', CANARY], env: {} },
  { name: 'PACT_BROKER_TOKEN', kind: 'token', args: (url) => ['-b', url], env: { PACT_BROKER_TOKEN: CANARY } },
  { name: '-u/-p', kind: 'basic', args: (url) => ['-b', url, '-u', USER, '-p', CANARY], env: {} },
  { name: 'PACT_BROKER_USERNAME/PASSWORD', kind: 'basic', args: (url) => ['-b', url], env: { PACT_BROKER_USERNAME: USER, PACT_BROKER_PASSWORD: CANARY } },
  {
    name: 'userinfo in the URL',
    kind: 'basic',
    args: () => [],
    env: {},
  },
];

/** The userinfo channel puts the credentials into the base URL, given through PACT_BROKER_BASE_URL. */
function channelRun(channel: Channel, url: string): { args: string[]; env: Record<string, string> } {
  if (channel.name !== 'userinfo in the URL') return { args: channel.args(url), env: channel.env };
  const u = new URL(url);
  return { args: [], env: { PACT_BROKER_BASE_URL: `${u.protocol}//${USER}:${encodeURIComponent(CANARY)}@${u.host}${u.pathname.replace(/\/$/, '')}` } };
}

let tokenBroker: StandInBroker;
let basicBroker: StandInBroker;
let hostile: FaultServer;
let failingResults: FaultyBroker;
let provider: TestProvider;
let counter = 0;

/** Seeds a broker with what the commands read: a pact Web → Items, versions, an environment. */
function seed(b: StandInBroker): void {
  b.publishPact({ pact: pactV3('Web', 'Items', [getItem(1)]), consumerVersion: '1.0.0', branch: 'main' });
  b.setMainBranch('Web', 'main');
}

beforeAll(async () => {
  tokenBroker = await startBroker({ auth: { token: CANARY } });
  basicBroker = await startBroker({ auth: { username: USER, password: CANARY } });
  seed(tokenBroker);
  seed(basicBroker);
  // A broker that fails every request and echoes back what it got, credentials and all headers included, as JSON.
  hostile = await startFaultServer({
    fallback: (req) => {
      const auth = String(req.headers.authorization ?? '');
      const decoded = Buffer.from(auth.replace(/^\w+ /, ''), 'base64').toString('utf8');
      return {
        status: 500,
        // Retried at once: the retry path (and its printed line) is exercised without a second of back-off per command.
        headers: { 'Retry-After': '0' },
        body: { error: { message: `denied: ${auth} (${decoded}) for ${req.url} with ${req.body.slice(0, 200)}`, reference: `ref ${auth}` }, auth, decoded, headers: req.headers },
      };
    },
  });
  failingResults = await startFaultyBroker({ auth: { username: USER, password: CANARY } });
  seed(failingResults.broker);
  failingResults.faults.rule({
    method: 'POST',
    path: /\/verification-results$/,
    action: { kind: 'status', status: 400, body: { errors: { auth: [`not for you, ${USER}:${CANARY} / Basic ${FORMS['base64 of user:password']}`] } } },
  });
  // Webhooks for test-webhook and delete-webhook, created through each broker's own API.
  for (const [b, auth] of [[tokenBroker, `Bearer ${CANARY}`], [basicBroker, `Basic ${Buffer.from(`${USER}:${CANARY}`).toString('base64')}`]] as const) {
    for (const uuid of ['canary-webhook-to-test', 'canary-webhook-to-delete']) {
      const res = await fetch(`${b.url}/webhooks/${uuid}`, {
        method: 'PUT',
        headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/hal+json' },
        body: JSON.stringify({ description: uuid, events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'http://127.0.0.1:1/hook', username: USER, password: CANARY } }),
      });
      expect(res.status, await res.text()).toBeLessThan(300);
    }
  }
  provider = await startTestProvider((req) => (req.path === '/items/1' ? { status: 200, body: { id: 1, name: 'item 1' } } : { status: 404 }));
});
afterAll(async () => {
  await Promise.all([tokenBroker.close(), basicBroker.close(), hostile.close(), failingResults.close(), provider.close()]);
});

/** Every command, with what it needs; `cwd` is the run's own directory (files written there are checked). */
function commands(cwd: string): [name: string, args: string[]][] {
  const n = ++counter;
  // delete-environment needs one to delete.
  for (const b of [tokenBroker, basicBroker]) {
    if (b) b.state.environments.push({ ...b.state.environments[0]!, uuid: randomUUID(), name: `doomed${n}` });
    // delete-version-tag needs a tag to delete.
    b?.state.addTag('Web', '1.0.0', `doomed-tag-${n}`);
  }
  const pacts = path.join(cwd, 'in');
  writePact(pacts, pactV3(`Web${n}`, 'Items', [getItem(1)]), `web-items.pact-input.json`);
  // diff compares a consumer the broker knows.
  writePact(path.join(cwd, 'web'), pactV3('Web', 'Items', [getItem(1), getItem(2)]), `web-items.pact-input.json`);
  return [
    ['publish', ['publish', pacts, '-a', `1.0.${n}`, '--branch', 'main']],
    ['pacts', ['pacts', '--provider', 'Items', '--out', path.join(cwd, 'out')]],
    [
      'verify',
      ['verify', '--provider', 'Items', '--provider-base-url', provider.url, '--publish-verification-results', '-a', `2.0.${n}`, '--provider-version-branch', 'main',
        '--json', path.join(cwd, 'report.json'), '--junit', path.join(cwd, 'report.xml')],
    ],
    ['can-i-deploy', ['can-i-deploy', '-a', 'Web', '-e', '1.0.0', '--to-environment', 'production']],
    ['can-i-merge', ['can-i-merge', '-a', 'Web', '-e', '1.0.0']],
    ['record-deployment', ['record-deployment', '-a', 'Web', '-e', '1.0.0', '--environment', 'test']],
    ['record-undeployment', ['record-undeployment', '-a', 'Web', '--environment', 'test']],
    ['record-release', ['record-release', '-a', 'Web', '-e', '1.0.0', '--environment', 'test']],
    ['record-support-ended', ['record-support-ended', '-a', 'Web', '-e', '1.0.0', '--environment', 'test']],
    ['create-environment', ['create-environment', '--name', `env${n}`]],
    ['update-environment', ['update-environment', '--name', 'test', '--display-name', `Test ${n}`]],
    ['describe-environment', ['describe-environment', '--name', 'test']],
    ['list-environments', ['list-environments']],
    ['delete-environment', ['delete-environment', '--name', `doomed${n}`]],
    ['create-or-update-pacticipant', ['create-or-update-pacticipant', '--name', 'Web', '--main-branch', 'main']],
    ['describe-pacticipant', ['describe-pacticipant', '--name', 'Web']],
    ['list-pacticipants', ['list-pacticipants']],
    ['create-version-tag', ['create-version-tag', '-a', 'Web', '-e', '1.0.0', '-t', `t${n}`]],
    ['describe-version', ['describe-version', '-a', 'Web', '-e', '1.0.0']],
    ['create-or-update-version', ['create-or-update-version', '-a', 'Web', '-e', `1.1.${n}`, '--branch', 'main']],
    ['doctor', ['doctor']],
    ['config', ['config']],
    ['create-webhook', ['create-webhook', 'http://127.0.0.1:1/hook', '--contract-published', '--user', `${USER}:${CANARY}`, '-H', `Authorization: Bearer ${CANARY}`]],
    ['create-or-update-webhook', ['create-or-update-webhook', 'http://127.0.0.1:1/hook', '--uuid', `canary-webhook-upsert-${n}`, '--provider-verification-published', '--user', `${USER}:${CANARY}`]],
    ['test-webhook', ['test-webhook', '--uuid', 'canary-webhook-to-test']],
    ['list-webhooks', ['list-webhooks']],
    ['delete-webhook', ['delete-webhook', '--uuid', 'canary-webhook-to-delete']],
    ['list-latest-pact-versions', ['list-latest-pact-versions']],
    ['delete-branch', ['delete-branch', '-a', 'Web', '--branch', `gone-${n}`, '--no-error-when-not-found']],
    ['delete-version-tag', ['delete-version-tag', '-a', 'Web', '-e', '1.0.0', '-t', `doomed-tag-${n}`]],
    ['provider-states', ['provider-states', '--provider', 'Items']],
    ['diff', ['diff', path.join(cwd, 'web'), '--against-branch', 'main']],
  ];
}

async function run(channel: Channel, brokerUrl: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const c = channelRun(channel, brokerUrl);
  return runCli([...args, '-v', ...c.args], {
    cwd,
    env: { ...c.env, PACT_BROKER_HTTP_RETRIES: '1', GITHUB_STEP_SUMMARY: path.join(cwd, 'summary.md'), ...extraEnv },
  });
}

const brokerFor = (kind: Kind) => (kind === 'token' ? tokenBroker.url : basicBroker.url);
const COMMAND_NAMES = [
  'publish', 'pacts', 'verify', 'can-i-deploy', 'can-i-merge', 'record-deployment', 'record-undeployment', 'record-release',
  'record-support-ended', 'create-environment', 'update-environment', 'describe-environment', 'list-environments',
  'delete-environment', 'create-or-update-pacticipant', 'describe-pacticipant', 'list-pacticipants', 'create-version-tag',
  'describe-version', 'create-or-update-version', 'doctor', 'config', 'create-webhook', 'create-or-update-webhook',
  'test-webhook', 'list-webhooks', 'delete-webhook', 'list-latest-pact-versions', 'delete-branch', 'delete-version-tag',
  'provider-states', 'diff',
];

it('covers every broker command of the CLI', async () => {
  const help = await runCli(['--help']);
  const all = [...help.stdout.matchAll(/^  ([a-z-]+) \[options\]/gm)].map((m) => m[1]!).filter((c) => !['publish-results', 'init', 'generate-uuid'].includes(c));
  expect(new Set(COMMAND_NAMES)).toEqual(new Set(all));
  expect(commands(tempDir()).map(([n]) => n)).toEqual(COMMAND_NAMES);
});

describe('every command, at --verbose, against a broker that accepts the credentials (-o json) and one that fails and echoes them', () => {
  it.each(COMMAND_NAMES.map((name, i) => [name, CHANNELS[i % CHANNELS.length]!] as const))('%s (canary in %s)', async (name, channel) => {
    const ok = tempDir('pactship-canary-');
    writeFileSync(path.join(ok, 'summary.md'), '');
    const [, okArgs] = commands(ok).find(([n]) => n === name)!;
    const good = await run(channel, brokerFor(channel.kind), [...okArgs, '-o', 'json'], ok);
    expectNoLeak(`${name} ok`, good, ok);
    if (name !== 'config' && name !== 'doctor') expect(good.code, `${name}: ${good.all}`).toBeLessThan(2);

    const bad = tempDir('pactship-canary-');
    const [, badArgs] = commands(bad).find(([n]) => n === name)!;
    const failing = await run(channel, hostile.url, badArgs, bad, { PACT_BROKER_HTTP_RETRIES: '1' });
    expectNoLeak(`${name} failing`, failing, bad);
    if (name !== 'config') expect(failing.code, `${name}: ${failing.all}`).toBeGreaterThan(0);
  });
});

describe('every channel, on the commands that write files', () => {
  it.each(CHANNELS.map((c) => [c.name, c] as const))('%s', async (_name, channel) => {
    for (const name of ['publish', 'pacts', 'verify', 'can-i-deploy', 'doctor', 'config']) {
      const cwd = tempDir('pactship-canary-');
      writeFileSync(path.join(cwd, 'summary.md'), '');
      const [, args] = commands(cwd).find(([n]) => n === name)!;
      // Token channels against the token broker; basic ones against the basic broker, which has the same data.
      const url = channel.kind === 'token' ? tokenBroker.url : basicBroker.url;
      expectNoLeak(`${name} text`, await run(channel, url, args, cwd), cwd);
      expectNoLeak(`${name} hostile`, await run(channel, hostile.url, args, cwd), cwd);
    }
  });
});

describe('unsent results and publish-results', () => {
  // The unsent-results file (its `reason`) and everything publish-results rewrites go through the redactor.
  it('a results POST that fails with the credentials in its error body leaves no canary in the unsent-results file', async () => {
    const cwd = tempDir('pactship-canary-unsent-');
    const channel = CHANNELS[3]!;
    const r = await run(channel, failingResults.url, ['verify', '--provider', 'Items', '--provider-base-url', provider.url, '--publish-verification-results', '-a', '9.9.9', '--provider-version-branch', 'main'], cwd);
    expect(r.code).toBe(2);
    const unsent = filesUnder(cwd).filter((f) => f.includes('unsent-results'));
    expect(unsent).toHaveLength(1);
    expectNoLeak('verify with unsent results', r, cwd);
    const resend = await run(channel, hostile.url, ['publish-results', unsent[0]!], cwd);
    expectNoLeak('publish-results', resend, cwd);
  });

  it('publish-results of a saved file, against both brokers', async () => {
    const cwd = tempDir('pactship-canary-resend-');
    // A results file from a run whose results POST failed for a reason that says nothing secret.
    const quiet = await startFaultyBroker({ auth: { username: USER, password: CANARY } });
    try {
      seed(quiet.broker);
      quiet.faults.rule({ method: 'POST', path: /\/verification-results$/, times: 1, action: { kind: 'status', status: 400, body: { errors: { x: ['nope'] } } } });
      const channel = CHANNELS[2]!;
      const first = await run(channel, quiet.url, ['verify', '--provider', 'Items', '--provider-base-url', provider.url, '--publish-verification-results', '-a', '9.9.8', '--provider-version-branch', 'main'], cwd);
      expectNoLeak('verify', first, cwd);
      const unsent = filesUnder(cwd).filter((f) => f.includes('unsent-results'));
      expect(unsent, first.all).toHaveLength(1);
      expectNoLeak('publish-results ok', await run(channel, quiet.url, ['publish-results', unsent[0]!], cwd), cwd);
      expectNoLeak('publish-results hostile', await run(channel, hostile.url, ['publish-results', unsent[0]!], cwd), cwd);
    } finally {
      await quiet.close();
    }
  });
});

describe('custom header values', () => {
  it('a broker that echoes a --custom-header value does not get it printed', async () => {
    const cwd = tempDir('pactship-canary-header-');
    const r = await runCli(['pacts', '--provider', 'Items', '-v', '-b', hostile.url, '--retries', '0', '--custom-header', `X-Gateway-Key: ${CANARY}`], { cwd });
    expectNoLeak('pacts with a custom header', r, cwd);
  });
});

it('the canary has every character that changes under escaping', () => {
  for (const c of ['+', '/', '=', '"', '\\']) expect(CANARY).toContain(c);
});

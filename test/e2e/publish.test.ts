import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBroker, type StandInBroker } from '../support/broker/index.js';
import { ROOT, runCli, tempDir } from '../support/cli.js';
import { freePort } from '../support/ports.js';

const DEMO_PACTS = path.join(ROOT, 'fixtures/demo/pacts');
const INVALID = path.join(ROOT, 'fixtures/pacts/invalid/missing-provider-name.json');
const TOKEN = 'canary-token-9f8e7d';

/** A consumer project: ./pacts with the two demo pacts, no git, not CI. */
function project(): string {
  const dir = tempDir('pactship-publish-');
  cpSync(DEMO_PACTS, path.join(dir, 'pacts'), { recursive: true });
  return dir;
}

const publishRequests = (b: StandInBroker) => b.requests.filter((r) => r.method !== 'GET');

describe('pactship publish (built binary against the stand-in broker)', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker({ prefix: '/pact', auth: { token: TOKEN } });
  });
  afterAll(() => broker.close());
  beforeEach(() => broker.reset());

  const env = () => ({ PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: TOKEN });

  it('publishes a directory: one request per consumer, each pact as the file’s own bytes', async () => {
    const cwd = project();
    const r = await runCli(['publish', 'pacts', '-a', '1.0.0', '--branch', 'main', '-t', 'v1'], { cwd, env: env() });
    expect(r.code, r.all).toBe(0);
    const posts = publishRequests(broker);
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.method).toBe('POST');
      expect(post.url.split('?')[0]).toBe('/pact/contracts/publish');
      const body = post.json as { pacticipantName: string; pacticipantVersionNumber: string; branch: string; tags: string[]; contracts: { consumerName: string; content: string }[] };
      expect(body.pacticipantVersionNumber).toBe('1.0.0');
      expect(body.branch).toBe('main');
      expect(body.tags).toEqual(['v1']);
      expect(body.contracts).toHaveLength(1);
      const file = readdirSync(path.join(cwd, 'pacts')).find((f) => f.startsWith(body.pacticipantName))!;
      expect(Buffer.from(body.contracts[0]!.content, 'base64').equals(readFileSync(path.join(cwd, 'pacts', file)))).toBe(true);
    }
    expect(new Set(posts.map((p) => (p.json as { pacticipantName: string }).pacticipantName))).toEqual(new Set(['web-app', 'mobile-app']));
    expect(r.stdout).toContain('✓ web-app → user-service (1.0.0)');
    expect(r.stdout).toContain(`${broker.url}/pacts/provider/user-service/consumer/web-app`);
    expect(broker.state.pacts.map((p) => p.consumer).sort()).toEqual(['mobile-app', 'web-app']);
  });

  it('publishes files and quoted globs, defaulting to ./pacts/*.json', async () => {
    const cwd = project();
    const glob = await runCli(['publish', 'pacts/web-*.json', '-a', '1'], { cwd, env: env() });
    expect(glob.code, glob.all).toBe(0);
    expect(publishRequests(broker)).toHaveLength(1);
    broker.reset();
    const file = await runCli(['publish', path.join(cwd, 'pacts/mobile-app-user-service.json'), '-a', '1'], { cwd, env: env() });
    expect(file.code, file.all).toBe(0);
    expect((publishRequests(broker)[0]!.json as { pacticipantName: string }).pacticipantName).toBe('mobile-app');
    broker.reset();
    const byDefault = await runCli(['publish', '-a', '1'], { cwd, env: env() });
    expect(byDefault.code, byDefault.all).toBe(0);
    expect(publishRequests(broker)).toHaveLength(2);
  });

  it('groups several pacts of one consumer into one request', async () => {
    const cwd = project();
    const other = JSON.parse(readFileSync(path.join(cwd, 'pacts/web-app-user-service.json'), 'utf8'));
    other.provider.name = 'billing-service';
    writeFileSync(path.join(cwd, 'pacts/web-app-billing-service.json'), JSON.stringify(other, null, 2));
    const r = await runCli(['publish', 'pacts', '-a', '2'], { cwd, env: env() });
    expect(r.code, r.all).toBe(0);
    const web = publishRequests(broker).filter((p) => (p.json as { pacticipantName: string }).pacticipantName === 'web-app');
    expect(web).toHaveLength(1);
    expect((web[0]!.json as { contracts: { providerName: string }[] }).contracts.map((c) => c.providerName).sort()).toEqual(['billing-service', 'user-service']);
  });

  it('--dry-run validates and prints what would be sent, and sends nothing', async () => {
    const r = await runCli(['publish', 'pacts', '-a', '3', '--dry-run', '-o', 'json'], { cwd: project(), env: env() });
    expect(r.code, r.all).toBe(0);
    expect(broker.requests).toHaveLength(0);
    const doc = JSON.parse(r.stdout) as { dryRun: boolean; requests: { pacticipantVersionNumber: string; contracts: unknown[] }[] };
    expect(doc.dryRun).toBe(true);
    expect(doc.requests.map((q) => q.pacticipantVersionNumber)).toEqual(['3', '3']);
  });

  it('an invalid file anywhere publishes nothing (exit 2, file and field named)', async () => {
    const cwd = project();
    cpSync(INVALID, path.join(cwd, 'pacts/zz-broken.json'));
    const r = await runCli(['publish', 'pacts', '-a', '4'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('zz-broken.json');
    expect(r.stderr).toContain('provider.name: missing');
    expect(r.stderr).toContain('Nothing was published');
    expect(broker.requests).toHaveLength(0);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack without --verbose
  });

  it('no files found → exit 2 with the patterns tried', async () => {
    const r = await runCli(['publish', 'nowhere/*.json', '-a', '1'], { cwd: tempDir(), env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no pact files found (tried: nowhere/*.json)');
  });

  it('a 409 (changed content for the same version) shows the broker’s diff and a hint, exit 2', async () => {
    const cwd = project();
    expect((await runCli(['publish', 'pacts/web-app-user-service.json', '-a', '5'], { cwd, env: env() })).code).toBe(0);
    const file = path.join(cwd, 'pacts/web-app-user-service.json');
    const pact = JSON.parse(readFileSync(file, 'utf8'));
    pact.interactions[0].description = 'a changed description';
    writeFileSync(file, JSON.stringify(pact));
    const r = await runCli(['publish', 'pacts/web-app-user-service.json', '-a', '5'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('409');
    expect(r.stderr).toMatch(/not deterministic|reused/);
    expect(r.stderr).toContain('a changed description');
  });

  it('--merge sends onConflict: merge', async () => {
    const r = await runCli(['publish', 'pacts/web-app-user-service.json', '-a', '6', '--merge'], { cwd: project(), env: env() });
    expect(r.code, r.all).toBe(0);
    expect((publishRequests(broker)[0]!.json as { contracts: { onConflict: string }[] }).contracts[0]!.onConflict).toBe('merge');
  });

  it('--output json prints one document with what was published and the notices', async () => {
    const r = await runCli(['publish', 'pacts', '-a', '7', '-o', 'json'], { cwd: project(), env: env() });
    expect(r.code, r.all).toBe(0);
    const doc = JSON.parse(r.stdout) as { published: { consumer: string; url: string }[]; notices: { type: string; text: string }[] };
    expect(doc.published.map((p) => p.consumer).sort()).toEqual(['mobile-app', 'web-app']);
    expect(doc.published.every((p) => p.url.startsWith(broker.url))).toBe(true);
    expect(doc.notices.length).toBeGreaterThan(0);
  });

  it('detects version, branch and build URL in CI and says from where', async () => {
    const r = await runCli(['publish', 'pacts', '-g'], {
      cwd: project(),
      env: { ...env(), CI: 'true', GITLAB_CI: 'true', CI_COMMIT_SHA: 'abc123', CI_COMMIT_REF_NAME: 'feat/x', CI_JOB_URL: 'https://gitlab.example/jobs/1' },
    });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain('version abc123 (CI_COMMIT_SHA)');
    expect(r.stdout).toContain('branch feat/x (CI_COMMIT_REF_NAME)');
    const body = publishRequests(broker)[0]!.json as { pacticipantVersionNumber: string; branch: string; buildUrl: string; tags: string[] };
    expect(body).toMatchObject({ pacticipantVersionNumber: 'abc123', branch: 'feat/x', buildUrl: 'https://gitlab.example/jobs/1', tags: ['feat/x'] });
  });

  it('no version and no git → exit 2 saying how to pass one', async () => {
    const r = await runCli(['publish', 'pacts'], { cwd: project(), env: { ...env(), GIT_DIR: '/nonexistent' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--consumer-app-version');
    expect(broker.requests).toHaveLength(0);
  });

  it('takes the version from git outside CI', async () => {
    const cwd = project();
    const { execa } = await import('execa');
    await execa('git', ['init', '-q', '-b', 'trunk'], { cwd });
    await execa('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', 'commit', '-q', '--allow-empty', '-m', 'x'], { cwd });
    const sha = (await execa('git', ['rev-parse', 'HEAD'], { cwd })).stdout.trim();
    const r = await runCli(['publish', 'pacts', '-r'], { cwd, env: env() });
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`version ${sha} (git rev-parse HEAD)`);
    expect((publishRequests(broker)[0]!.json as { branch: string }).branch).toBe('trunk');
  });

  it('detects the branch from git outside CI without -r, and warns when an uncommitted pact file is published as the commit SHA', async () => {
    const cwd = project();
    const { execa } = await import('execa');
    const git = (...args: string[]) => execa('git', ['-c', 'user.email=a@b', '-c', 'user.name=a', ...args], { cwd });
    await git('init', '-q', '-b', 'feat/login');
    await git('add', 'pacts');
    await git('commit', '-q', '-m', 'pacts');
    const sha = (await git('rev-parse', 'HEAD')).stdout.trim();
    const clean = await runCli(['publish', 'pacts'], { cwd, env: env() });
    expect(clean.code, clean.all).toBe(0);
    expect(clean.stdout).toContain('branch feat/login (git rev-parse --abbrev-ref HEAD)');
    expect(clean.stderr).not.toContain('uncommitted');
    expect(publishRequests(broker).map((q) => (q.json as { branch: string }).branch)).toEqual(['feat/login', 'feat/login']);

    writeFileSync(path.join(cwd, 'pacts/web-app-user-service.json'), `${readFileSync(path.join(cwd, 'pacts/web-app-user-service.json'), 'utf8')}\n`);
    const dirty = await runCli(['publish', 'pacts', '--dry-run'], { cwd, env: env() });
    expect(dirty.code, dirty.all).toBe(0);
    const warnings = dirty.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual([
      `warning: pacts/web-app-user-service.json has uncommitted changes, but the version ${sha} is the commit SHA: the broker will keep this content as that commit's. Commit the pact files first, or publish with another --consumer-app-version.`,
    ]);
    const otherVersion = await runCli(['publish', 'pacts', '--dry-run', '-a', '1.0.0'], { cwd, env: env() });
    expect(otherVersion.stderr).not.toContain('uncommitted');
    const noDetect = await runCli(['publish', 'pacts', '--dry-run', '--no-auto-detect-version-properties'], { cwd, env: env() });
    expect(noDetect.stdout).not.toContain('branch feat/login');
  });

  it('a directory of invalid files names each file once, with its problems', async () => {
    const cwd = tempDir();
    const dir = path.join(cwd, 'syntax');
    cpSync(path.join(ROOT, 'fixtures/pacts/invalid'), dir, { recursive: true });
    const r = await runCli(['publish', 'syntax/', '-a', '1'], { cwd, env: env() });
    expect(r.code).toBe(2);
    const files = readdirSync(dir);
    for (const f of files) expect(r.stderr.split(`syntax/${f}`).length - 1, `${f} in\n${r.stderr}`).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${files.length} pact files: \\d+ problems`));
    expect(broker.requests).toHaveLength(0);
    const one = await runCli(['publish', 'syntax/missing-provider-name.json', '-a', '1'], { cwd, env: env() });
    expect(one.stderr.split('missing-provider-name.json').length - 1).toBe(1);
    expect(one.stderr).toContain('error: syntax/missing-provider-name.json: provider.name: missing');
  });

  it('a multi-consumer publish that fails part-way says which consumers were published before the failure', async () => {
    const cwd = project();
    // web-app 9 already exists with other content: its publication (the second, files are sorted) gets a 409.
    const other = JSON.parse(readFileSync(path.join(cwd, 'pacts/web-app-user-service.json'), 'utf8'));
    other.interactions[0].description = 'published earlier with other content';
    broker.publishPact({ pact: other, consumerVersion: '9' });
    const r = await runCli(['publish', 'pacts', '-a', '9'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: publishing web-app failed: Pact Broker answered 409/);
    expect(r.stderr).toContain('published before the failure: mobile-app → user-service (9)');
    expect(r.stderr).toMatch(/hint: .*Publishing again is safe/);
    expect(broker.state.pacts.map((p) => p.consumer).sort()).toEqual(['mobile-app', 'web-app']);
  });

  it('retries a 503 from the broker and then succeeds', async () => {
    broker.fault({ method: 'POST', path: '/contracts/publish', status: 503, times: 1 });
    const r = await runCli(['publish', 'pacts/web-app-user-service.json', '-a', '8'], { cwd: project(), env: env() });
    expect(r.code, r.all).toBe(0);
    expect(broker.requests.filter((q) => q.method === 'POST')).toHaveLength(2);
  });

  it('an unreachable broker → exit 2 naming the URL', async () => {
    const port = await freePort();
    const r = await runCli(['publish', 'pacts', '-a', '1', '-b', `http://127.0.0.1:${port}/pact`], {
      cwd: project(),
      env: { PACT_BROKER_HTTP_RETRIES: '0' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`could not reach the Pact Broker at http://127.0.0.1:${port}/pact: connection refused`);
  });
});

describe('publish to an old broker (no pb:publish-contracts)', () => {
  let broker: StandInBroker;
  beforeAll(async () => {
    broker = await startBroker({ legacy: true });
  });
  afterAll(() => broker.close());

  it('PUTs branch, tags and then each pact as the file’s own bytes', async () => {
    const cwd = project();
    const r = await runCli(['publish', 'pacts/web-app-user-service.json', '-a', '1.2.3', '--branch', 'main', '-t', 'prod'], {
      cwd,
      env: { PACT_BROKER_BASE_URL: broker.url },
    });
    expect(r.code, r.all).toBe(0);
    const writes = broker.requests.filter((q) => q.method !== 'GET');
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'PUT /pacticipants/web-app/branches/main/versions/1.2.3',
      'PUT /pacticipants/web-app/versions/1.2.3/tags/prod',
      'PUT /pacts/provider/user-service/consumer/web-app/version/1.2.3',
    ]);
    expect(writes[2]!.body).toBe(readFileSync(path.join(cwd, 'pacts/web-app-user-service.json'), 'utf8'));
    expect(r.stdout).toContain('legacy');
  });
});

describe('secrets never appear in output, even at --verbose', () => {
  const PASSWORD = 'canary-pa$$ word';

  it('token: success, 401 and errors', async () => {
    const broker = await startBroker({ auth: { token: TOKEN } });
    try {
      const cwd = project();
      const ok = await runCli(['publish', 'pacts', '-a', '1', '-v', '-k', TOKEN, '-b', broker.url], { cwd });
      expect(ok.code, ok.all).toBe(0);
      const wrong = await runCli(['publish', 'pacts', '-a', '1', '-v', '-b', broker.url], { cwd, env: { PACT_BROKER_TOKEN: `${TOKEN}-wrong` } });
      expect(wrong.code).toBe(2);
      const config = await runCli(['config', '-v', '-o', 'json'], { cwd, env: { PACT_BROKER_TOKEN: TOKEN } });
      for (const r of [ok, wrong, config]) {
        expect(r.all).not.toContain(TOKEN);
        expect(r.all).not.toContain(encodeURIComponent(TOKEN));
      }
      expect(ok.stderr).toContain('Authorization');
    } finally {
      await broker.close();
    }
  });

  it('basic auth: password never shown, nor its base64 form, nor as URL userinfo', async () => {
    const broker = await startBroker({ auth: { username: 'alice', password: PASSWORD } });
    try {
      const cwd = project();
      const ok = await runCli(['publish', 'pacts', '-a', '1', '-v'], {
        cwd,
        env: { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_USERNAME: 'alice', PACT_BROKER_PASSWORD: PASSWORD },
      });
      expect(ok.code, ok.all).toBe(0);
      const inUrl = new URL(broker.url);
      inUrl.username = 'alice';
      inUrl.password = PASSWORD;
      const userinfo = await runCli(['publish', 'pacts', '-a', '1', '-v', '-b', inUrl.toString()], { cwd, env: { PACT_BROKER_HTTP_RETRIES: '0' } });
      expect(userinfo.code, userinfo.all).toBe(0);
      for (const r of [ok, userinfo]) {
        expect(r.all).not.toContain(PASSWORD);
        expect(r.all).not.toContain(encodeURIComponent(PASSWORD));
        expect(r.all).not.toContain(Buffer.from(`alice:${PASSWORD}`).toString('base64'));
      }
    } finally {
      await broker.close();
    }
  });
});

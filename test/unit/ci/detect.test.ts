import { describe, expect, it } from 'vitest';
import { detectFromEnv, detectVersionProperties, isCI, type Git } from '../../../src/ci/detect.js';

const noEvent = () => undefined;

describe('detectFromEnv: one row per CI', () => {
  const rows: [name: string, env: NodeJS.ProcessEnv, expected: { version?: string; branch?: string; buildUrl?: string; ci?: string }][] = [
    [
      'GitHub Actions push',
      { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'aaa111', GITHUB_REF: 'refs/heads/main', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '42' },
      { version: 'aaa111', branch: 'main', buildUrl: 'https://github.com/o/r/actions/runs/42', ci: 'GitHub Actions' },
    ],
    [
      'GitHub Actions tag push (GITHUB_REF is not a branch)',
      { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'aaa111', GITHUB_REF: 'refs/tags/v1.0.0' },
      { version: 'aaa111', ci: 'GitHub Actions' },
    ],
    [
      'GitLab CI',
      { GITLAB_CI: 'true', CI_COMMIT_SHA: 'bbb222', CI_COMMIT_REF_NAME: 'feat/x', CI_JOB_URL: 'https://gitlab.com/o/r/-/jobs/7' },
      { version: 'bbb222', branch: 'feat/x', buildUrl: 'https://gitlab.com/o/r/-/jobs/7', ci: 'GitLab CI' },
    ],
    [
      'Jenkins strips origin/',
      { JENKINS_URL: 'https://ci', GIT_COMMIT: 'ccc333', GIT_BRANCH: 'origin/release/2', BUILD_URL: 'https://ci/job/1/' },
      { version: 'ccc333', branch: 'release/2', buildUrl: 'https://ci/job/1/', ci: 'Jenkins' },
    ],
    [
      'Buildkite',
      { BUILDKITE: 'true', BUILDKITE_COMMIT: 'ddd', BUILDKITE_BRANCH: 'main', BUILDKITE_BUILD_URL: 'https://buildkite.com/o/p/builds/3' },
      { version: 'ddd', branch: 'main', buildUrl: 'https://buildkite.com/o/p/builds/3', ci: 'Buildkite' },
    ],
    [
      'CircleCI',
      { CIRCLECI: 'true', CIRCLE_SHA1: 'eee', CIRCLE_BRANCH: 'dev', CIRCLE_BUILD_URL: 'https://circleci.com/gh/o/r/9' },
      { version: 'eee', branch: 'dev', buildUrl: 'https://circleci.com/gh/o/r/9', ci: 'CircleCI' },
    ],
    [
      'Travis CI',
      { TRAVIS: 'true', TRAVIS_COMMIT: 'fff', TRAVIS_BRANCH: 'main', TRAVIS_BUILD_WEB_URL: 'https://travis-ci.com/o/r/builds/1' },
      { version: 'fff', branch: 'main', buildUrl: 'https://travis-ci.com/o/r/builds/1', ci: 'Travis CI' },
    ],
    ['AppVeyor', { APPVEYOR: 'True', APPVEYOR_REPO_COMMIT: 'a1', APPVEYOR_REPO_BRANCH: 'main' }, { version: 'a1', branch: 'main', ci: 'AppVeyor' }],
    [
      'Bitbucket Pipelines',
      { BITBUCKET_BUILD_NUMBER: '5', BITBUCKET_COMMIT: 'b1', BITBUCKET_BRANCH: 'feature' },
      { version: 'b1', branch: 'feature', ci: 'Bitbucket Pipelines' },
    ],
    [
      'Azure Pipelines',
      { TF_BUILD: 'True', BUILD_SOURCEVERSION: 'c1', BUILD_SOURCEBRANCHNAME: 'main' },
      { version: 'c1', branch: 'main', ci: 'Azure Pipelines' },
    ],
    ['Cirrus CI', { CIRRUS_CI: 'true', CIRRUS_CHANGE_IN_REPO: 'd1', CIRRUS_BRANCH: 'main' }, { version: 'd1', branch: 'main', ci: 'Cirrus CI' }],
    ['Jenkins local branch', { JENKINS_URL: 'x', GIT_LOCAL_BRANCH: 'topic' }, { branch: 'topic', ci: 'Jenkins' }],
    ['no CI at all', {}, {}],
  ];

  it.each(rows)('%s', (_name, env, expected) => {
    const got = detectFromEnv(env, noEvent);
    expect({
      ...(got.version ? { version: got.version.value } : {}),
      ...(got.branch ? { branch: got.branch.value } : {}),
      ...(got.buildUrl ? { buildUrl: got.buildUrl.value } : {}),
      ...(got.ci ? { ci: got.ci } : {}),
    }).toEqual(expected);
  });

  it('GitHub pull_request: head branch from GITHUB_HEAD_REF and the PR head SHA from the event payload', () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: '/tmp/event.json',
      GITHUB_SHA: 'merge-commit',
      GITHUB_REF: 'refs/pull/12/merge',
      GITHUB_HEAD_REF: 'feat/login',
    };
    const got = detectFromEnv(env, (p) => (p === '/tmp/event.json' ? JSON.stringify({ pull_request: { head: { sha: 'head-sha' } } }) : undefined));
    expect(got.version).toEqual({ value: 'head-sha', source: 'GITHUB_EVENT_PATH (pull_request.head.sha)' });
    expect(got.branch).toEqual({ value: 'feat/login', source: 'GITHUB_HEAD_REF' });
  });

  it('GitHub pull_request without a readable event payload falls back to GITHUB_SHA', () => {
    const got = detectFromEnv({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: '/nope', GITHUB_SHA: 'merge-commit' }, noEvent);
    expect(got.version?.value).toBe('merge-commit');
  });
});

describe('detectVersionProperties falls back to git', () => {
  const git = (answers: Record<string, string | undefined>): Git => async (args) => answers[args.join(' ')];

  it('takes commit and branch from git when CI says nothing', async () => {
    const got = await detectVersionProperties({ env: {}, git: git({ 'rev-parse HEAD': 'abc', 'rev-parse --abbrev-ref HEAD': 'main' }) });
    expect(got.version).toEqual({ value: 'abc', source: 'git rev-parse HEAD' });
    expect(got.branch).toEqual({ value: 'main', source: 'git rev-parse --abbrev-ref HEAD' });
  });

  it('a detached HEAD has no branch', async () => {
    const got = await detectVersionProperties({ env: {}, git: git({ 'rev-parse HEAD': 'abc', 'rev-parse --abbrev-ref HEAD': 'HEAD' }) });
    expect(got.branch).toBeUndefined();
  });

  it('no git and no CI: nothing', async () => {
    expect(await detectVersionProperties({ env: {}, git: git({}) })).toEqual({});
  });

  it('CI values win over git', async () => {
    const got = await detectVersionProperties({ env: { CI_COMMIT_SHA: 'ci' }, git: git({ 'rev-parse HEAD': 'local' }), readEvent: noEvent });
    expect(got.version?.value).toBe('ci');
  });
});

describe('isCI', () => {
  it.each([
    [{ CI: 'true' }, true],
    [{ CI: '1' }, true],
    [{ CI: 'false' }, false],
    [{ GITHUB_ACTIONS: 'true' }, true],
    [{}, false],
  ] as [NodeJS.ProcessEnv, boolean][])('%o → %s', (env, expected) => expect(isCI(env)).toBe(expected));
});

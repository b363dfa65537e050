/**
 * Version properties (commit, branch, build URL) from CI environment variables, then git.
 * `detectFromEnv` is pure over the env (and an event-file reader); `detectVersionProperties` adds git.
 */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Detected {
  value: string;
  /** Where it came from, e.g. `GITHUB_SHA`, `git rev-parse HEAD`. */
  source: string;
}

export interface VersionProperties {
  version?: Detected;
  branch?: Detected;
  buildUrl?: Detected;
  /** Name of the CI system, when one was recognised. */
  ci?: string;
}

const CI_NAMES: [variable: string, name: string][] = [
  ['GITHUB_ACTIONS', 'GitHub Actions'],
  ['GITLAB_CI', 'GitLab CI'],
  ['BUILDKITE', 'Buildkite'],
  ['CIRCLECI', 'CircleCI'],
  ['TRAVIS', 'Travis CI'],
  ['JENKINS_URL', 'Jenkins'],
  ['APPVEYOR', 'AppVeyor'],
  ['BITBUCKET_BUILD_NUMBER', 'Bitbucket Pipelines'],
  ['TF_BUILD', 'Azure Pipelines'],
  ['CIRRUS_CI', 'Cirrus CI'],
  ['TEAMCITY_VERSION', 'TeamCity'],
];

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return true;
  return CI_NAMES.some(([v]) => !!env[v]);
}

export function ciName(env: NodeJS.ProcessEnv): string | undefined {
  return CI_NAMES.find(([v]) => !!env[v])?.[1];
}

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Ordered: the first variable set wins. */
const BRANCH_VARS: [string, (v: string) => string][] = [
  ['GITHUB_HEAD_REF', (v) => v], // pull_request events: the PR's source branch
  ['GITHUB_REF', (v) => v.replace(/^refs\/heads\//, '')],
  ['BUILDKITE_BRANCH', (v) => v],
  ['CIRCLE_BRANCH', (v) => v],
  ['TRAVIS_BRANCH', (v) => v],
  ['GIT_BRANCH', (v) => v.replace(/^origin\//, '')], // Jenkins
  ['GIT_LOCAL_BRANCH', (v) => v],
  ['APPVEYOR_REPO_BRANCH', (v) => v],
  ['CI_COMMIT_REF_NAME', (v) => v],
  ['BITBUCKET_BRANCH', (v) => v],
  ['BUILD_SOURCEBRANCHNAME', (v) => v],
  ['CIRRUS_BRANCH', (v) => v],
];

const COMMIT_VARS = [
  'GITHUB_SHA',
  'CI_COMMIT_SHA',
  'BUILDKITE_COMMIT',
  'CIRCLE_SHA1',
  'TRAVIS_COMMIT',
  'GIT_COMMIT',
  'APPVEYOR_REPO_COMMIT',
  'BITBUCKET_COMMIT',
  'BUILD_SOURCEVERSION',
  'CIRRUS_CHANGE_IN_REPO',
];

function branchFromEnv(env: NodeJS.ProcessEnv): Detected | undefined {
  for (const [name, clean] of BRANCH_VARS) {
    const raw = env[name];
    if (!nonEmpty(raw)) continue;
    // GITHUB_REF for tags/PR merges (refs/tags/…, refs/pull/…) is not a branch.
    if (name === 'GITHUB_REF' && !raw.startsWith('refs/heads/')) continue;
    return { value: clean(raw.trim()), source: name };
  }
  return undefined;
}

function commitFromEnv(env: NodeJS.ProcessEnv, readEvent: (path: string) => string | undefined): Detected | undefined {
  // On pull_request events GITHUB_SHA is GitHub's merge commit, which no one else knows: prefer the PR head.
  if (env.GITHUB_EVENT_NAME?.startsWith('pull_request') && nonEmpty(env.GITHUB_EVENT_PATH)) {
    const text = readEvent(env.GITHUB_EVENT_PATH);
    if (text) {
      try {
        const sha = (JSON.parse(text) as { pull_request?: { head?: { sha?: string } } }).pull_request?.head?.sha;
        if (nonEmpty(sha)) return { value: sha, source: 'GITHUB_EVENT_PATH (pull_request.head.sha)' };
      } catch {
        /* fall back to GITHUB_SHA */
      }
    }
  }
  for (const name of COMMIT_VARS) {
    const v = env[name];
    if (nonEmpty(v)) return { value: v.trim(), source: name };
  }
  return undefined;
}

function buildUrlFromEnv(env: NodeJS.ProcessEnv): Detected | undefined {
  if (nonEmpty(env.GITHUB_SERVER_URL) && nonEmpty(env.GITHUB_REPOSITORY) && nonEmpty(env.GITHUB_RUN_ID)) {
    return {
      value: `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`,
      source: 'GITHUB_SERVER_URL/GITHUB_REPOSITORY/GITHUB_RUN_ID',
    };
  }
  for (const name of ['CI_JOB_URL', 'BUILDKITE_BUILD_URL', 'CIRCLE_BUILD_URL', 'TRAVIS_BUILD_WEB_URL', 'BUILD_URL']) {
    const v = env[name];
    if (nonEmpty(v)) return { value: v.trim(), source: name };
  }
  return undefined;
}

const readFileOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

export function detectFromEnv(
  env: NodeJS.ProcessEnv,
  readEvent: (path: string) => string | undefined = readFileOrUndefined,
): VersionProperties {
  const result: VersionProperties = {};
  const version = commitFromEnv(env, readEvent);
  const branch = branchFromEnv(env);
  const buildUrl = buildUrlFromEnv(env);
  const ci = ciName(env);
  if (version) result.version = version;
  if (branch) result.branch = branch;
  if (buildUrl) result.buildUrl = buildUrl;
  if (ci) result.ci = ci;
  return result;
}

export interface Git {
  /** `git <args>` stdout trimmed, or undefined when git is missing or fails (not a repo…). */
  (args: string[]): Promise<string | undefined>;
}

export function systemGit(cwd: string): Git {
  return async (args) => {
    const { execa } = await import('execa');
    try {
      const { stdout } = await execa('git', args, { cwd, timeout: 10_000 });
      return stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  };
}

/** CI env first, then git. A detached HEAD has no branch (git prints `HEAD`). */
export async function detectVersionProperties(options: {
  env: NodeJS.ProcessEnv;
  git: Git;
  readEvent?: (path: string) => string | undefined;
}): Promise<VersionProperties> {
  const result = detectFromEnv(options.env, options.readEvent);
  if (!result.version) {
    const sha = await options.git(['rev-parse', 'HEAD']);
    if (sha) result.version = { value: sha, source: 'git rev-parse HEAD' };
  }
  if (!result.branch) {
    const branch = await options.git(['rev-parse', '--abbrev-ref', 'HEAD']);
    if (branch && branch !== 'HEAD') result.branch = { value: branch, source: 'git rev-parse --abbrev-ref HEAD' };
  }
  return result;
}

/**
 * Which of `files` (absolute paths) are tracked by git and changed since the last commit (staged
 * or not). Untracked files are not reported: generated pact files are often not committed at all.
 */
export async function uncommittedChanges(git: Git, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const root = await git(['rev-parse', '--show-toplevel']);
  if (!root) return [];
  const out = await git(['status', '--porcelain=v1', '-z', '--untracked-files=no', '--', ...files]);
  if (!out) return [];
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  // -z: "XY path\0", a rename adds "\0old path"; paths are relative to the repository root.
  const changed = new Set<string>();
  const entries = out.split('\0');
  for (let i = 0; i < entries.length; i++) {
    // The Git seam trims its output, so the first entry may have lost the leading space of "XY".
    const m = /^(.{1,2}) (.+)$/s.exec(entries[i]!);
    if (!m) continue;
    if (/^[RC]/.test(m[1]!)) i++;
    changed.add(real(path.resolve(root, m[2]!)));
  }
  return files.filter((f) => changed.has(real(f)));
}

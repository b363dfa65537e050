/**
 * Version selectors as the Ruby `pact-broker can-i-deploy` reads them: the flags are read in argv
 * order, each `--pacticipant/-a` starts a new selector and the `--version/-e`, `--latest [tag]`,
 * `--branch` and `--main-branch` after it belong to it. Pure: tokens in, selectors out.
 */
import { UsageError } from '../errors.js';

export interface VersionSelector {
  pacticipant: string;
  version?: string;
  /** Latest version (of the branch/tag when given). */
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

/** One selector flag as it appeared on the command line (value null = flag without a value). */
export type SelectorToken =
  | { flag: 'pacticipant'; value: string }
  | { flag: 'version'; value: string }
  | { flag: 'latest'; value: string | null }
  | { flag: 'branch'; value: string }
  | { flag: 'main-branch'; value: null }
  /** Ruby style: `--ignore Baz [--version 1]`; `Baz@1` works too. */
  | { flag: 'ignore'; value: string };

export const SELECTOR_FLAGS = ['pacticipant', 'version', 'latest', 'branch', 'main-branch', 'ignore'] as const;
export type SelectorFlag = (typeof SELECTOR_FLAGS)[number];

const FLAG_NAMES: Record<SelectorFlag, string> = {
  pacticipant: '--pacticipant',
  version: '--version',
  latest: '--latest',
  branch: '--branch',
  'main-branch': '--main-branch',
  ignore: '--ignore',
};

export interface GroupedSelectors {
  selectors: VersionSelector[];
  ignore: IgnoreSelector[];
}

/**
 * Turns the ordered selector flags into one selector per `--pacticipant` (and one ignore per
 * `--ignore`, whose following `--version` is the version to ignore); collects every problem, then fails once.
 */
export function groupSelectors(tokens: readonly SelectorToken[]): GroupedSelectors {
  const selectors: VersionSelector[] = [];
  const ignore: IgnoreSelector[] = [];
  const problems: string[] = [];
  let last: 'selector' | 'ignore' | undefined;
  for (const token of tokens) {
    if (token.flag === 'pacticipant') {
      if (token.value.trim() === '') problems.push('--pacticipant needs a name');
      selectors.push({ pacticipant: token.value });
      last = 'selector';
      continue;
    }
    if (token.flag === 'ignore') {
      const parsed = parseIgnore([token.value]);
      if (parsed.length === 0) problems.push('--ignore needs a pacticipant name');
      ignore.push(...parsed);
      last = 'ignore';
      continue;
    }
    if (last === 'ignore') {
      const current = ignore.at(-1);
      if (token.flag === 'version' && current) {
        if (current.version !== undefined) problems.push(`--ignore ${current.pacticipant}: version given twice`);
        current.version = token.value;
      } else {
        problems.push(`${FLAG_NAMES[token.flag]} cannot follow --ignore (only --version can, to ignore one version)`);
      }
      continue;
    }
    const current = selectors.at(-1);
    if (!current) {
      problems.push(`${FLAG_NAMES[token.flag]} must follow the --pacticipant it applies to`);
      continue;
    }
    const who = `--pacticipant ${current.pacticipant}`;
    switch (token.flag) {
      case 'version':
        if (current.version !== undefined) problems.push(`${who}: --version given twice ('${current.version}', '${token.value}')`);
        current.version = token.value;
        break;
      case 'latest':
        current.latest = true;
        if (token.value !== null && token.value !== '') current.tag = token.value;
        break;
      case 'branch':
        if (current.branch !== undefined) problems.push(`${who}: --branch given twice`);
        current.branch = token.value;
        current.latest = true;
        break;
      case 'main-branch':
        current.mainBranch = true;
        current.latest = true;
        break;
    }
  }
  if (selectors.length === 0) problems.push('no --pacticipant given: say which application version to check');
  for (const s of selectors) problems.push(...selectorProblems(s));
  if (problems.length > 0) {
    throw new UsageError(problems.length === 1 ? (problems[0] as string) : `${problems.length} problems with the version selectors`, {
      details: problems.length === 1 ? [] : problems,
      hint: 'Give each application as --pacticipant NAME followed by one of --version VERSION, --latest [TAG], --branch BRANCH or --main-branch, e.g. -a Foo -e 1.2.3 -a Bar --latest.',
    });
  }
  return { selectors, ignore };
}

/** `Foo@1.2.3` / `Foo` back to the string form used in config and env (PACT_BROKER_CAN_I_DEPLOY_IGNORE). */
export function formatIgnore(i: IgnoreSelector): string {
  return i.version === undefined ? i.pacticipant : `${i.pacticipant}@${i.version}`;
}

function selectorProblems(s: VersionSelector): string[] {
  const who = `--pacticipant ${s.pacticipant}`;
  const ways = [s.version !== undefined, s.tag !== undefined, s.branch !== undefined, s.mainBranch === true].filter(Boolean).length;
  if (s.version === undefined && !s.latest) {
    return [`${who}: say which version with --version VERSION, --latest [TAG], --branch BRANCH or --main-branch`];
  }
  if (s.version !== undefined && s.latest) {
    return [`${who}: --version cannot be combined with --latest, --branch or --main-branch`];
  }
  if (ways > 1) return [`${who}: use only one of --latest TAG, --branch and --main-branch`];
  return [];
}

/** `--ignore Foo` or `--ignore Foo@1.2.3` (the last `@` after the first character splits, so `@scope/app@1` works). */
export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

export function parseIgnore(values: readonly string[]): IgnoreSelector[] {
  return values
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => {
      const at = v.lastIndexOf('@');
      if (at <= 0 || at === v.length - 1) return { pacticipant: at === v.length - 1 && at > 0 ? v.slice(0, -1) : v };
      return { pacticipant: v.slice(0, at), version: v.slice(at + 1) };
    });
}

/** Human description: `Foo 1.2.3`, `the latest version of Foo`, `the latest version of Foo from branch main`… */
export function describeSelector(s: VersionSelector): string {
  if (s.version !== undefined) return `${s.pacticipant} ${s.version}`;
  if (s.branch !== undefined) return `the latest version of ${s.pacticipant} from branch ${s.branch}`;
  if (s.mainBranch) return `the latest version of ${s.pacticipant} from its main branch`;
  if (s.tag !== undefined) return `the latest version of ${s.pacticipant} tagged ${s.tag}`;
  return `the latest version of ${s.pacticipant}`;
}

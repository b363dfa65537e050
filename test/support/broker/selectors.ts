/**
 * Consumer version selectors (broker-api.md section 4): validation, resolution to pact publications,
 * pending and WIP.
 *
 * Simplifications vs pact_broker: branch/tag membership is read as it is now (not as it was when a result
 * was published); WIP candidates are the latest pact of each consumer branch and tag created on/after the
 * date (pact_broker has extra exclusions, e.g. around the consumer's main branch).
 */
import { isNonBlankString, isRecord } from './http.js';
import type { BrokerState, PactPublication } from './state.js';

export interface Selector {
  mainBranch?: true;
  branch?: string;
  fallbackBranch?: string;
  matchingBranch?: true;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  deployed?: true;
  released?: true;
  deployedOrReleased?: true;
  environment?: string;
  consumer?: string;
}

/** One pact chosen by one selector, with why. */
export interface Selection {
  pact: PactPublication;
  /** "latest version of Foo from branch 'main' (1.0.0)" */
  description: string;
  /** "latest from main branch" */
  short: string;
}

const TRUE_ONLY = ['mainBranch', 'matchingBranch', 'deployed', 'released', 'deployedOrReleased'] as const;
const STRINGS = ['branch', 'fallbackBranch', 'tag', 'fallbackTag', 'environment', 'consumer'] as const;
const BRANCH_TAG_KEYS = ['branch', 'fallbackBranch', 'tag', 'fallbackTag', 'mainBranch', 'matchingBranch'] as const;
const ENV_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;

/** Returns one message per problem, each ending in `(at index N)`. */
export function validateSelectors(
  raw: unknown[],
  state: BrokerState,
  providerVersionBranch: string | undefined,
): { selectors: Selector[]; problems: string[] } {
  const problems: string[] = [];
  const selectors: Selector[] = [];
  raw.forEach((s, i) => {
    const at = ` (at index ${i})`;
    const add = (m: string): void => {
      problems.push(`${m}${at}`);
    };
    if (!isRecord(s)) {
      add('selector must be an object');
      return;
    }
    const before = problems.length;
    for (const k of TRUE_ONLY) if (k in s && s[k] !== true) add(`${k} must be true`);
    for (const k of STRINGS) if (k in s && !isNonBlankString(s[k])) add(`${k} must be a non-blank string`);
    if ('latest' in s && typeof s['latest'] !== 'boolean') add('latest must be true or false');
    const has = (k: string): boolean => s[k] !== undefined && s[k] !== null;
    const present = Object.keys(s).filter(has);
    if (
      !(['environment', 'tag', 'branch', 'mainBranch', 'matchingBranch', 'deployed', 'released', 'deployedOrReleased'].some(has) ||
        s['latest'] === true)
    ) {
      add('must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true');
    }
    if (has('mainBranch') && present.some((k) => !['mainBranch', 'consumer', 'latest'].includes(k))) {
      add('cannot specify mainBranch=true with any other criteria apart from consumer and latest');
    }
    if (has('mainBranch') && s['latest'] === false) add('cannot specify mainBranch=true with latest=false');
    if (has('matchingBranch') && present.some((k) => !['matchingBranch', 'consumer'].includes(k))) {
      add('cannot specify matchingBranch=true with any other criteria apart from consumer');
    }
    if (has('matchingBranch') && !isNonBlankString(providerVersionBranch)) {
      add('matchingBranch=true requires providerVersionBranch to be specified');
    }
    if (has('tag') && has('branch')) add('cannot specify both a tag and a branch');
    if (BRANCH_TAG_KEYS.some(has) && ENV_KEYS.some(has)) add('cannot specify a branch or tag with environment, deployed, released or deployedOrReleased');
    if (s['latest'] !== undefined && ENV_KEYS.some(has)) add('cannot specify latest with environment, deployed, released or deployedOrReleased');
    if (['deployed', 'released', 'deployedOrReleased'].filter(has).length > 1) {
      add('cannot specify more than one of deployed, released and deployedOrReleased');
    }
    if (has('branch') && s['latest'] === false) add('cannot specify a branch with latest=false');
    if (has('fallbackBranch') && !has('branch')) add('fallbackBranch can only be set if branch is also set');
    if (has('fallbackTag') && !(has('tag') && s['latest'] === true)) add('fallbackTag can only be set if tag is set and latest is true');
    if (isNonBlankString(s['environment']) && !state.environmentByName(s['environment'])) {
      add(`environment with name '${s['environment']}' does not exist`);
    }
    if (problems.length === before) selectors.push(s as Selector);
  });
  return { selectors, problems };
}

function latestOf(state: BrokerState, pacts: PactPublication[], filter: (tags: string[], branches: string[]) => boolean): PactPublication | undefined {
  return pacts
    .filter((p) => {
      const v = state.version(p.consumer, p.consumerVersion);
      return v !== undefined && filter(v.tags, v.branches);
    })
    .at(-1);
}

/** Pacts chosen by one selector for a provider. */
export function resolveSelector(
  state: BrokerState,
  provider: string,
  s: Selector,
  providerVersionBranch: string | undefined,
): Selection[] {
  const out: Selection[] = [];
  const consumers = state.consumersOf(provider).filter((c) => s.consumer === undefined || c === s.consumer);
  for (const consumer of consumers) {
    const pacts = state.pactsFor(consumer, provider);
    const pick = (pact: PactPublication | undefined, description: string, short: string): void => {
      if (pact) out.push({ pact, description: `${description} (${pact.consumerVersion})`, short });
    };
    if (s.mainBranch) {
      const mb = state.pacticipant(consumer)?.mainBranch;
      if (mb !== undefined) {
        pick(latestOf(state, pacts, (_t, b) => b.includes(mb)), `latest version of ${consumer} from the main branch '${mb}'`, 'latest from main branch');
      }
    } else if (s.matchingBranch) {
      const b = providerVersionBranch ?? '';
      pick(latestOf(state, pacts, (_t, bs) => bs.includes(b)), `latest version of ${consumer} from branch '${b}' (matching the provider branch)`, `latest from matching branch ${b}`);
    } else if (s.branch !== undefined) {
      const b = s.branch;
      const found = latestOf(state, pacts, (_t, bs) => bs.includes(b));
      if (found) pick(found, `latest version of ${consumer} from branch '${b}'`, `latest from branch ${b}`);
      else if (s.fallbackBranch !== undefined) {
        const fb = s.fallbackBranch;
        pick(
          latestOf(state, pacts, (_t, bs) => bs.includes(fb)),
          `latest version of ${consumer} from branch '${fb}' (fallback branch used as no version from branch '${b}' was found)`,
          `latest from fallback branch ${fb}`,
        );
      }
    } else if (s.tag !== undefined) {
      const t = s.tag;
      if (s.latest === true) {
        const found = latestOf(state, pacts, (tags) => tags.includes(t));
        if (found) pick(found, `latest version of ${consumer} with tag '${t}'`, `latest with tag ${t}`);
        else if (s.fallbackTag !== undefined) {
          const ft = s.fallbackTag;
          pick(latestOf(state, pacts, (tags) => tags.includes(ft)), `latest version of ${consumer} with tag '${ft}' (fallback tag used as no version with tag '${t}' was found)`, `latest with fallback tag ${ft}`);
        }
      } else {
        for (const p of pacts) {
          if (state.version(consumer, p.consumerVersion)?.tags.includes(t)) pick(p, `one of the versions of ${consumer} with tag '${t}'`, `one of tag ${t}`);
        }
      }
    } else if (s.deployed || s.released || s.deployedOrReleased || s.environment !== undefined) {
      const env = s.environment === undefined ? undefined : state.environmentByName(s.environment);
      const kind = s.deployed ? 'deployed' : s.released ? 'released' : 'either';
      const what = { deployed: 'currently deployed', released: 'currently released and supported', either: 'currently deployed or released' }[kind];
      const where = env === undefined ? '' : ` in ${env.name}`;
      for (const v of state.versionsInEnvironment(consumer, env?.uuid, kind)) {
        const envNames = environmentsOf(state, consumer, v.number, kind, env?.uuid);
        pick(
          state.pact(consumer, provider, v.number),
          `version of ${consumer} ${what}${where || ` in ${envNames.join(', ')}`}`,
          `${what}${where || ` in ${envNames.join(', ')}`}`,
        );
      }
    } else if (s.latest === true) {
      pick(pacts.at(-1), `latest version of ${consumer} that has a pact with ${provider}`, 'latest');
    }
  }
  return out;
}

function environmentsOf(state: BrokerState, pacticipant: string, version: string, kind: 'deployed' | 'released' | 'either', only?: string): string[] {
  const uuids = new Set<string>();
  if (kind !== 'released') {
    for (const d of state.deployedVersions) if (d.currentlyDeployed && d.pacticipant === pacticipant && d.version === version) uuids.add(d.environment);
  }
  if (kind !== 'deployed') {
    for (const r of state.releasedVersions) if (r.currentlySupported && r.pacticipant === pacticipant && r.version === version) uuids.add(r.environment);
  }
  return [...uuids].filter((u) => only === undefined || u === only).map((u) => state.environment(u)?.name ?? u);
}

/** With no selectors: the main branch (else the latest) pact of each consumer, plus everything deployed or released. */
export function defaultSelections(state: BrokerState, provider: string): Selection[] {
  const out: Selection[] = [];
  for (const consumer of state.consumersOf(provider)) {
    const main = resolveSelector(state, provider, { mainBranch: true, consumer }, undefined);
    out.push(...(main.length ? main : resolveSelector(state, provider, { latest: true, consumer }, undefined)));
  }
  out.push(...resolveSelector(state, provider, { deployedOrReleased: true }, undefined));
  return out;
}

/**
 * pact_broker's pending rule (`PactVersion#pending_for_provider_branch?`): pending unless a successful
 * verification of this content came from a provider version on the branch, or from any provider version
 * before the branch was first used (a new branch inherits what was already verified). Tags: pending if
 * any given tag lacks such a verification. Neither: pending until any successful verification.
 */
export function isPending(state: BrokerState, provider: string, sha: string, branch: string | undefined, tags: string[]): boolean {
  const ok = state.verifications.filter((v) => v.provider === provider && v.sha === sha && v.success);
  if (branch !== undefined) {
    const created = state.branchCreatedSeq(provider, branch) ?? Number.POSITIVE_INFINITY;
    return !ok.some((v) => v.seq < created || (state.version(provider, v.providerVersion)?.branches.includes(branch) ?? false));
  }
  if (tags.length > 0) {
    return tags.some((t) => {
      const created = state.tagCreatedSeq(provider, t) ?? Number.POSITIVE_INFINITY;
      return !ok.some((v) => v.seq < created || (state.version(provider, v.providerVersion)?.tags.includes(t) ?? false));
    });
  }
  return ok.length === 0;
}

/** WIP candidates: latest pact of each consumer branch and tag, created on/after `since`, still pending, not already selected. */
export function wipSelections(
  state: BrokerState,
  provider: string,
  since: Date,
  branch: string | undefined,
  tags: string[],
  alreadySelected: Set<string>,
): Selection[] {
  const out: Selection[] = [];
  const seen = new Set<string>();
  for (const consumer of state.consumersOf(provider)) {
    const pacts = state.pactsFor(consumer, provider);
    const candidates: Selection[] = [];
    for (const b of state.branchesOf(consumer)) {
      const p = latestOf(state, pacts, (_t, bs) => bs.includes(b));
      if (p) candidates.push({ pact: p, description: `the latest version of ${consumer} from branch '${b}' (${p.consumerVersion})`, short: 'WIP' });
    }
    const allTags = new Set(state.versionsOf(consumer).flatMap((v) => v.tags));
    for (const t of allTags) {
      const p = latestOf(state, pacts, (ts) => ts.includes(t));
      if (p) candidates.push({ pact: p, description: `the latest version of ${consumer} with tag '${t}' (${p.consumerVersion})`, short: 'WIP' });
    }
    for (const c of candidates) {
      const key = `${c.pact.consumer}|${c.pact.sha}`;
      if (c.pact.createdAt.getTime() < since.getTime() || alreadySelected.has(key) || seen.has(key)) continue;
      if (!isPending(state, provider, c.pact.sha, branch, tags)) continue;
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}

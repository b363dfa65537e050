/**
 * The matrix / can-i-deploy computation (broker-api.md section 6), worded like pact_broker
 * (`matrix/deployment_status_summary.rb`, `api/decorators/reason_decorator.rb`, `matrix/resolved_selector.rb`).
 *
 * For a selected pacticipant version S of A and a target (environment, latest with tag, latest on main
 * branch, or latest), every integration must be verified between those exact versions:
 *  - A as consumer: for each provider P that S has a pact with, each version of P in the target must have
 *    verified S's pact content.
 *  - A as provider: for each consumer C of A, each version of C in the target that has a pact with A must
 *    have had that pact content verified by S. No version of C in the target → nothing to check.
 * deployable: false if a specified version does not exist; else null (unknown) if any required
 * verification is missing (even when another one failed, as pact_broker does); else false if any failed;
 * else true. Ignored rows are reported but not counted.
 *
 * When S is a consumer and P has NO version in the target, the integration is *required*, as in
 * pact_broker ("consumer requires the provider to be present", `matrix/integrations_repository.rb`):
 * the answer is unknown. CONSUMER_REQUIRES_PROVIDER_IN_TARGET = false gives the lenient variant.
 *
 * Other simplifications: verifications count by pact content (sha), like the broker's pact_version;
 * `latestby` is accepted but rows are always "latest verification per consumer version × provider
 * version"; with no target and several selectors only the pairs between the selected versions are
 * checked; with no target and one selector, its pacts' latest verifications by any provider version are.
 */
import type { Urls } from './hal.js';
import type { BrokerState, Environment, PactPublication, PacticipantVersion, VerificationRecord } from './state.js';

export interface MatrixSelector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

export type Target =
  | { kind: 'environment'; environment: Environment }
  | { kind: 'tag'; tag: string }
  | { kind: 'mainBranch' }
  | { kind: 'latest' }
  | { kind: 'none' };

type Status = 'success' | 'failed' | 'unknown';

export const CONSUMER_REQUIRES_PROVIDER_IN_TARGET = true;

interface Row {
  consumer: PacticipantVersion;
  provider: string;
  /** The verifying provider version (undefined when unverified). */
  providerVersion: PacticipantVersion | undefined;
  pact: PactPublication;
  verification: VerificationRecord | undefined;
  status: Status;
  reason: string;
  ignored: boolean;
}

type Notice = { type: 'info' | 'warning' | 'error' | 'success'; text: string };

function resolveSelector(state: BrokerState, s: MatrixSelector): PacticipantVersion[] {
  if (s.version !== undefined) {
    const v = state.version(s.pacticipant, s.version);
    return v ? [v] : [];
  }
  const main = state.pacticipant(s.pacticipant)?.mainBranch;
  if (s.mainBranch && main === undefined) return [];
  const matching = state.versionsOf(s.pacticipant).filter(
    (v) =>
      (s.tag === undefined || v.tags.includes(s.tag)) &&
      (s.branch === undefined || v.branches.includes(s.branch)) &&
      (!s.mainBranch || (main !== undefined && v.branches.includes(main))),
  );
  return s.latest ? matching.slice(-1) : matching;
}

function missingSelectorReason(s: MatrixSelector): string {
  if (s.tag !== undefined && s.version === undefined) return `No version with tag ${s.tag} exists for ${s.pacticipant}`;
  if (s.version !== undefined) return `No pacts or verifications have been published for version ${s.version} of ${s.pacticipant}`;
  return `No pacts or verifications have been published for ${s.pacticipant}`;
}

/** How pact_broker describes a version picked by the target (`ResolvedSelector#description`). */
function targetDescription(state: BrokerState, name: string, t: Target, number: string | undefined, oneOfMany = false): string {
  const n = number === undefined ? 'no such version exists' : number;
  switch (t.kind) {
    case 'environment':
      return `${oneOfMany ? 'one of the versions' : 'the version'} of ${name} currently deployed to ${t.environment.name} (${n})`;
    case 'tag':
      return `the latest version of ${name} with tag ${t.tag} (${n})`;
    case 'mainBranch':
      return `the latest version of ${name} from branch ${state.pacticipant(name)?.mainBranch ?? '(no main branch)'} (${n})`;
    case 'latest':
    case 'none':
      return `the latest version of ${name} (${n})`;
  }
}

function targetVersions(state: BrokerState, pacticipant: string, t: Target): PacticipantVersion[] {
  switch (t.kind) {
    case 'environment':
      return state.versionsInEnvironment(pacticipant, t.environment.uuid, 'either');
    case 'tag': {
      const v = state.latestVersion(pacticipant, (x) => x.tags.includes(t.tag));
      return v ? [v] : [];
    }
    case 'mainBranch': {
      const main = state.pacticipant(pacticipant)?.mainBranch;
      const v = main === undefined ? undefined : state.latestVersion(pacticipant, (x) => x.branches.includes(main));
      return v ? [v] : [];
    }
    case 'latest':
    case 'none': {
      const v = state.latestVersion(pacticipant);
      return v ? [v] : [];
    }
  }
}

export interface MatrixRequest {
  selectors: MatrixSelector[];
  target: Target;
  ignore: IgnoreSelector[];
  limit: number;
}

export function computeMatrix(state: BrokerState, urls: Urls, req: MatrixRequest): Record<string, unknown> {
  const warnings: string[] = [];
  const rows: Row[] = [];
  const { target } = req;
  const selected = new Map<string, PacticipantVersion[]>();
  const missing: string[] = [];
  for (const s of req.selectors) {
    const versions = resolveSelector(state, s);
    if (versions.length === 0) {
      missing.push(missingSelectorReason(s));
    }
    selected.set(s.pacticipant, [...(selected.get(s.pacticipant) ?? []), ...versions]);
  }
  const isSelected = (name: string): boolean => selected.has(name);
  const counterpart = (name: string): PacticipantVersion[] => selected.get(name) ?? targetVersions(state, name, target);
  const describe = (v: PacticipantVersion): string =>
    isSelected(v.pacticipant) || target.kind === 'none'
      ? `version ${v.number} of ${v.pacticipant}`
      : targetDescription(state, v.pacticipant, target, v.number, counterpart(v.pacticipant).length > 1);
  const isIgnored = (name: string, version: string | undefined): boolean =>
    req.ignore.some((i) => i.pacticipant === name && (i.version === undefined || i.version === version));

  const push = (
    consumer: PacticipantVersion,
    pact: PactPublication,
    providerVersion: PacticipantVersion | undefined,
    requiredProvider: PacticipantVersion | undefined,
    providerAbsent = false,
  ): void => {
    const verification = providerAbsent
      ? undefined
      : providerVersion === undefined
        ? state.verificationOf(pact.provider, pact.sha)
        : state.verificationOf(pact.provider, pact.sha, providerVersion.number);
    const verifier = verification ? state.version(pact.provider, verification.providerVersion) : undefined;
    const status: Status = verification === undefined ? 'unknown' : verification.success ? 'success' : 'failed';
    const providerDesc = providerAbsent
      ? targetDescription(state, pact.provider, target, undefined)
      : requiredProvider
        ? describe(requiredProvider)
        : verifier
          ? describe(verifier)
          : `any version of ${pact.provider}`;
    const reason =
      status === 'failed'
        ? `The verification for the pact between ${describe(consumer)} and ${providerDesc} failed`
        : status === 'unknown'
          ? `There is no verified pact between ${describe(consumer)} and ${providerDesc}`
          : `The pact between ${describe(consumer)} and ${providerDesc} has been successfully verified`;
    const ignored = isIgnored(consumer.pacticipant, consumer.number) || isIgnored(pact.provider, (requiredProvider ?? verifier)?.number);
    rows.push({ consumer, provider: pact.provider, providerVersion: verifier, pact, verification, status, reason, ignored });
  };

  if (missing.length === 0) {
    if (target.kind === 'none' && req.selectors.length > 1) {
      for (const [, cvs] of selected) {
        for (const cv of cvs) {
          for (const [providerName, pvs] of selected) {
            if (providerName === cv.pacticipant) continue;
            const pact = state.pact(cv.pacticipant, providerName, cv.number);
            if (!pact) continue;
            for (const pv of pvs) push(cv, pact, pv, pv);
          }
        }
      }
      if (rows.length === 0) warnings.push('There are no pacts between the selected pacticipant versions');
    } else {
      for (const [name, versions] of selected) {
        for (const s of versions) {
          // As consumer.
          for (const provider of state.providersOf(name)) {
            const pact = state.pact(name, provider, s.number);
            if (!pact) continue;
            if (target.kind === 'none') {
              push(s, pact, undefined, undefined);
              continue;
            }
            const pvs = counterpart(provider);
            if (pvs.length === 0) {
              if (CONSUMER_REQUIRES_PROVIDER_IN_TARGET) push(s, pact, undefined, undefined, true);
              else if (!isIgnored(provider, undefined)) {
                warnings.push(
                  `There is no verified pact between ${describe(s)} and ${targetDescription(state, provider, target, undefined)}, ` +
                    `but as no version of ${provider} is there, there is nothing for ${s.pacticipant} to be incompatible with`,
                );
              }
              continue;
            }
            for (const pv of pvs) push(s, pact, pv, pv);
          }
          // As provider.
          for (const consumer of state.consumersOf(name)) {
            if (target.kind === 'none') {
              for (const v of state.verifications.filter((x) => x.provider === name && x.consumer === consumer && x.providerVersion === s.number)) {
                for (const cvNumber of v.consumerVersions) {
                  const cv = state.version(consumer, cvNumber);
                  const pact = state.pact(consumer, name, cvNumber);
                  if (cv && pact && !rows.some((r) => r.pact === pact && r.providerVersion === s)) push(cv, pact, s, s);
                }
              }
              continue;
            }
            if (isSelected(consumer)) continue; // covered from the consumer side
            for (const cv of counterpart(consumer)) {
              const pact = state.pact(consumer, name, cv.number);
              if (pact) push(cv, pact, s, s);
            }
          }
        }
      }
    }
  }

  for (const i of req.ignore) {
    const exists = i.version === undefined ? state.pacticipant(i.pacticipant) !== undefined : state.version(i.pacticipant, i.version) !== undefined;
    if (!exists) {
      const what = i.version === undefined ? `any version of ${i.pacticipant} (no such pacticipant exists)` : `version ${i.version} of ${i.pacticipant} (no such version exists)`;
      warnings.push(`WARNING: Cannot ignore ${what}`);
    }
  }
  const counted = rows.filter((r) => !r.ignored);
  const ignoredRows = rows.filter((r) => r.ignored);
  const count = (s: Status): number => counted.filter((r) => r.status === s).length;
  const [success, failed, unknown] = [count('success'), count('failed'), count('unknown')];
  let deployable: boolean | null;
  if (missing.length) deployable = false;
  else if (unknown > 0) deployable = null;
  else deployable = failed === 0;
  const errors = missing.length
    ? missing
    : [
        ...counted.filter((r) => r.status !== 'success').map((r) => r.reason),
        ...ignoredRows.filter((r) => r.status !== 'success').map((r) => `[IGNORED] ${r.reason}`),
      ];
  const successes = errors.length
    ? []
    : [counted.length ? 'All required verification results are published and successful' : 'There are no missing dependencies'];
  const reasons = [...new Set([...errors, ...successes, ...warnings])];
  const summary: Record<string, unknown> = { deployable, reason: reasons.join('\n'), success, failed, unknown };
  if (ignoredRows.length > 0) summary['ignored'] = ignoredRows.length;
  const notices: Notice[] = [
    ...[...new Set(errors)].map((text): Notice => ({ type: text.startsWith('[IGNORED]') ? 'info' : 'error', text })),
    ...successes.map((text): Notice => ({ type: 'success', text })),
    ...[...new Set(warnings)].map((text): Notice => ({ type: 'warning', text })),
  ];
  return {
    summary,
    notices,
    matrix: rows.slice(0, req.limit).map((r) => rowJson(urls, r)),
  };
}

function versionJson(urls: Urls, v: PacticipantVersion): Record<string, unknown> {
  return {
    number: v.number,
    branch: v.branches.at(-1) ?? null,
    branches: v.branches.map((name) => ({ name })),
    tags: v.tags.map((name) => ({ name })),
    _links: { self: { href: urls.version(v.pacticipant, v.number) } },
  };
}

function rowJson(urls: Urls, r: Row): Record<string, unknown> {
  return {
    consumer: { name: r.consumer.pacticipant, _links: { self: { href: urls.pacticipant(r.consumer.pacticipant) } }, version: versionJson(urls, r.consumer) },
    provider: {
      name: r.provider,
      _links: { self: { href: urls.pacticipant(r.provider) } },
      version: r.providerVersion && r.verification ? versionJson(urls, r.providerVersion) : null,
    },
    pact: {
      createdAt: r.pact.createdAt.toISOString(),
      _links: { self: { href: urls.pactForVersion(r.pact.provider, r.pact.consumer, r.pact.consumerVersion) } },
    },
    verificationResult: r.verification
      ? {
          success: r.verification.success,
          verifiedAt: r.verification.createdAt.toISOString(),
          _links: { self: { href: urls.verification(r.verification.provider, r.verification.consumer, r.verification.sha, r.verification.number) } },
        }
      : null,
    ...(r.ignored ? { ignored: true } : {}),
  };
}

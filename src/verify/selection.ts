/**
 * Flags → config layer for `verify`/`pacts`, and the for-verification request built from the
 * resolved config (selectors, legacy tags, pending/WIP, provider branch).
 */
import { RE2JS } from 're2js';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { ForVerificationRequest } from './sources.js';
import type { Filters, InteractionSet, TextPattern } from './runner.js';

export interface SelectionFlags {
  provider?: string;
  consumerVersionSelector?: string[];
  consumerVersionTag?: string[];
  enablePending?: boolean;
  includeWipPactsSince?: string;
  providerVersionBranch?: string;
  providerVersionTag?: string[];
}

export interface VerifyFlags extends SelectionFlags {
  pact?: string[];
  pactUrl?: string[];
  providerBaseUrl?: string;
  providerStart?: string;
  providerReadyUrl?: string;
  providerStartTimeout?: number;
  stateChangeUrl?: string;
  stateChangeAsQuery?: boolean;
  stateChangeTeardown?: boolean;
  disableSslVerification?: boolean;
  messageUrl?: string;
  header?: string[];
  timeout?: number;
  concurrency?: number;
  filterConsumer?: string[];
  filterDescription?: string;
  filterState?: string;
  filterNoState?: boolean;
  json?: string;
  junit?: string;
  html?: string;
  exitOnFirstError?: boolean;
  lastFailed?: boolean;
  /** --no-color / --no-colour. */
  color?: boolean;
  colour?: boolean;
  publishVerificationResults?: boolean;
  providerAppVersion?: string;
  buildUrl?: string;
  failIfNoPacts?: boolean;
}

export function parseSelectorFlags(values: string[] | undefined): Record<string, unknown>[] | undefined {
  if (!values || values.length === 0) return undefined;
  const problems: string[] = [];
  const selectors = values.flatMap((text) => {
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === 'object' && !Array.isArray(json)) return [json as Record<string, unknown>];
      problems.push(`--consumer-version-selector '${text}': must be a JSON object`);
    } catch (error) {
      problems.push(`--consumer-version-selector '${text}': not JSON (${(error as Error).message})`);
    }
    return [];
  });
  if (problems.length) {
    throw new UsageError(problems.length === 1 ? (problems[0] as string) : `${problems.length} invalid selectors`, {
      details: problems.length === 1 ? [] : problems,
      hint: `Quote each selector as JSON, e.g. --consumer-version-selector '{"branch":"main"}'.`,
    });
  }
  return selectors;
}

export function selectionFlagEntries(o: SelectionFlags): [string, string, unknown][] {
  return [
    ['verify.provider', '--provider', o.provider],
    ['verify.consumerVersionSelectors', '--consumer-version-selector', parseSelectorFlags(o.consumerVersionSelector)],
    ['verify.consumerVersionTags', '--consumer-version-tag', o.consumerVersionTag],
    ['verify.enablePending', '--enable-pending', o.enablePending],
    ['verify.includeWipPactsSince', '--include-wip-pacts-since', o.includeWipPactsSince],
    ['verify.providerVersionBranch', '--provider-version-branch', o.providerVersionBranch],
    ['verify.providerVersionTags', '--provider-version-tag', o.providerVersionTag],
  ];
}

export function verifyFlagEntries(o: VerifyFlags): [string, string, unknown][] {
  return [
    ...selectionFlagEntries(o),
    ['verify.pacts', '--pact', o.pact],
    ['verify.pactUrls', '--pact-url', o.pactUrl],
    ['verify.providerBaseUrl', '--provider-base-url', o.providerBaseUrl],
    ['verify.providerStart', '--provider-start', o.providerStart],
    ['verify.providerReadyUrl', '--provider-ready-url', o.providerReadyUrl],
    ['verify.providerStartTimeoutMs', '--provider-start-timeout', o.providerStartTimeout],
    ['verify.stateChangeUrl', '--state-change-url', o.stateChangeUrl],
    ['verify.stateChangeAsQuery', '--state-change-as-query', o.stateChangeAsQuery],
    ['verify.stateChangeTeardown', '--[no-]state-change-teardown', o.stateChangeTeardown],
    ['verify.skipSslVerification', '--disable-ssl-verification', o.disableSslVerification],
    ['verify.messageUrl', '--message-url', o.messageUrl],
    ['verify.headers', '--header', o.header],
    ['verify.timeoutMs', '--timeout', o.timeout],
    ['verify.concurrency', '--concurrency', o.concurrency],
    ['verify.publish', '--publish-verification-results', o.publishVerificationResults],
    ['verify.providerVersion', '--provider-app-version', o.providerAppVersion],
    ['verify.buildUrl', '--build-url', o.buildUrl],
    ['verify.failIfNoPacts', '--no-fail-if-no-pacts', o.failIfNoPacts],
  ];
}

export interface SelectionNotes {
  notes: string[];
}

/**
 * The for-verification request. Legacy tags become `{tag, latest: true}` selectors (replacing the
 * default selectors, added to explicit ones). `matchingBranch` needs a provider branch: dropped
 * from the *default* selectors when there is none, an error when asked for explicitly.
 */
export function forVerificationRequest(resolved: ResolvedConfig, branch: string | undefined, notes: string[] = []): ForVerificationRequest {
  const v = resolved.config.verify;
  if (!v.provider) {
    throw new UsageError('no provider name', { hint: 'Pass --provider <name> (or set verify.provider in the config).' });
  }
  const defaulted = (resolved.sources.get('verify.consumerVersionSelectors')?.kind ?? 'default') === 'default';
  let selectors = v.consumerVersionSelectors;
  if (v.consumerVersionTags.length) {
    selectors = [...(defaulted ? [] : selectors), ...v.consumerVersionTags.map((tag) => ({ tag, latest: true }))];
  } else if (!branch && selectors.some((s) => s.matchingBranch === true)) {
    if (!defaulted) {
      throw new UsageError('the matchingBranch selector needs the provider version branch', {
        hint: 'Pass --provider-version-branch <branch> (or run inside a git checkout / CI where the branch can be detected).',
      });
    }
    selectors = selectors.filter((s) => s.matchingBranch !== true);
    notes.push('no provider branch detected: the default {matchingBranch: true} selector was left out');
  }
  if ((v.enablePending || v.includeWipPactsSince) && !branch && v.providerVersionTags.length === 0) {
    throw new UsageError(`${v.includeWipPactsSince ? '--include-wip-pacts-since' : '--enable-pending'} needs the provider version branch`, {
      hint: 'Pending and WIP pacts are computed per provider branch: pass --provider-version-branch <branch> (or --provider-version-tag).',
    });
  }
  return {
    provider: v.provider,
    consumerVersionSelectors: selectors,
    ...(branch ? { providerVersionBranch: branch } : {}),
    providerVersionTags: v.providerVersionTags,
    includePendingStatus: v.enablePending,
    ...(v.includeWipPactsSince ? { includeWipPactsSince: v.includeWipPactsSince } : {}),
  };
}

/**
 * A user's filter pattern, found anywhere in the text (as the reference verifier's Rust regex
 * `is_match`). RE2 (re2js, as the matchers use) runs in time linear in the text whatever the
 * pattern, so `(a+)+$` cannot hang a run the way a backtracking RegExp can.
 */
export function compileFilter(source: string, what: string): TextPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (error) {
    throw new UsageError(`${what}: invalid regular expression '${source}': ${(error as Error).message.replace(/^error parsing regexp: /, '')}`, {
      hint: `${what} takes an RE2 regular expression (the syntax of the reference verifier's Rust regex): no look-around or back-references.`,
    });
  }
  return { source, test: (text) => re.test(text) };
}

/** Flags win over PACT_DESCRIPTION / PACT_PROVIDER_STATE / PACT_PROVIDER_NO_STATE. `only`: --last-failed's set. */
export function filtersFrom(o: VerifyFlags, env: NodeJS.ProcessEnv, only?: InteractionSet): Filters {
  const description = o.filterDescription ?? (env.PACT_DESCRIPTION || undefined);
  const state = o.filterState ?? (env.PACT_PROVIDER_STATE || undefined);
  const noState = o.filterNoState ?? /^(1|true|yes)$/i.test(env.PACT_PROVIDER_NO_STATE ?? '');
  return {
    consumers: o.filterConsumer ?? [],
    ...(description !== undefined ? { description: compileFilter(description, o.filterDescription !== undefined ? '--filter-description' : 'PACT_DESCRIPTION') } : {}),
    ...(state !== undefined ? { state: compileFilter(state, o.filterState !== undefined ? '--filter-state' : 'PACT_PROVIDER_STATE') } : {}),
    noState,
    ...(only ? { only } : {}),
  };
}

/**
 * The matrix: build the query (Rack nested params, as the Ruby client sends them), read the
 * broker's answer into one normalized shape, and explain what is missing when the answer is no,
 * with the command that would fix each gap. Pure: no I/O here.
 */
import { shellQuote } from '../report/shell.js';
import type { IgnoreSelector, VersionSelector } from './selectors.js';

/** Where the selected versions are going. */
export type MatrixTarget =
  | { kind: 'environment'; environment: string }
  | { kind: 'tag'; tag: string }
  /** can-i-merge: against the latest version of each other pacticipant's main branch. */
  | { kind: 'main-branch' }
  | { kind: 'none' };

export interface MatrixQuery {
  selectors: VersionSelector[];
  target: MatrixTarget;
  ignore: IgnoreSelector[];
  limit?: number;
}

const enc = encodeURIComponent;

/** `q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=prod…` (brackets left literal; Rack reads both forms). */
export function matrixQueryString(query: MatrixQuery): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${key}=${enc(value)}`);
  const selector = (prefix: string, s: VersionSelector | IgnoreSelector) => {
    add(`${prefix}[][pacticipant]`, s.pacticipant);
    if (s.version !== undefined) add(`${prefix}[][version]`, s.version);
    const v = s as VersionSelector;
    if (v.latest) add(`${prefix}[][latest]`, 'true');
    if (v.tag !== undefined) add(`${prefix}[][tag]`, v.tag);
    if (v.branch !== undefined) add(`${prefix}[][branch]`, v.branch);
    if (v.mainBranch) add(`${prefix}[][mainBranch]`, 'true');
  };
  for (const s of query.selectors) selector('q', s);
  add('latestby', query.selectors.length === 1 ? 'cvp' : 'cvpv');
  switch (query.target.kind) {
    case 'environment':
      add('environment', query.target.environment);
      break;
    case 'tag':
      add('latest', 'true');
      add('tag', query.target.tag);
      break;
    case 'main-branch':
      add('latest', 'true');
      add('mainBranch', 'true');
      break;
    case 'none':
      if (query.selectors.length === 1) add('latest', 'true');
      break;
  }
  for (const i of query.ignore) selector('ignore', i);
  if (query.limit !== undefined) add('limit', String(query.limit));
  return parts.join('&');
}

export function matrixUrlFor(matrixUrl: string, query: MatrixQuery): string {
  return `${matrixUrl}${matrixUrl.includes('?') ? '&' : '?'}${matrixQueryString(query)}`;
}

// ---- the answer ---------------------------------------------------------------------------------

export interface MatrixVersion {
  number: string;
  branch?: string;
  tags: string[];
}

export interface MatrixRow {
  consumer: { name: string; version: MatrixVersion | null };
  provider: { name: string; version: MatrixVersion | null };
  /** null = not verified (by the provider version in this row, or by any when that is null). */
  verification: { success: boolean; verifiedAt?: string; url?: string } | null;
  pactUrl?: string;
  ignored: boolean;
}

export interface MatrixSummary {
  /** true, false, or null when the answer is unknown (results missing). */
  deployable: boolean | null;
  reason: string;
  success: number;
  failed: number;
  unknown: number;
  ignored?: number;
}

export interface MatrixNotice {
  type: string;
  text: string;
}

export interface MatrixResult {
  summary: MatrixSummary;
  notices: MatrixNotice[];
  rows: MatrixRow[];
}

export type Answer = 'yes' | 'no' | 'unknown';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function readVersion(v: unknown): MatrixVersion | null {
  if (!isObj(v)) return null;
  const number = str(v.number);
  if (number === undefined) return null;
  const tags = Array.isArray(v.tags) ? v.tags.map((t) => (isObj(t) ? str(t.name) : str(t))).filter((t): t is string => !!t) : [];
  const branch = str(v.branch) ?? (Array.isArray(v.branches) ? str((v.branches as unknown[]).at(-1)) : undefined);
  return { number, ...(branch ? { branch } : {}), tags };
}

function selfHref(v: Obj): string | undefined {
  const links = v._links;
  if (!isObj(links)) return undefined;
  const self = links.self;
  return isObj(self) ? str(self.href) : undefined;
}

/** Reads the body of GET /matrix (or /can-i-deploy) into the normalized shape; tolerant of missing fields. */
export function parseMatrixResponse(body: unknown): MatrixResult {
  const b = isObj(body) ? body : {};
  const s = isObj(b.summary) ? b.summary : {};
  const deployable = s.deployable === true ? true : s.deployable === false ? false : null;
  const summary: MatrixSummary = {
    deployable,
    reason: str(s.reason) ?? '',
    success: num(s.success),
    failed: num(s.failed),
    unknown: num(s.unknown),
    ...(typeof s.ignored === 'number' ? { ignored: s.ignored } : {}),
  };
  const notices = (Array.isArray(b.notices) ? b.notices : [])
    .filter(isObj)
    .map((n) => ({ type: str(n.type) ?? 'info', text: str(n.text) ?? '' }))
    .filter((n) => n.text !== '');
  const rows = (Array.isArray(b.matrix) ? b.matrix : []).filter(isObj).map((r): MatrixRow => {
    const consumer = isObj(r.consumer) ? r.consumer : {};
    const provider = isObj(r.provider) ? r.provider : {};
    const vr = isObj(r.verificationResult) ? r.verificationResult : undefined;
    const pact = isObj(r.pact) ? r.pact : undefined;
    const verification =
      vr && typeof vr.success === 'boolean'
        ? {
            success: vr.success,
            ...(str(vr.verifiedAt) ? { verifiedAt: str(vr.verifiedAt) as string } : {}),
            ...(selfHref(vr) ? { url: selfHref(vr) as string } : {}),
          }
        : null;
    const pactUrl = pact ? selfHref(pact) : undefined;
    return {
      consumer: { name: str(consumer.name) ?? '?', version: readVersion(consumer.version) },
      provider: { name: str(provider.name) ?? '?', version: readVersion(provider.version) },
      verification,
      ...(pactUrl ? { pactUrl } : {}),
      ignored: r.ignored === true,
    };
  });
  return { summary, notices, rows };
}

export function answerOf(summary: MatrixSummary): Answer {
  return summary.deployable === true ? 'yes' : summary.deployable === false ? 'no' : 'unknown';
}

/** Worth asking again: not yes, and some results are still missing. */
export function isUnknown(summary: MatrixSummary): boolean {
  return summary.deployable !== true && (summary.deployable === null || summary.unknown > 0);
}

// ---- what is missing ----------------------------------------------------------------------------

export type MissingKind = 'verification-failed' | 'not-verified' | 'not-deployed-or-not-verified' | 'broker-says';

export interface Missing {
  kind: MissingKind;
  consumer?: string;
  consumerVersion?: string;
  provider?: string;
  providerVersion?: string;
  /** One sentence: what is missing. */
  message: string;
  /** Commands (or steps) that would fix it, best first. */
  fixes: string[];
}

/** The command lines suggested in fixes, in one place. */
export const fixCommands = {
  /** With the pact's URL the command verifies exactly that pact, whatever the default selectors pick. */
  verify(provider: string, providerVersion: string | undefined, pactUrl?: string): string {
    const source = pactUrl ? `--pact-url ${shellQuote(pactUrl)}` : `--provider ${shellQuote(provider)}`;
    return `pactship verify ${source}${providerVersion ? ` --provider-app-version ${shellQuote(providerVersion)}` : ''} --publish-verification-results`;
  },
  recordDeployment(pacticipant: string, version: string, environment: string): string {
    return `pactship record-deployment --pacticipant ${shellQuote(pacticipant)} --version ${shellQuote(version)} --environment ${shellQuote(environment)}`;
  },
  tag(pacticipant: string, version: string, tag: string): string {
    return `pactship create-version-tag --pacticipant ${shellQuote(pacticipant)} --version ${shellQuote(version)} --tag ${shellQuote(tag)}`;
  },
};

function targetPhrase(target: MatrixTarget): string {
  switch (target.kind) {
    case 'environment':
      return ` deployed to ${target.environment}`;
    case 'tag':
      return ` tagged ${target.tag}`;
    case 'main-branch':
      return ' from its main branch';
    case 'none':
      return '';
  }
}

/**
 * Each row that stops the deploy, explained, with the commands that would fix it. When the rows
 * explain nothing (the broker said no for another reason), the broker's own error/warning notices
 * (or its reason) are returned, without a command.
 */
export function explainMissing(
  result: MatrixResult,
  query: MatrixQuery,
  /** Versions of unselected providers found in the target environment (when the caller looked them up). */
  inTarget: ReadonlyMap<string, string[]> = new Map(),
): Missing[] {
  if (result.summary.deployable === true) return [];
  const selected = new Map(query.selectors.map((s) => [s.pacticipant, s]));
  const missing: Missing[] = [];
  const seen = new Set<string>();
  for (const row of result.rows) {
    if (row.ignored || row.verification?.success === true) continue;
    const consumer = row.consumer.name;
    const consumerVersion = row.consumer.version?.number;
    const provider = row.provider.name;
    // The row may leave the provider version out when nothing verified; a selector may still name it.
    const providerVersion = row.provider.version?.number ?? selected.get(provider)?.version;
    const cv = consumerVersion ? `${consumer} ${consumerVersion}` : consumer;
    const key = `${consumer}\0${consumerVersion}\0${provider}\0${providerVersion}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const base = { consumer, provider, ...(consumerVersion ? { consumerVersion } : {}), ...(providerVersion ? { providerVersion } : {}) };

    if (row.verification?.success === false) {
      missing.push({
        ...base,
        kind: 'verification-failed',
        message: `${provider}${providerVersion ? ` ${providerVersion}` : ''} failed to verify the pact from ${cv}`,
        fixes: [
          `fix ${provider} (or the expectations of ${consumer}), then verify again and publish the results: ${fixCommands.verify(provider, undefined, row.pactUrl)}`,
          ...(row.verification.url ? [`see the failed result: ${row.verification.url}`] : []),
        ],
      });
      continue;
    }

    if (providerVersion !== undefined) {
      missing.push({
        ...base,
        kind: 'not-verified',
        message: `${provider} ${providerVersion} has not verified the pact from ${cv}`,
        fixes: [
          `verify the pact from ${cv} with ${provider} ${providerVersion} and publish the results: ${fixCommands.verify(provider, providerVersion, row.pactUrl)}`,
        ],
      });
      continue;
    }

    // No provider version in the row: none of the versions the target selects has verified this pact.
    const providerSelected = selected.has(provider);
    const known = inTarget.get(provider);
    if (query.target.kind === 'environment' && !providerSelected && known !== undefined) {
      const env = query.target.environment;
      if (known.length === 0) {
        missing.push({
          ...base,
          kind: 'not-deployed-or-not-verified',
          message: `${provider} has no version deployed or released in ${env}, and ${cv} needs it there`,
          fixes: [
            `deploy a version of ${provider} that verified the pact from ${cv} first, and record it: ${fixCommands.recordDeployment(provider, '<version>', env)}`,
          ],
        });
      } else {
        missing.push({
          ...base,
          kind: 'not-verified',
          message: `${provider} ${known.join(', ')} (in ${env}) has not verified the pact from ${cv}`,
          fixes: known.map((v) => `verify the pact from ${cv} with ${provider} ${v} and publish the results: ${fixCommands.verify(provider, v, row.pactUrl)}`),
        });
      }
    } else if (query.target.kind === 'environment' && !providerSelected) {
      const env = query.target.environment;
      missing.push({
        ...base,
        kind: 'not-deployed-or-not-verified',
        message: `no version of ${provider} recorded as deployed to ${env} has verified the pact from ${cv}`,
        fixes: [
          `verify the pact from ${cv} with the version of ${provider} that runs in ${env}: ${fixCommands.verify(provider, '<version in ' + env + '>', row.pactUrl)}`,
          `or, if a version of ${provider} that verified it is deployed to ${env} but was not recorded: ${fixCommands.recordDeployment(provider, '<that version>', env)}`,
        ],
      });
    } else if (query.target.kind === 'tag' && !providerSelected) {
      const tag = query.target.tag;
      missing.push({
        ...base,
        kind: 'not-deployed-or-not-verified',
        message: `the latest version of ${provider} tagged ${tag} has not verified the pact from ${cv}`,
        fixes: [
          `verify the pact from ${cv} with that version of ${provider}: ${fixCommands.verify(provider, '<version tagged ' + tag + '>', row.pactUrl)}`,
          `or tag a version of ${provider} that verified it: ${fixCommands.tag(provider, '<that version>', tag)}`,
        ],
      });
    } else {
      const which = providerSelected ? '' : targetPhrase(query.target);
      missing.push({
        ...base,
        kind: 'not-verified',
        message: `${providerSelected ? provider : `the latest version of ${provider}${which}`} has not verified the pact from ${cv}`,
        fixes: [`verify the pact from ${cv} and publish the results: ${fixCommands.verify(provider, undefined, row.pactUrl)}`],
      });
    }
  }
  if (missing.length === 0) {
    const said = result.notices.filter((n) => n.type === 'error' || n.type === 'warning' || n.type === 'danger');
    const texts = said.length > 0 ? said.map((n) => n.text) : result.summary.reason ? [result.summary.reason] : [];
    for (const text of texts) missing.push({ kind: 'broker-says', message: text, fixes: [] });
  }
  return missing;
}

/**
 * doctor: gather facts (config, one GET of the index, optionally the provider), then evaluate
 * them into a checklist. `evaluateDoctor` is pure: facts in, checks out.
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerHttpError, BrokerResponseError } from '../broker/errors.js';
import { NetworkError, PactshipError } from '../errors.js';

export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail' | 'skip';

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  message: string;
  details?: string[];
  hint?: string;
}

/** Which index relations each pactship feature needs: every group of `allOf`, and one of `anyOf` when given. */
export interface FeatureNeed {
  feature: string;
  commands: string[];
  allOf?: string[];
  anyOf?: string[];
}

export const FEATURE_NEEDS: readonly FeatureNeed[] = [
  { feature: 'publish pacts', commands: ['publish'], anyOf: ['pb:publish-contracts', 'pb:publish-pact'] },
  { feature: 'fetch pacts for verification', commands: ['verify'], allOf: ['pb:provider-pacts-for-verification'] },
  { feature: 'can-i-deploy / can-i-merge (the matrix, under the index self link)', commands: ['can-i-deploy', 'can-i-merge'], allOf: ['self'] },
  {
    feature: 'record deployments and releases',
    commands: ['record-deployment', 'record-undeployment', 'record-release', 'record-support-ended'],
    allOf: ['pb:pacticipant-version', 'pb:environments'],
  },
  {
    feature: 'environments',
    commands: ['create-environment', 'update-environment', 'describe-environment', 'list-environments', 'delete-environment'],
    allOf: ['pb:environments', 'pb:environment'],
  },
  { feature: 'pacticipants', commands: ['create-or-update-pacticipant', 'describe-pacticipant', 'list-pacticipants'], allOf: ['pb:pacticipants', 'pb:pacticipant'] },
  {
    feature: 'versions, branches and tags',
    commands: ['create-version-tag', 'describe-version', 'create-or-update-version'],
    allOf: ['pb:pacticipant-version', 'pb:pacticipant-version-tag', 'pb:pacticipant-branch-version', 'pb:latest-version'],
  },
];

export interface ConfigFacts {
  /** Config file loaded, if any. */
  file?: string;
  /** The config could not be loaded or is invalid. */
  error?: { message: string; details: string[]; hint?: string };
  baseUrl?: string;
  baseUrlSource?: string;
  auth: { kind: 'bearer' | 'basic' | 'none'; source?: string };
  /** Set when a verify section is configured. */
  provider?: { baseUrl: string; source: string; start?: string };
}

export type IndexFacts =
  | {
      ok: true;
      status: number;
      brokerVersion?: string;
      date?: string;
      selfHref?: string;
      relations: string[];
      /** Local clock (ms) when the answer arrived. */
      receivedAt: number;
      elapsedMs: number;
    }
  | { ok: false; kind: 'network' | 'http' | 'response' | 'other'; status?: number; message: string; hint?: string; brokerVersion?: string };

export type ProviderFacts = { reachable: true; status: number } | { reachable: false; message: string };

export interface DoctorFacts {
  config: ConfigFacts;
  /** Absent when there was no base URL to call. */
  index?: IndexFacts;
  provider?: ProviderFacts;
}

export interface DoctorReport {
  ok: boolean;
  checks: Check[];
}

/** Clock skew above this is worth a warning (the Date header has one-second resolution). */
export const CLOCK_SKEW_WARN_MS = 60_000;

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export function evaluateDoctor(facts: DoctorFacts): DoctorReport {
  const checks: Check[] = [];
  const { config } = facts;

  // 1. config
  if (config.error) {
    checks.push({ id: 'config', title: 'configuration', status: 'fail', message: config.error.message, details: config.error.details, ...(config.error.hint ? { hint: config.error.hint } : {}) });
  } else {
    const details = [`config file: ${config.file ?? '(none found)'}`];
    if (config.baseUrl) details.push(`broker.baseUrl = ${config.baseUrl} (from ${config.baseUrlSource ?? 'unknown'})`);
    details.push(`auth: ${config.auth.kind === 'none' ? 'none configured' : `${config.auth.kind === 'bearer' ? 'bearer token' : 'username/password'} from ${config.auth.source ?? 'unknown'}`}`);
    if (!config.baseUrl) {
      checks.push({
        id: 'config',
        title: 'configuration',
        status: 'fail',
        message: 'no Pact Broker base URL configured',
        details,
        hint: 'Pass --broker-base-url, set PACT_BROKER_BASE_URL, or set broker.baseUrl in the config file.',
      });
    } else {
      checks.push({ id: 'config', title: 'configuration', status: 'ok', message: `broker ${config.baseUrl}`, details });
    }
  }

  const index = facts.index;
  const skipped = (id: string, title: string, why: string) => checks.push({ id, title, status: 'skip', message: why });

  // 2. reachability and 3. auth
  if (!index) {
    for (const [id, title] of BROKER_CHECKS) skipped(id, title, 'no broker to ask');
  } else if (!index.ok && index.kind === 'network') {
    checks.push({ id: 'reachable', title: 'broker reachable', status: 'fail', message: index.message, ...(index.hint ? { hint: index.hint } : {}) });
    for (const [id, title] of BROKER_CHECKS.slice(1)) skipped(id, title, 'the broker could not be reached');
  } else if (!index.ok && (index.status === 401 || index.status === 403)) {
    checks.push({ id: 'reachable', title: 'broker reachable', status: 'ok', message: `the broker answered (HTTP ${index.status})` });
    const none = config.auth.kind === 'none';
    checks.push({
      id: 'auth',
      title: 'authentication',
      status: 'fail',
      message:
        index.status === 401
          ? none
            ? 'the broker requires credentials and none were given'
            : `the broker rejected the ${config.auth.kind === 'bearer' ? 'bearer token' : 'username/password'} (from ${config.auth.source ?? 'unknown'})`
          : 'the credentials are valid but may not read the index (HTTP 403)',
      hint: none
        ? 'Set PACT_BROKER_TOKEN (or --broker-token), or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD (or --broker-username/--broker-password).'
        : 'Check the token or username/password, and that they belong to this broker.',
    });
    if (index.brokerVersion) checks.push(brokerVersionCheck(index.brokerVersion));
    else skipped('broker-version', 'broker version', 'the index could not be read');
    for (const [id, title] of BROKER_CHECKS.slice(3)) skipped(id, title, 'the index could not be read');
  } else if (!index.ok) {
    checks.push({ id: 'reachable', title: 'broker reachable', status: 'ok', message: index.status ? `the server answered (HTTP ${index.status})` : 'the server answered' });
    checks.push({
      id: 'index',
      title: 'broker index',
      status: 'fail',
      message: index.message,
      hint: index.hint ?? 'Check that the base URL points at the Pact Broker index (including any path prefix).',
    });
    for (const [id, title] of BROKER_CHECKS.slice(2)) skipped(id, title, 'the index could not be read');
  } else {
    checks.push({ id: 'reachable', title: 'broker reachable', status: 'ok', message: `index answered HTTP ${index.status} in ${Math.round(index.elapsedMs)} ms` });
    checks.push({
      id: 'auth',
      title: 'authentication',
      status: config.auth.kind === 'none' ? 'info' : 'ok',
      message:
        config.auth.kind === 'none'
          ? 'anonymous: no credentials configured, and the broker allows anonymous reads (writes may still need credentials)'
          : `${config.auth.kind === 'bearer' ? 'bearer token' : 'username/password'} accepted`,
    });
    checks.push(index.brokerVersion ? brokerVersionCheck(index.brokerVersion) : {
      id: 'broker-version',
      title: 'broker version',
      status: 'warn',
      message: 'no X-Pact-Broker-Version header: this may not be a Pact Broker, or a proxy strips the header',
    });
    checks.push(selfCheck(config.baseUrl ?? '', index.selfHref));
    checks.push(...relationChecks(index.relations));
    checks.push(clockCheck(index.date, index.receivedAt));
  }

  // provider
  if (config.provider) {
    const p = facts.provider;
    if (!p) {
      checks.push({ id: 'provider', title: 'provider base URL', status: 'skip', message: `${config.provider.baseUrl} was not checked` });
    } else if (p.reachable) {
      checks.push({ id: 'provider', title: 'provider base URL', status: 'ok', message: `${config.provider.baseUrl} answered HTTP ${p.status}`, details: [`from ${config.provider.source}`] });
    } else if (config.provider.start) {
      checks.push({
        id: 'provider',
        title: 'provider base URL',
        status: 'info',
        message: `${config.provider.baseUrl} is not answering now (${p.message}); verify starts the provider with: ${config.provider.start}`,
      });
    } else {
      checks.push({
        id: 'provider',
        title: 'provider base URL',
        status: 'warn',
        message: `${config.provider.baseUrl} is not answering (${p.message})`,
        details: [`from ${config.provider.source}`],
        hint: 'Start the provider before running verify, or set verify.providerStart so pactship starts it.',
      });
    }
  }

  return { ok: !checks.some((c) => c.status === 'fail'), checks };
}

const BROKER_CHECKS: [string, string][] = [
  ['reachable', 'broker reachable'],
  ['auth', 'authentication'],
  ['broker-version', 'broker version'],
  ['self', 'index self link'],
  ['relations', 'index relations'],
  ['clock', 'clock skew'],
];

function brokerVersionCheck(version: string): Check {
  return { id: 'broker-version', title: 'broker version', status: 'ok', message: `Pact Broker ${version}` };
}

function selfCheck(baseUrl: string, selfHref: string | undefined): Check {
  if (!selfHref) {
    return { id: 'self', title: 'index self link', status: 'warn', message: 'the index has no self link; can-i-deploy builds the matrix URL from the configured base URL instead' };
  }
  if (trimSlash(selfHref) === trimSlash(baseUrl)) {
    return { id: 'self', title: 'index self link', status: 'ok', message: `matches the configured base URL (${trimSlash(baseUrl)})` };
  }
  return {
    id: 'self',
    title: 'index self link',
    status: 'fail',
    message: `the broker says its base URL is ${trimSlash(selfHref)}, but it was called as ${trimSlash(baseUrl)}: every link it returns points there`,
    hint: 'Use the broker\'s own base URL, or fix the broker/proxy configuration (PACT_BROKER_BASE_URL on the broker, X-Forwarded-Host/Proto/Port from the proxy).',
  };
}

/** One check listing the relations; a failing one per feature whose relations are missing. */
export function relationChecks(relations: readonly string[]): Check[] {
  const present = new Set(relations);
  const pb = relations.filter((r) => r.startsWith('pb:'));
  const checks: Check[] = [];
  const blocked: string[] = [];
  const notes: string[] = [];
  for (const need of FEATURE_NEEDS) {
    const missingAll = (need.allOf ?? []).filter((r) => !present.has(r));
    const anyOk = !need.anyOf || need.anyOf.some((r) => present.has(r));
    if (missingAll.length > 0 || !anyOk) {
      const missing = [...missingAll, ...(anyOk ? [] : [`one of ${need.anyOf?.join(' / ')}`])];
      blocked.push(`${need.feature} (${need.commands.join(', ')}): missing ${missing.join(', ')}`);
    } else if (need.anyOf && need.anyOf[0] && !present.has(need.anyOf[0])) {
      notes.push(`${need.feature}: no ${need.anyOf[0]}, using ${need.anyOf.find((r) => present.has(r))} (older broker)`);
    }
  }
  checks.push({
    id: 'relations',
    title: 'index relations',
    status: blocked.length > 0 ? 'fail' : 'ok',
    message:
      blocked.length > 0
        ? `${blocked.length} pactship feature${blocked.length === 1 ? '' : 's'} cannot work with this broker's index`
        : `${pb.length} pb: relations; every pactship feature has what it needs`,
    details: [...blocked, ...notes, `present: ${pb.length ? pb.join(', ') : '(none)'}`],
    ...(blocked.length > 0 ? { hint: 'The broker may be too old for these features (environments need 2.80+, publish-contracts 2.86+), or the base URL is not a Pact Broker index.' } : {}),
  });
  return checks;
}

export function clockCheck(dateHeader: string | undefined, localMs: number): Check {
  if (!dateHeader) return { id: 'clock', title: 'clock skew', status: 'skip', message: 'the broker sent no Date header' };
  const remote = Date.parse(dateHeader);
  if (Number.isNaN(remote)) return { id: 'clock', title: 'clock skew', status: 'warn', message: `unreadable Date header '${dateHeader}'` };
  const skew = localMs - remote;
  const seconds = Math.round(Math.abs(skew) / 1000);
  const direction = skew > 0 ? 'ahead of' : 'behind';
  if (Math.abs(skew) <= CLOCK_SKEW_WARN_MS) {
    return { id: 'clock', title: 'clock skew', status: 'ok', message: seconds <= 1 ? 'local clock agrees with the broker' : `local clock is ${seconds} s ${direction} the broker` };
  }
  return {
    id: 'clock',
    title: 'clock skew',
    status: 'warn',
    message: `local clock is ${seconds} s ${direction} the broker's`,
    hint: 'Sync the clock (NTP): WIP-pact dates, result timestamps and token expiry checks depend on it.',
  };
}

// ---- fact gathering (I/O) ------------------------------------------------------------------------

export interface GatherOptions {
  client: BrokerClient | undefined;
  config: ConfigFacts;
  now?: () => number;
  /** Probe the provider base URL: resolves to an HTTP status or rejects. */
  probeProvider?: (url: string) => Promise<number>;
}

export async function gatherDoctorFacts(o: GatherOptions): Promise<DoctorFacts> {
  const now = o.now ?? Date.now;
  const facts: DoctorFacts = { config: o.config };
  if (o.client) facts.index = await readIndex(o.client, now);
  if (o.config.provider && o.probeProvider) {
    try {
      facts.provider = { reachable: true, status: await o.probeProvider(o.config.provider.baseUrl) };
    } catch (error) {
      facts.provider = { reachable: false, message: describeProbeError(error) };
    }
  }
  return facts;
}

async function readIndex(client: BrokerClient, now: () => number): Promise<IndexFacts> {
  const started = now();
  try {
    const res = await client.get(client.baseUrl);
    const receivedAt = now();
    const facts: IndexFacts = { ok: true, status: res.status, relations: res.relations, receivedAt, elapsedMs: receivedAt - started };
    const version = res.headers.get('x-pact-broker-version');
    const date = res.headers.get('date');
    const self = res.links('self')[0]?.href;
    if (version) facts.brokerVersion = version;
    if (date) facts.date = date;
    if (self) facts.selfHref = self;
    return facts;
  } catch (error) {
    if (error instanceof NetworkError) return { ok: false, kind: 'network', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    if (error instanceof BrokerHttpError) return { ok: false, kind: 'http', status: error.status, message: error.message };
    if (error instanceof BrokerResponseError) return { ok: false, kind: 'response', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    if (error instanceof PactshipError) return { ok: false, kind: 'other', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    throw error;
  }
}

function describeProbeError(error: unknown): string {
  const err = error as { cause?: { code?: string; message?: string }; code?: string; message?: string; name?: string };
  const code = err.cause?.code ?? err.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'no answer in time';
  return err.cause?.message ?? err.message ?? String(error);
}

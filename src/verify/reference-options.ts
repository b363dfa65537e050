/**
 * The reference verifier's command line (`pact verifier …`, `pact_verifier_cli …`) on
 * `pactship verify`: its option names and environment variables become pactship's options, so a CI
 * script can swap the binary's name and keep its arguments. Each alias means what it means there;
 * where it names a setting pactship has under another name, giving both with different values is
 * a usage error, and lists add up. Flags beat the reference's env vars, which beat the config file.
 *
 * Deliberate differences are documented in `pactship verify --help` and the README; the main ones:
 * `-u` is --broker-username here (a URL given to it is taken as --url), `-p` is --broker-password
 * (the port is --port), `-h` is help, `-v` is --verbose.
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { findPactFiles } from '../files/find-pacts.js';
import type { ResolvedConfig } from '../config/types.js';
import type { VerifyFlags } from './selection.js';

/** Options of `pact verifier` that pactship spells differently (commander attribute names). */
export interface ReferenceFlags {
  file?: string[];
  dir?: string[];
  url?: string[];
  brokerUrl?: string;
  webhookCallbackUrl?: string;
  ignoreNoPactsError?: boolean;
  user?: string;
  password?: string;
  token?: string;
  hostname?: string;
  port?: number;
  transport?: string;
  scheme?: string;
  transports?: string[];
  providerName?: string;
  basePath?: string;
  requestTimeout?: number;
  publish?: boolean;
  providerVersion?: string;
  providerBranch?: string;
  providerTags?: string[];
  consumerVersionTags?: string[];
  consumerVersionSelectors?: string[];
  /** Accepted and ignored: they only make sense for the Rust build. */
  loglevel?: string;
  logLevel?: string;
  prettyLog?: boolean;
  fullLog?: boolean;
  compactLog?: boolean;
  xslt?: string;
  enableOtel?: boolean;
  enableOtelLogs?: boolean;
  enableOtelTraces?: boolean;
  otelExporter?: string;
  otelExporterEndpoint?: string;
  otelExporterProtocol?: string;
}

/** pactship's broker options as `verify` declares them (`-u` collects: a URL there is a pact URL). */
export interface BrokerOptionValues {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string | string[];
  brokerPassword?: string;
  skipSslVerification?: boolean;
}

export type CommandOptions = VerifyFlags & ReferenceFlags & BrokerOptionValues;

/** What the command line means in pactship's terms. */
export interface Translated {
  /** pactship's own option names, ready for `brokerFlagEntries` and `verifyFlagEntries`. */
  flags: VerifyFlags & Omit<BrokerOptionValues, 'brokerUsername'> & { brokerUsername?: string };
  /** Option names for messages, by config path, where a reference option or env var set the value. */
  names: Record<string, string>;
  /** Applied after the config is loaded, only to settings nothing set (the reference's defaults). */
  defaults: [path: string, value: unknown, why: string][];
  reports: { json?: string; junit?: string; html?: string };
  /** Printed before the run (ignored options, skipped pact files). */
  notes: string[];
  /** Shown with --verbose. */
  debug: string[];
}

/** Rust-only options: accepted with a note (commander attribute → how to spell it). */
const IGNORED: [keyof ReferenceFlags, string][] = [
  ['loglevel', '--loglevel'],
  ['logLevel', '--log-level'],
  ['prettyLog', '--pretty-log'],
  ['fullLog', '--full-log'],
  ['compactLog', '--compact-log'],
  ['xslt', '--xslt'],
  ['enableOtel', '--enable-otel'],
  ['enableOtelLogs', '--enable-otel-logs'],
  ['enableOtelTraces', '--enable-otel-traces'],
  ['otelExporter', '--otel-exporter'],
  ['otelExporterEndpoint', '--otel-exporter-endpoint'],
  ['otelExporterProtocol', '--otel-exporter-protocol'],
];

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** clap's FalseyValueParser: these mean false, anything else true. */
export function envFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return !/^(|n|no|f|false|off|0)$/i.test(value.trim());
}

/** `-H NAME=value` (the reference's form) → `NAME: value`; `Name: value` stays. */
export function headerFlag(value: string): string {
  const colon = value.indexOf(':');
  const equals = value.indexOf('=');
  if (equals > 0 && (colon === -1 || equals < colon)) return `${value.slice(0, equals)}: ${value.slice(equals + 1)}`;
  return value;
}

/** `http:8080`, `message:8081/messages`: the reference's TRANSPORT:PORT[/path]. */
export interface Transport {
  name: string;
  port: number;
  path?: string;
}

export function parseTransport(value: string): Transport {
  const m = /^(\w+):(\d+)(\/\S*)?$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError(`--transports '${value}': expected TRANSPORT:PORT[/path], e.g. http:8080 or message:8081/messages`);
  }
  return { name: (m[1] as string).toLowerCase(), port, ...(m[3] ? { path: m[3] } : {}) };
}

function hostPart(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function joinPath(path: string | undefined): string {
  if (!path) return '';
  return path.startsWith('/') ? path.replace(/\/+$/, '') : `/${path.replace(/\/+$/, '')}`;
}

/**
 * The reference's provider address: transport://hostname[:port][base path], localhost and the
 * scheme's default port when not given; an http/https entry of --transports gives scheme, port and
 * path; a `message` entry gives the message URL (else messages go to the provider URL, as there).
 */
export function providerAddress(p: { hostname?: string; port?: number; transport?: string; basePath?: string; transports: Transport[] }, notes: string[]): {
  providerBaseUrl: string;
  messageUrl?: string;
} {
  const host = hostPart(p.hostname ?? 'localhost');
  let scheme = (p.transport ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    notes.push(`--transport ${scheme}: pactship verifies HTTP and message interactions only (no plugin transports); using http`);
    scheme = 'http';
  }
  let port = p.port;
  let path = joinPath(p.basePath);
  let messageUrl: string | undefined;
  for (const t of p.transports) {
    if (t.name === 'http' || t.name === 'https') {
      scheme = t.name;
      port = t.port;
      if (t.path) path = joinPath(t.path);
    } else if (t.name === 'message') {
      messageUrl = `http://${host}:${t.port}${t.path ?? '/'}`;
    } else {
      notes.push(`--transports ${t.name}:${t.port}: ignored (a plugin transport; pactship verifies HTTP and message interactions only)`);
    }
  }
  const providerBaseUrl = `${scheme}://${host}${port !== undefined ? `:${port}` : ''}${path}`;
  try {
    new URL(providerBaseUrl);
  } catch {
    throw new UsageError(`--hostname/--port/--base-path make an invalid provider URL: ${providerBaseUrl}`);
  }
  return { providerBaseUrl, messageUrl: messageUrl ?? `${providerBaseUrl}${path ? '' : '/'}` };
}

function intEnv(env: NodeJS.ProcessEnv, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > max) throw new UsageError(`${name} must be a ${max === 65535 ? 'port number' : 'non-negative integer'}, got '${raw}'`);
  return n;
}

/** A pact file's provider name without parsing the pact (undefined when it cannot tell). */
async function providerOf(file: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as { provider?: { name?: unknown } };
    return typeof json?.provider?.name === 'string' ? json.provider.name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `-d <dir>` as the reference reads it: the directory's own *.json files (not its subdirectories),
 * and, when a provider name is known, only the pacts for that provider.
 */
async function dirPacts(dirs: string[], provider: string | undefined, cwd: string, notes: string[]): Promise<string[]> {
  const files = await findPactFiles(dirs, { cwd, recursive: false });
  if (!provider) return files;
  const kept: string[] = [];
  for (const file of files) {
    const name = await providerOf(file);
    if (name === undefined || name === provider) kept.push(file);
    else notes.push(`-d: skipped ${file}: its provider is '${name}', not '${provider}'`);
  }
  return kept;
}

/** One setting under two names: both given and different is a usage error. */
function pick<T>(a: [name: string, value: T | undefined], b: [name: string, value: T | undefined]): T | undefined {
  if (a[1] !== undefined && b[1] !== undefined && JSON.stringify(a[1]) !== JSON.stringify(b[1])) {
    throw new UsageError(`${a[0]} and ${b[0]} name the same setting with different values`, { hint: `Pass one of them.` });
  }
  return a[1] ?? b[1];
}

/** The object without its undefined values (optional properties stay absent). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const list = (...parts: (string[] | undefined)[]) => {
  const all = parts.flatMap((p) => p ?? []);
  return all.length ? all : undefined;
};
const commaList = (values: string[] | undefined) => list(values?.flatMap((v) => v.split(',').map((s) => s.trim()).filter(Boolean)));

export async function translateReferenceOptions(o: CommandOptions, env: NodeJS.ProcessEnv, cwd: string): Promise<Translated> {
  const notes: string[] = [];
  const debug: string[] = [];
  const names: Record<string, string> = {};
  const defaults: Translated['defaults'] = [];

  const ignored = IGNORED.filter(([key]) => o[key] !== undefined).map(([, flag]) => flag);
  if (ignored.length) notes.push(`ignored ${ignored.join(', ')}: only the Rust verifier has ${ignored.length === 1 ? 'it' : 'them'} (use --verbose for a detailed log)`);

  // -u: --broker-username in pactship, --url in the reference; a URL can only be the latter.
  const usernames = [o.brokerUsername ?? []].flat();
  const urlsFromU = usernames.filter(isUrl);
  const users = [...new Set(usernames.filter((u) => !isUrl(u)))];
  if (users.length > 1) throw new UsageError('-u/--broker-username was given more than one username');
  if (urlsFromU.length) debug.push(`-u ${urlsFromU.join(' ')}: a URL, so a pact URL (--url) as in the reference verifier`);
  const brokerUsername = pick(['--broker-username', users[0]], ['--user', o.user]);
  const brokerPassword = pick(['--broker-password', o.brokerPassword], ['--password', o.password]);
  const brokerToken = pick(['--broker-token', o.brokerToken], ['--token', o.token]);
  if (brokerPassword !== undefined && /^\d{1,5}$/.test(brokerPassword) && !brokerUsername && !env.PACT_BROKER_USERNAME) {
    throw new UsageError('-p/--broker-password was given without a broker username, and its value looks like a port number', {
      hint: "In pactship -p means --broker-password; the reference verifier's -p (the provider port) is --port here: --port <port>.",
    });
  }

  // Where the provider listens: --provider-base-url, or the reference's parts (flags, else env).
  const transports = (o.transports ?? []).flatMap((v) => v.split(/\s+/).filter(Boolean)).map(parseTransport);
  const partFlags = { hostname: o.hostname, port: o.port, transport: pick(['--transport', o.transport], ['--scheme', o.scheme]), basePath: o.basePath };
  const partFlagGiven = Object.values(partFlags).some((v) => v !== undefined) || transports.length > 0;
  if (partFlagGiven && o.providerBaseUrl !== undefined) {
    throw new UsageError('--provider-base-url and --hostname/--port/--transport(s)/--base-path both say where the provider is', {
      hint: 'Pass either --provider-base-url <url> or the reference verifier options, not both.',
    });
  }
  const parts = {
    hostname: partFlags.hostname ?? (env.PACT_PROVIDER_HOSTNAME || undefined),
    port: partFlags.port ?? intEnv(env, 'PACT_PROVIDER_PORT', 65535),
    transport: partFlags.transport ?? (env.PACT_PROVIDER_TRANSPORT || undefined),
    basePath: partFlags.basePath ?? (env.PACT_PROVIDER_BASE_PATH || undefined),
    transports,
  };
  let providerBaseUrl = o.providerBaseUrl;
  let messageUrl = o.messageUrl;
  if (providerBaseUrl === undefined && (partFlagGiven || Object.values(parts).some((v) => v !== undefined && !Array.isArray(v)))) {
    const address = providerAddress(parts, notes);
    providerBaseUrl = address.providerBaseUrl;
    names['verify.providerBaseUrl'] = partFlagGiven ? '--hostname/--port/--transport(s)/--base-path' : 'PACT_PROVIDER_HOSTNAME/PORT/TRANSPORT/BASE_PATH';
    debug.push(`provider URL ${providerBaseUrl} (from ${names['verify.providerBaseUrl']})`);
    if (messageUrl === undefined && address.messageUrl) {
      // The reference posts message requests to its message transport, else to the provider URL.
      defaults.push(['verify.messageUrl', address.messageUrl, 'where the reference verifier sends message requests']);
    }
  }

  // Which provider, and where the pacts come from.
  const providerFlag = pick(['--provider', o.provider], ['-n/--provider-name', o.providerName]);
  const provider = providerFlag ?? (env.PACT_PROVIDER_NAME || undefined);
  if (providerFlag === undefined && provider !== undefined) names['verify.provider'] = 'PACT_PROVIDER_NAME';
  const brokerBaseUrl = pick(['-b/--broker-base-url', o.brokerBaseUrl], ['--broker-url', o.brokerUrl]);

  const webhook = o.webhookCallbackUrl ?? (env.PACT_WEBHOOK_CALLBACK_URL || undefined);
  const flagSources = list(o.pact, o.pactUrl, o.file, o.dir, o.url, urlsFromU);
  if (o.webhookCallbackUrl !== undefined && flagSources) {
    throw new UsageError('--webhook-callback-url verifies just the pact of the webhook: it does not combine with -f/-d/-u/--pact/--pact-url');
  }
  const useWebhook = webhook !== undefined && !flagSources;
  if (webhook !== undefined && !useWebhook) debug.push('PACT_WEBHOOK_CALLBACK_URL ignored: pact sources were given on the command line');
  const pactUrl = list(o.pactUrl, o.url, urlsFromU, useWebhook ? [webhook as string] : undefined);
  const pact = list(o.pact, o.file, o.dir?.length ? await dirPacts(o.dir, provider, cwd, notes) : undefined);
  if (o.dir?.length && !list(o.pact, o.file, pactUrl) && pact === undefined) {
    throw new UsageError(`-d ${o.dir.join(' ')}: no pact for provider '${provider}' in ${o.dir.length === 1 ? 'this directory' : 'these directories'}`, {
      hint: 'Check -n/--provider-name, or the directory.',
    });
  }

  // The reference verifier with a broker and no selectors or tags verifies the latest pact of each consumer.
  const consumerVersionSelector = list(o.consumerVersionSelector, o.consumerVersionSelectors);
  const consumerVersionTag = list(o.consumerVersionTag, commaList(o.consumerVersionTags));
  const referenceBroker = o.provider === undefined && provider !== undefined;
  if (referenceBroker && !consumerVersionSelector && !consumerVersionTag) {
    defaults.push(['verify.consumerVersionSelectors', [{ latest: true }], 'the latest pact of each consumer, as the reference verifier selects with -n/--provider-name']);
  }
  // The reference sends --user/--password/--token to the pact URLs it fetches; pactship only to the broker's
  // origin. With those flags, pact URLs and no broker, the pact URLs' host is taken as the broker.
  const referenceAuth = o.user !== undefined || o.password !== undefined || o.token !== undefined;
  const firstUrl = pactUrl?.[0];
  if (referenceAuth && firstUrl && brokerBaseUrl === undefined) {
    defaults.push(['broker.baseUrl', new URL(firstUrl).origin, 'credentials given with --user/--password/--token go to the pact URL’s host']);
  }

  const stateChangeUrl = o.stateChangeUrl ?? (env.PACT_PROVIDER_STATE_CHANGE_URL || undefined);
  if (o.stateChangeUrl === undefined && stateChangeUrl !== undefined) names['verify.stateChangeUrl'] = 'PACT_PROVIDER_STATE_CHANGE_URL';
  const timeout = pick(['--timeout', o.timeout], ['--request-timeout', o.requestTimeout]) ?? intEnv(env, 'PACT_PROVIDER_REQUEST_TIMEOUT');
  const asQuery = o.stateChangeAsQuery ?? envFlag(env.PACT_PROVIDER_STATE_CHANGE_AS_QUERY);
  const teardown = o.stateChangeTeardown ?? envFlag(env.PACT_PROVIDER_STATE_CHANGE_TEARDOWN);
  const failIfNoPacts = pick(['--no-fail-if-no-pacts', o.failIfNoPacts === false ? false : undefined], ['--ignore-no-pacts-error', o.ignoreNoPactsError ? false : undefined]) ?? o.failIfNoPacts;

  const flags = defined({
    ...o,
    ...(pact ? { pact } : {}),
    ...(pactUrl ? { pactUrl } : {}),
    ...(providerBaseUrl !== undefined ? { providerBaseUrl } : {}),
    ...(provider !== undefined ? { provider } : {}),
    ...(consumerVersionSelector ? { consumerVersionSelector } : {}),
    ...(consumerVersionTag ? { consumerVersionTag } : {}),
    ...(stateChangeUrl !== undefined ? { stateChangeUrl } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    ...(asQuery !== undefined ? { stateChangeAsQuery: asQuery } : {}),
    ...(teardown !== undefined ? { stateChangeTeardown: teardown } : {}),
    ...(failIfNoPacts !== undefined ? { failIfNoPacts } : {}),
    ...(o.header ? { header: o.header.map(headerFlag) } : {}),
    ...(o.disableSslVerification ? { skipSslVerification: true } : {}),
    publishVerificationResults: pick(['--publish-verification-results', o.publishVerificationResults], ['--publish', o.publish]),
    providerAppVersion: pick(['-a/--provider-app-version', o.providerAppVersion], ['--provider-version', o.providerVersion]),
    providerVersionBranch: pick(['--provider-version-branch', o.providerVersionBranch], ['--provider-branch', o.providerBranch]),
    providerVersionTag: list(o.providerVersionTag, commaList(o.providerTags)),
    brokerBaseUrl,
    brokerToken,
    brokerUsername,
    brokerPassword,
  }) as Translated['flags'];
  for (const [path, name, used] of [
    ['verify.provider', '-n/--provider-name', o.providerName !== undefined],
    ['verify.timeoutMs', o.timeout === undefined && o.requestTimeout === undefined ? 'PACT_PROVIDER_REQUEST_TIMEOUT' : '--request-timeout', o.timeout === undefined && timeout !== undefined],
    ['broker.baseUrl', '--broker-url', o.brokerUrl !== undefined],
    ['verify.providerVersion', '--provider-version', o.providerVersion !== undefined],
    ['verify.providerVersionBranch', '--provider-branch', o.providerBranch !== undefined],
    ['verify.consumerVersionSelectors', '--consumer-version-selectors', o.consumerVersionSelectors !== undefined],
    ['verify.stateChangeAsQuery', 'PACT_PROVIDER_STATE_CHANGE_AS_QUERY', o.stateChangeAsQuery === undefined && asQuery !== undefined],
    ['verify.stateChangeTeardown', 'PACT_PROVIDER_STATE_CHANGE_TEARDOWN', o.stateChangeTeardown === undefined && teardown !== undefined],
  ] as const) {
    if (used) names[path] = name;
  }
  const reports = {
    json: o.json ?? (env.PACT_VERIFIER_JSON_REPORT || undefined),
    junit: o.junit ?? (env.PACT_VERIFIER_JUNIT_REPORT || undefined),
    html: o.html ?? (env.PACT_VERIFIER_HTML_REPORT || undefined),
  };
  return { flags, names, defaults, reports: defined(reports), notes, debug };
}

/**
 * The reference's defaults, applied to what the flags, env and config file left at pactship's
 * default (or unset). Returns what it changed, for --verbose. The source stays "default", so, as
 * with pactship's own defaults, tags replace default selectors rather than add to them.
 */
export function applyDefaults(resolved: ResolvedConfig, defaults: Translated['defaults']): string[] {
  const applied: string[] = [];
  for (const [dotted, value, why] of defaults) {
    if ((resolved.sources.get(dotted)?.kind ?? 'default') !== 'default') continue;
    const [section, key] = dotted.split('.') as [keyof ResolvedConfig['config'], string];
    (resolved.config[section] as unknown as Record<string, unknown>)[key] = value;
    resolved.sources.set(dotted, { kind: 'default' });
    applied.push(`${dotted} = ${JSON.stringify(value)}: ${why}`);
  }
  return applied;
}

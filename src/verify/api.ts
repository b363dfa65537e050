/**
 * `import { verify } from 'pactship'`: the whole of `pactship verify` as a call. The options are
 * the `verify` config section (plus the broker's); they are layered over the config file and
 * PACT_* env exactly like command-line flags. Prints nothing unless given a reporter or a stream;
 * never exits the process; throws typed errors only when the run could not happen.
 */
import type { Writable } from 'node:stream';
import type { BrokerClientOptions } from '../broker/client.js';
import { brokerClientFromConfig, urlCredentials } from '../broker/from-config.js';
import { loadConfig } from '../config/load.js';
import { SCHEMA_BY_PATH } from '../config/schema.js';
import { didYouMean } from '../config/validate.js';
import { UsageError } from '../errors.js';
import type { BrokerConfig, VerifyConfig } from '../config/types.js';
import { createColors } from '../report/colors.js';
import { createRedactor } from '../report/redact.js';
import { rerunFlags } from '../report/rerun.js';
import { textReporter } from '../report/verify-stream.js';
import { combineReporters, type VerifyReporter } from './events.js';
import type { VerifyOutcome } from './results.js';
import { runVerification, type ReportFiles } from './run.js';
import { filtersFrom } from './selection.js';

export interface VerifyFilters {
  /** Only pacts of these consumers. */
  consumers?: string[];
  /** Only interactions whose description matches (a regular expression). */
  description?: string;
  /** Only interactions with a provider state that matches. */
  state?: string;
  /** Only interactions without provider states. */
  noState?: boolean;
}

export interface VerifyOptions extends Partial<VerifyConfig> {
  /** The `broker` config section: base URL, token or username/password, retries, … */
  broker?: Partial<BrokerConfig>;
  /** Partial runs are never published. Also read from PACT_DESCRIPTION / PACT_PROVIDER_STATE / PACT_PROVIDER_NO_STATE. */
  filters?: VerifyFilters;
  /** JSON / JUnit reports, and a markdown summary to append to (e.g. process.env.GITHUB_STEP_SUMMARY). */
  reports?: ReportFiles;
  /** Hears about the run as it happens (each interaction's result as soon as it is known). */
  reporter?: VerifyReporter;
  /** Writes the text report (as the CLI prints it, without colour) to this stream. */
  stream?: Writable;
  /** Stops the run: in-flight interactions finish unreported, the provider stops, nothing is published. */
  signal?: AbortSignal;
  /** Config file (default: searched from `cwd` upwards). */
  configPath?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Broker client options for tests (fetch seam, sleep). */
  client?: Partial<BrokerClientOptions>;
}

export async function verify(options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const { broker = {}, filters = {}, reports, reporter, stream, signal, configPath, cwd = process.cwd(), env = process.env, client, ...section } = options;
  const flags: Record<string, unknown> = {};
  const unknown: string[] = [];
  const put = (section: string, entries: object) => {
    for (const [key, value] of Object.entries(entries)) {
      if (SCHEMA_BY_PATH.has(`${section}.${key}`)) flags[`${section}.${key}`] = value;
      else unknown.push(`${section === 'verify' ? '' : `${section}.`}${key}`);
    }
  };
  put('verify', section);
  put('broker', broker);
  if (unknown.length) {
    const known = [...SCHEMA_BY_PATH.keys()].filter((k) => k.startsWith('verify.')).map((k) => k.slice(7));
    const hints = unknown.map((k) => didYouMean(k, known)).filter(Boolean);
    throw new UsageError(`verify(): unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`, {
      ...(hints.length ? { hint: `Did you mean ${hints.map((h) => `'${h}'`).join(', ')}?` } : {}),
    });
  }
  const names = Object.fromEntries(Object.keys(flags).map((k) => [k, `verify({ ${k.startsWith('verify.') ? k.slice(7) : k} })`]));
  const resolved = await loadConfig({ cwd, env, flags, flagNames: names, ...(configPath ? { configPath } : {}) });

  const b = resolved.config.broker;
  const fromUrl = urlCredentials(b.baseUrl);
  const redact = createRedactor([b.token, b.password, fromUrl?.password], [[b.username, b.password], [fromUrl?.username, fromUrl?.password]]);
  const streamed = stream
    ? textReporter(
        {
          line: (t) => stream.write(`${redact(t)}\n`),
          info: (t) => stream.write(`${redact(t)}\n`),
          warn: (t) => stream.write(`warning: ${redact(t)}\n`),
        },
        createColors(0),
        { cwd, rerun: rerunFlags(resolved, { cwd, ...(configPath ? { configPath } : {}) }) },
      )
    : undefined;
  const combined = combineReporters(streamed, reporter);
  return runVerification({
    resolved,
    filters: filtersFrom(
      {
        ...(filters.consumers ? { filterConsumer: filters.consumers } : {}),
        ...(filters.description !== undefined ? { filterDescription: filters.description } : {}),
        ...(filters.state !== undefined ? { filterState: filters.state } : {}),
        ...(filters.noState !== undefined ? { filterNoState: filters.noState } : {}),
      },
      env,
    ),
    cwd,
    env,
    reporter: combined,
    ...(signal ? { signal } : {}),
    ...(reports ? { reports } : {}),
    broker: (r) => brokerClientFromConfig(r.config.broker, { env, warn: (m) => combined.warning?.(m), ...client }),
    redact,
  });
}

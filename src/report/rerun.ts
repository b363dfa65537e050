/**
 * The rerun line under each failed interaction: `pactship verify` for just that pact and that
 * interaction, with every option that shaped its verdict, quoted for a POSIX shell. Run in the same
 * directory and environment, it reproduces the same verdict for that interaction.
 *
 * The pact comes from where the run got it (a file, or the pact's own URL when it came from a URL or
 * the broker's selection, so the same content is verified whatever the broker selects today); the
 * filters pin the interaction. Options come back as flags when they were given as flags (or through
 * `verify()`); the config file comes back through `--config` when one was named, otherwise it is
 * found again from the same directory, and environment variables are read again. Secrets never
 * appear: broker tokens and passwords are left to the environment, and the output redactor masks
 * secret header values (so such a header has to be filled in by hand).
 */
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { InteractionResult, PactResult, VerificationResult } from '../verify/results.js';
import { shellCommand } from './shell.js';

/** The words a rerun line carries besides the pact and the filters. */
export interface RerunFlags {
  /** For every pact: --config, provider start, state changes, headers, timeouts. */
  common: string[];
  /** Only for pacts read from a URL or the broker: how to reach the broker. */
  broker: string[];
}

export const NO_RERUN_FLAGS: RerunFlags = { common: [], broker: [] };

type Scope = keyof RerunFlags;

/** Config keys that shape an interaction's verdict, and the flag that sets each. */
const SHAPING: readonly [path: string, flag: string, scope: Scope][] = [
  ['verify.providerStart', '--provider-start', 'common'],
  ['verify.providerReadyUrl', '--provider-ready-url', 'common'],
  ['verify.providerStartTimeoutMs', '--provider-start-timeout', 'common'],
  ['verify.stateChangeUrl', '--state-change-url', 'common'],
  ['verify.headers', '--header', 'common'],
  ['verify.timeoutMs', '--timeout', 'common'],
  ['broker.maxResponseMb', '--max-response-mb', 'common'],
  ['broker.baseUrl', '--broker-base-url', 'broker'],
  ['broker.username', '--broker-username', 'broker'],
  ['broker.caFile', '--ca-file', 'broker'],
  ['broker.skipSslVerification', '--skip-ssl-verification', 'broker'],
  ['broker.customHeaders', '--custom-header', 'broker'],
];

function valueAt(config: object, dotted: string): unknown {
  let v: unknown = config;
  for (const key of dotted.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function words(flag: string, value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  if (value === true) return [flag];
  if (Array.isArray(value)) return value.flatMap((v) => [flag, String(v)]);
  return [flag, String(value)];
}

/**
 * What a rerun must repeat, from the resolved config: the values given as flags, and `--config`
 * (absolute) when the run named a config file.
 */
export function rerunFlags(resolved: Pick<ResolvedConfig, 'config' | 'sources'>, o: { cwd: string; configPath?: string }): RerunFlags {
  const out: RerunFlags = { common: o.configPath ? ['--config', path.resolve(o.cwd, o.configPath)] : [], broker: [] };
  for (const [key, flag, scope] of SHAPING) {
    if (resolved.sources.get(key)?.kind === 'flag') out[scope].push(...words(flag, valueAt(resolved.config, key)));
  }
  return out;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a run sent things: the provider, and the message endpoint if any. */
export type RunTarget = Pick<VerificationResult, 'providerBaseUrl' | 'messageUrl'>;

/** The command line that reruns just this interaction (message handlers come from the config file). */
export function rerunCommand(pact: Pick<PactResult, 'origin' | 'location'>, i: InteractionResult, target: RunTarget, flags: RerunFlags = NO_RERUN_FLAGS): string {
  const source = pact.origin === 'file' ? ['--pact', pact.location] : ['--pact-url', pact.location, ...flags.broker];
  const to =
    i.type === 'Synchronous/HTTP'
      ? ['--provider-base-url', target.providerBaseUrl]
      : i.handler === undefined && target.messageUrl
        ? ['--message-url', target.messageUrl]
        : [];
  const args = ['pactship', 'verify', ...source, ...to, ...flags.common, '--filter-description', `^${escapeRegex(i.description)}$`];
  const first = i.providerStates[0];
  if (first !== undefined) args.push('--filter-state', `^${escapeRegex(first)}$`);
  else args.push('--filter-no-state');
  return shellCommand(args);
}

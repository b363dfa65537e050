/** Options shared by commands, and their mapping to config paths (flags are the top layer). */
import { InvalidArgumentError, Option, type Command } from 'commander';

export interface CommonFlags {
  config?: string;
  output?: string;
  verbose?: boolean;
}

export interface BrokerFlags {
  brokerBaseUrl?: string;
  brokerToken?: string;
  brokerUsername?: string;
  brokerPassword?: string;
  caFile?: string;
  customHeader?: string[];
  retries?: number;
  skipSslVerification?: boolean;
  brokerDeadlineMs?: number;
  maxResponseMb?: number;
}

/**
 * Every command accepts every format, so a script can pass one `-o` to all of them: text and table
 * render alike where a command has no table, and `id` (only the identifier) and `markdown` (diff's
 * PR-comment form) fall back to text where a command has no such form. `outputs[0]` is the
 * command's default.
 */
export const OUTPUT_FORMATS = ['text', 'table', 'json', 'id', 'markdown'] as const;

export function addCommonOptions(cmd: Command, outputs: string[] = ['text', 'json']): Command {
  return cmd
    .option('--config <path>', 'config file (default: searched from the current directory up)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default(outputs[0] ?? 'text'))
    .option('-v, --verbose', 'verbose log, including the HTTP wire log (secrets redacted)');
}

export function addBrokerOptions(cmd: Command): Command {
  return cmd
    .option('-b, --broker-base-url <url>', 'Pact Broker base URL [env PACT_BROKER_BASE_URL]')
    .option('-k, --broker-token <token>', 'bearer token [env PACT_BROKER_TOKEN]')
    .option('-u, --broker-username <username>', 'basic auth username [env PACT_BROKER_USERNAME]')
    .option('-p, --broker-password <password>', 'basic auth password [env PACT_BROKER_PASSWORD]')
    .option('--ca-file <path>', 'extra CA certificate (PEM) for the broker')
    .option('--custom-header <header>', "'Name: value' sent with every broker request, to the broker's origin only (repeatable)", collect)
    .option('--retries <n>', 'retries after a failed broker request (default 4) [env PACT_BROKER_HTTP_RETRIES]', parseIntOption('--retries'))
    .option('--skip-ssl-verification', "do not verify the broker's TLS certificate (insecure; prefer --ca-file)")
    .option('--broker-deadline-ms <ms>', 'time all broker requests of the run may take (default 120000) [env PACT_BROKER_DEADLINE_MS]', parseIntOption('--broker-deadline-ms'))
    .option('--max-response-mb <n>', 'largest response body read from the broker or the provider (default 50) [env PACTSHIP_MAX_RESPONSE_MB]', parseNumberOption('--max-response-mb'));
}

/** A flag-derived config layer: values by config path and the flag names for messages. */
export interface FlagLayer {
  values: Record<string, unknown>;
  names: Record<string, string>;
}

export function flagLayer(entries: [path: string, flag: string, value: unknown][]): FlagLayer {
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  for (const [path, flag, value] of entries) {
    names[path] = flag;
    if (value !== undefined) values[path] = value;
  }
  return { values, names };
}

export function brokerFlagEntries(o: BrokerFlags): [string, string, unknown][] {
  return [
    ['broker.baseUrl', '--broker-base-url', o.brokerBaseUrl],
    ['broker.token', '--broker-token', o.brokerToken],
    ['broker.username', '--broker-username', o.brokerUsername],
    ['broker.password', '--broker-password', o.brokerPassword],
    ['broker.caFile', '--ca-file', o.caFile],
    ['broker.customHeaders', '--custom-header', o.customHeader],
    ['broker.retries', '--retries', o.retries],
    ['broker.skipSslVerification', '--skip-ssl-verification', o.skipSslVerification],
    ['broker.deadlineMs', '--broker-deadline-ms', o.brokerDeadlineMs],
    ['broker.maxResponseMb', '--max-response-mb', o.maxResponseMb],
  ];
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function parseIntOption(name: string) {
  return (value: string) => {
    // Plain digits only: Number() would also take '0x10', '1e3' and ' '.
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a non-negative integer, got '${value}'`);
    return n;
  };
}

export function parseNumberOption(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a non-negative number, got '${value}'`);
    return n;
  };
}

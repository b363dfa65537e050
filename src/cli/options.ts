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
    .option('--ca-file <path>', 'extra CA certificate (PEM) for the broker');
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
  ];
}

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function parseIntOption(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got '${value}'`);
    return n;
  };
}

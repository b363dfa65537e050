import type { Command } from 'commander';
import { examples } from '../help.js';
import { addCommonOptions } from '../options.js';
import type { Runner } from '../runner.js';

const ABOUT = `
Asks for what the flags leave open when run on a terminal; in CI (no terminal) or with --yes it uses the flags and defaults.
Never overwrites a config without --force. Secrets stay out of the file: use PACT_BROKER_TOKEN etc.`;

export function declareInit(program: Command, run: Runner): void {
  examples(
    addCommonOptions(program.command('init')).addHelpText('after', ABOUT),
    'pactship init',
    "pactship init --role provider --provider user-service --provider-start 'npm start' --state-change-url http://localhost:8080/_pact/provider-states",
    'pactship init --role consumer --broker-base-url https://broker.example.com --pact-dir ./pacts',
  )
    .description('write a commented pactship config for a consumer, a provider or both, and print what to run next')
    .option('--role <role>', 'consumer, provider or both (default: both)')
    .option('--broker-base-url <url>', 'Pact Broker base URL')
    .option('--pact-dir <dir>', 'consumer: where the tests write pact files (default: ./pacts)')
    .option('--provider <name>', "provider: its name, as the consumers' pacts spell it")
    .option('--provider-base-url <url>', 'provider: where it listens locally (default: http://localhost:8080)')
    .option('--provider-start <command>', 'provider: the command that starts it')
    .option('--state-change-url <url>', 'provider: its provider-state endpoint')
    .option('--state-handlers', 'provider: write pactship.config.mjs with a state-handler stub instead of a .pactrc')
    .option('-y, --yes', 'ask nothing: flags, then defaults (the behaviour without a terminal)')
    .option('--force', 'replace an existing config file')
    .action((options) => run(() => import('../commands/init.js'), options));
}

import type { Command } from 'commander';
import { examples } from '../help.js';
import { addBrokerOptions, addCommonOptions } from '../options.js';
import type { Runner } from '../runner.js';

export function declareConfig(program: Command, run: Runner): void {
  examples(addBrokerOptions(addCommonOptions(program.command('config'))), 'pactship config', 'pactship config --config ./ci/.pactrc.json -o json')
    .description('print the resolved configuration (secrets redacted) and where each value came from')
    .action((options) => run(() => import('../commands/config.js'), options));
}

import type { Command } from 'commander';
import { addBrokerOptions, addCommonOptions } from '../options.js';
import type { Runner } from '../runner.js';

export function declareConfig(program: Command, run: Runner): void {
  addBrokerOptions(addCommonOptions(program.command('config')))
    .description('print the resolved configuration (secrets redacted) and where each value came from')
    .action((options) => run(() => import('../commands/config.js'), options));
}

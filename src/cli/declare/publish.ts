import { Option, type Command } from 'commander';
import { examples } from '../help.js';
import { addBrokerOptions, addCommonOptions, collect } from '../options.js';
import type { Runner } from '../runner.js';

export function declarePublish(program: Command, run: Runner): void {
  examples(addBrokerOptions(addCommonOptions(program.command('publish'))), 'pactship publish ./pacts --consumer-app-version "$GIT_SHA" --branch main', 'pactship publish ./pacts --dry-run')
    .description('publish pact files to the Pact Broker')
    .argument('[paths-or-globs...]', 'pact files, directories (their *.json) or quoted globs (default: publish.pactFiles or ./pacts/*.json)')
    .option('-a, --consumer-app-version <version>', 'consumer version (default: detected git commit)')
    .option('--branch <branch>', 'consumer version branch (default: detected git branch)')
    .option('-t, --tag <tag>', 'tag the consumer version (repeatable)', collect)
    .option('-g, --tag-with-git-branch', 'also tag the version with the git branch')
    .option('--build-url <url>', 'CI build URL for the version')
    .addOption(new Option('-r, --auto-detect-version-properties', 'detect version, branch and build URL from CI/git (default: on in CI)'))
    .option('--no-auto-detect-version-properties', 'do not detect version properties')
    .option('--merge', 'merge with an existing pact for the same version instead of failing on changed content')
    .option('--dry-run', 'validate and print exactly what would be sent; no network writes')
    .action((paths: string[], options) => run(() => import('../commands/publish.js'), options, paths));
}

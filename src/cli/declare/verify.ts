import { Option, type Command } from 'commander';
import { addBrokerOptions, addCommonOptions, collect, parseIntOption } from '../options.js';
import type { Runner } from '../runner.js';

/** Broker selection options shared by `verify` and `pacts`. */
function addSelectionOptions(cmd: Command): Command {
  return cmd
    .option('--provider <name>', 'provider name: fetch its pacts from the broker (pb:provider-pacts-for-verification)')
    .option('--consumer-version-selector <json>', "consumer version selector as JSON, e.g. '{\"mainBranch\":true}' (repeatable)", collect)
    .option('--consumer-version-tag <tag>', 'legacy: latest pact for each consumer tagged <tag> (repeatable)', collect)
    .addOption(new Option('--enable-pending', 'pending pacts do not fail the build (sends includePendingStatus: true)'))
    .option('--no-enable-pending', 'pending pacts fail like any other (sends includePendingStatus: false)')
    .option('--include-wip-pacts-since <date>', 'also verify work-in-progress pacts created since <date> (YYYY-MM-DD)')
    .option('--provider-version-branch <branch>', 'provider version branch (default: detected git/CI branch)')
    .option('--provider-version-tag <tag>', 'provider version tag (repeatable)', collect);
}

export function declareVerify(program: Command, run: Runner): void {
  addSelectionOptions(addBrokerOptions(addCommonOptions(program.command('verify'))))
    .description('verify pacts (HTTP and message interactions) against a running (or started) provider and publish the results')
    .option('--pact <file|dir|glob>', 'local pact file, directory (its *.json, recursively) or quoted glob (repeatable)', collect)
    .option('--pact-url <url>', 'pact URL (repeatable); broker credentials are sent only to the broker origin', collect)
    .option('--provider-base-url <url>', 'where the provider listens, may include a base path (default: http://localhost:8080)')
    .option('--provider-start <command>', 'start the provider with this command, stop it (and its children) at the end')
    .option('--provider-ready-url <url>', 'polled until it answers after --provider-start (default: the provider base URL)')
    .option('--provider-start-timeout <ms>', 'how long to wait for the started provider (default: 30000)', parseIntOption('--provider-start-timeout'))
    .option('--state-change-url <url>', 'provider-state endpoint: POST {state, params, action: "setup"|"teardown"}')
    .option('--message-url <url>', 'message endpoint: POST {description, providerStates} answers with the message (metadata in Pact-Message-Metadata)')
    .option('--header <header>', "'Name: value' added to every provider request, replacing same-named headers (repeatable)", collect)
    .option('--timeout <ms>', 'timeout of each provider and state-change request (default: 30000)', parseIntOption('--timeout'))
    .option('--concurrency <n>', 'interactions without provider states verified in parallel (default: 1)', parseIntOption('--concurrency'))
    .option('--filter-consumer <name>', 'only pacts of this consumer (repeatable) [results are then not published]', collect)
    .option('--filter-description <regex>', 'only interactions whose description matches [env PACT_DESCRIPTION]')
    .option('--filter-state <regex>', 'only interactions with a provider state matching [env PACT_PROVIDER_STATE]')
    .option('--filter-no-state', 'only interactions without provider state [env PACT_PROVIDER_NO_STATE=true]')
    .option('--json <file>', 'write the JSON report to <file>')
    .option('--junit <file>', 'write a JUnit XML report to <file>')
    .addOption(new Option('--publish-verification-results', 'publish the results to the broker (config verify.publish)'))
    .option('--no-publish-verification-results', 'do not publish the results')
    .option('-a, --provider-app-version <version>', 'provider version for published results (default: detected git/CI commit)')
    .option('--build-url <url>', 'CI build URL recorded with the results (default: detected from CI)')
    .addOption(new Option('--fail-if-no-pacts', 'exit 1 when there is nothing to verify (default)').hideHelp())
    .option('--no-fail-if-no-pacts', 'exit 0 when there is nothing to verify')
    .action((options) => run(() => import('../commands/verify.js'), options));

  addSelectionOptions(addBrokerOptions(addCommonOptions(program.command('pacts'))))
    .description('list the pacts the broker selects for a provider (and why); --out saves them for offline verify')
    .option('--out <dir>', 'write each pact to a file in <dir> (then: pactship verify --pact <dir>)')
    .action((options) => run(() => import('../commands/pacts.js'), options));

  addBrokerOptions(addCommonOptions(program.command('publish-results')))
    .description('send verification results that an earlier verify could not publish (.pactship/unsent-results/*.json)')
    .argument('<files...>', 'unsent-results files written by pactship verify')
    .action((files: string[], options) => run(() => import('../commands/publish-results.js'), options, files));
}

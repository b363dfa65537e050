import { Help, InvalidArgumentError, Option, type Command } from 'commander';
import { VERSION } from '../../version.js';
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

/** Help groups of `verify`, in the order they are listed (#12). */
const GROUPS = {
  sources: 'Sources (required: one of --pact, --pact-url or --provider):',
  provider: 'Provider:',
  states: 'States and filters:',
  results: 'Results and publishing:',
  reports: 'Reports:',
  broker: 'Broker:',
  general: 'General:',
  aliases: 'Reference verifier names (pact verifier / pact_verifier_cli command lines work unchanged):',
} as const;

/** The shared options (common, broker, selection) by long name → their group in verify's help. */
const SHARED_GROUP: Record<string, string> = {
  '--provider': GROUPS.sources,
  '--consumer-version-selector': GROUPS.sources,
  '--consumer-version-tag': GROUPS.sources,
  '--enable-pending': GROUPS.sources,
  '--no-enable-pending': GROUPS.sources,
  '--include-wip-pacts-since': GROUPS.sources,
  '--provider-version-branch': GROUPS.results,
  '--provider-version-tag': GROUPS.results,
  '--output': GROUPS.reports,
  '--config': GROUPS.general,
  '--verbose': GROUPS.general,
};

const REQUIRED = ['--pact', '--pact-url', '--provider'];

const parsePort = (value: string) => {
  const n = parseIntOption('--port')(value);
  if (n > 65535) throw new InvalidArgumentError(`--port must be a port number (0-65535), got '${value}'`);
  return n;
};

const ALIAS_NOTES = `
Short options that differ from the reference verifier:
  -u  is --broker-username here (as in pactship's other commands); a URL given to
      -u is a pact URL, as the reference's -u/--url means
  -p  is --broker-password here; the provider port is --port (a -p that looks
      like a port, with no broker username, is an error saying so)
  -h  is help; the provider host is --hostname
  -v  is --verbose; --version prints the version
  -a  is --provider-app-version (the Ruby verifier's name); -k is --broker-token
Reference semantics kept: -d reads a directory's own *.json files and, with a
provider name, only that provider's pacts; -n/--provider-name (or
PACT_PROVIDER_NAME) without selectors or tags verifies the latest pact of each
consumer ({"latest": true}); with --hostname/--port/--base-path/--transport(s),
message requests go to the message transport, else to the provider URL.
Teardown calls are made unless --no-state-change-teardown (the reference makes
them only with --state-change-teardown). Accepted and ignored (Rust-only):
-l/--loglevel, --log-level, --pretty-log, --full-log, --compact-log, --xslt,
--enable-otel, --enable-otel-logs, --enable-otel-traces, --otel-exporter*.
Environment: PACT_PROVIDER_HOSTNAME, _PORT, _TRANSPORT, _BASE_PATH, _NAME,
_REQUEST_TIMEOUT, _STATE_CHANGE_URL, _STATE_CHANGE_AS_QUERY,
_STATE_CHANGE_TEARDOWN, PACT_WEBHOOK_CALLBACK_URL, PACT_VERIFIER_JSON_REPORT,
_JUNIT_REPORT, _HTML_REPORT (flags win; these win over the config file).`;

const EXAMPLES = `
Examples:
  # pacts from the broker (default selectors), results published
  pactship verify --provider user-service --provider-base-url http://localhost:8080 \\
    --state-change-url http://localhost:8080/_pact/state --publish-verification-results -a "$GIT_SHA"
  # local files, starting the provider first, with an HTML report
  pactship verify --pact ./pacts --provider-start 'npm start' --provider-ready-url http://localhost:8080/health --html report.html
  # a reference verifier command line, unchanged
  pactship verify -f pacts/web-items.json --hostname localhost --port 8080 -s http://localhost:8080/state -j report.json
  # then only what failed, stopping at the first failure
  pactship verify -f pacts/web-items.json --port 8080 -j report.json --last-failed --exit-on-first-error`;

export function declareVerify(program: Command, run: Runner): void {
  const cmd = addSelectionOptions(addBrokerOptions(addCommonOptions(program.command('verify'))))
    .description('verify pacts (HTTP and message interactions) against a running (or started) provider and publish the results')
    .optionsGroup(GROUPS.sources)
    .option('--pact <file|dir|glob>', 'local pact file, directory (its *.json, recursively) or quoted glob (repeatable) [required: this, --pact-url or --provider]', collect)
    .option('--pact-url <url>', 'pact URL (repeatable); broker credentials are sent only to the broker origin [required: this, --pact or --provider]', collect)
    .addOption(new Option('--fail-if-no-pacts', 'exit 1 when there is nothing to verify (default)').hideHelp())
    .option('--no-fail-if-no-pacts', 'exit 0 when there is nothing to verify')
    .optionsGroup(GROUPS.provider)
    .option('--provider-base-url <url>', 'where the provider listens, may include a base path (default: http://localhost:8080)')
    .option('--provider-start <command>', 'start the provider with this command, stop it (and its children) at the end')
    .option('--provider-ready-url <url>', 'polled until it answers after --provider-start (default: the provider base URL)')
    .option('--provider-start-timeout <ms>', 'how long to wait for the started provider (default: 30000)', parseIntOption('--provider-start-timeout'))
    .option('--message-url <url>', 'message endpoint: POST {description, providerStates} answers with the message (metadata in Pact-Message-Metadata)')
    .option('-H, --header <header>', "'Name: value' (or NAME=value) added to every provider request, replacing same-named headers (repeatable)", collect)
    .option('--timeout <ms>', 'timeout of each provider and state-change request (default: 30000)', parseIntOption('--timeout'))
    .option('--concurrency <n>', 'interactions without provider states verified in parallel (default: 1)', parseIntOption('--concurrency'))
    .option('--disable-ssl-verification', "do not verify TLS certificates: the provider's (https) and the broker's (insecure)")
    .optionsGroup(GROUPS.states)
    .option('-s, --state-change-url <url>', 'provider-state endpoint: POST {state, params, action: "setup"|"teardown"}')
    .option('--state-change-as-query', 'send state, params and action as query parameters of an empty POST instead of a JSON body')
    .addOption(new Option('--state-change-teardown', 'call the state-change URL with action "teardown" after each interaction (default)').hideHelp())
    .option('--no-state-change-teardown', 'no teardown calls to the state-change URL (handlers’ own teardowns still run)')
    .option('-c, --filter-consumer <name>', 'only pacts of this consumer (repeatable) [results are then not published]', collect)
    .option('--filter-description <regex>', 'only interactions whose description matches [env PACT_DESCRIPTION]')
    .option('--filter-state <regex>', 'only interactions with a provider state matching [env PACT_PROVIDER_STATE]')
    .option('--filter-no-state', 'only interactions without provider state [env PACT_PROVIDER_NO_STATE=true]')
    .option('--last-failed', 'only the interactions that failed in the previous run (read from the -j/--json report)')
    .option('--exit-on-first-error', 'start no interaction after the first failure (pending ones excepted); a stopped run is not published')
    .optionsGroup(GROUPS.results)
    .addOption(new Option('--publish-verification-results', 'publish the results to the broker (config verify.publish)'))
    .option('--no-publish-verification-results', 'do not publish the results')
    .option('-a, --provider-app-version <version>', 'provider version for published results (default: detected git/CI commit) [required to publish when not detected]')
    .option('--build-url <url>', 'CI build URL recorded with the results (default: detected from CI)')
    .optionsGroup(GROUPS.reports)
    .option('-j, --json <file>', 'write the JSON report to <file> [env PACT_VERIFIER_JSON_REPORT]')
    .option('-x, --junit <file>', 'write a JUnit XML report to <file> [env PACT_VERIFIER_JUNIT_REPORT]')
    .option('--html <file>', 'write a self-contained HTML report to <file> [env PACT_VERIFIER_HTML_REPORT]')
    .option('--no-color', 'no colour in the output (also --no-colour; NO_COLOR=1 does the same)')
    .addOption(new Option('--no-colour').hideHelp())
    .optionsGroup(GROUPS.aliases)
    .option('-f, --file <file>', '= --pact <file> (repeatable)', collect)
    .option('-d, --dir <dir>', "= --pact <dir>, but only the directory's own *.json, and only the -n provider's pacts (repeatable)", collect)
    .option('--url <url>', '= --pact-url <url> (repeatable); also -u <url>', collect)
    .option('--broker-url <url>', '= -b/--broker-base-url [env PACT_BROKER_BASE_URL]')
    .option('--webhook-callback-url <url>', 'verify just this pact (a webhook’s ${pactbroker.pactUrl}) [env PACT_WEBHOOK_CALLBACK_URL]')
    .option('--ignore-no-pacts-error', '= --no-fail-if-no-pacts')
    .option('--user <user>', '= -u/--broker-username [env PACT_BROKER_USERNAME]')
    .option('--password <password>', '= -p/--broker-password [env PACT_BROKER_PASSWORD]')
    .option('-t, --token <token>', '= -k/--broker-token [env PACT_BROKER_TOKEN]')
    .option('--hostname <host>', 'provider host, with --port/--base-path/--transport → --provider-base-url (default localhost) [env PACT_PROVIDER_HOSTNAME]')
    .option('--port <port>', 'provider port (default: the scheme’s) [env PACT_PROVIDER_PORT]', parsePort)
    .option('--base-path <path>', 'base path of every request [env PACT_PROVIDER_BASE_PATH]')
    .option('--transport <transport>', 'http or https (default http) [env PACT_PROVIDER_TRANSPORT]')
    .addOption(new Option('--scheme <transport>').hideHelp())
    .option('--transports <list>', "'http:8080 message:8081/path' (TRANSPORT:PORT[/path], repeatable): message sets --message-url", collect)
    .option('-n, --provider-name <name>', '= --provider, selecting like the reference (see below) [env PACT_PROVIDER_NAME]')
    .option('--request-timeout <ms>', '= --timeout [env PACT_PROVIDER_REQUEST_TIMEOUT]', parseIntOption('--request-timeout'))
    .option('--publish', '= --publish-verification-results')
    .option('--provider-version <version>', '= -a/--provider-app-version')
    .option('--provider-branch <branch>', '= --provider-version-branch')
    .option('--provider-tags <tags>', '= --provider-version-tag, comma-separated (repeatable)', collect)
    .option('--consumer-version-tags <tags>', '= --consumer-version-tag, comma-separated (repeatable)', collect)
    .option('--consumer-version-selectors <json>', '= --consumer-version-selector (repeatable)', collect);
  for (const [flags, takesValue] of [
    ['-l, --loglevel <level>', true],
    ['--log-level <level>', true],
    ['--pretty-log', false],
    ['--full-log', false],
    ['--compact-log', false],
    ['--xslt <file>', true],
    ['--enable-otel', false],
    ['--enable-otel-logs', false],
    ['--enable-otel-traces', false],
    ['--otel-exporter <exporter>', true],
    ['--otel-exporter-endpoint <url>', true],
    ['--otel-exporter-protocol <protocol>', true],
  ] as const) {
    cmd.addOption(new Option(flags, takesValue ? 'ignored (Rust verifier only)' : 'ignored (Rust verifier only)').hideHelp());
  }
  cmd.version(VERSION, '--version', 'print the version');
  for (const option of cmd.options) {
    if (option.long === '--version') option.hideHelp();
    if (option.long === '--provider') option.description += ' [required: this, --pact or --pact-url]';
    if (!option.helpGroupHeading) option.helpGroup(SHARED_GROUP[option.long ?? ''] ?? GROUPS.broker);
    // -u collects here: a URL among its values is the reference's -u/--url.
    if (option.long === '--broker-username') option.argParser(collect);
  }
  cmd
    .addHelpOption(new Option('-h, --help', 'show help').helpGroup(GROUPS.general))
    .configureHelp({
      // Groups in GROUPS order (commander lists them as first declared); the required sources first.
      visibleOptions(this: Help, c: Command) {
        const first = (o: Option) => (REQUIRED.includes(o.long ?? '') ? REQUIRED.indexOf(o.long ?? '') : REQUIRED.length);
        const rank = (o: Option) => Object.values(GROUPS).indexOf(o.helpGroupHeading as (typeof GROUPS)[keyof typeof GROUPS]) * 10 + first(o);
        return Help.prototype.visibleOptions.call(this, c).sort((a, b) => rank(a) - rank(b));
      },
      groupItems: function (this: Help, _unsorted: (Command | Option)[], visible: (Command | Option)[], group: (item: Command | Option) => string) {
        return Help.prototype.groupItems.call(this, visible, visible, group);
      } as Help['groupItems'],
    })
    .addHelpText('after', `${ALIAS_NOTES}\n${EXAMPLES}`)
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

/**
 * Release-safety commands, with the Ruby `pact-broker` CLI's option names so pipelines can switch
 * by changing the binary name. Declarations only; each action lazy-imports its command.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { SelectorFlag, SelectorToken } from '../../release/selectors.js';
import { examples, requiredOneOf } from '../help.js';
import { addBrokerOptions, addCommonOptions, collect, parseIntOption } from '../options.js';
import type { Runner } from '../runner.js';

const TEXT_JSON = ['text', 'json'];
const TABLE_JSON = ['table', 'json'];

export function parseSeconds(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of seconds (≥ 0), got '${value}'`);
    return n;
  };
}

function command(program: Command, name: string, outputs: string[] = TEXT_JSON): Command {
  return addBrokerOptions(addCommonOptions(program.command(name), outputs));
}

/**
 * Records the selector flags in argv order (commander fires `option:<name>` as it meets each one), so
 * `-a Foo -e 1 -a Bar --latest` becomes two selectors, like the Ruby CLI reads it.
 */
function recordSelectorOrder(cmd: Command, flags: readonly SelectorFlag[]): SelectorToken[] {
  const tokens: SelectorToken[] = [];
  for (const flag of flags) {
    cmd.on(`option:${flag}`, (value: string | null | undefined) => {
      tokens.push({ flag, value: value ?? null } as SelectorToken);
    });
  }
  return tokens;
}

function selectorOptions(cmd: Command): Command {
  return cmd
    .option('-a, --pacticipant <name>', 'application name; starts a new selector (repeat per application)', collect)
    .option('-e, --version <version>', 'version of the preceding --pacticipant (or of the preceding --ignore)', collect)
    .addOption(new Option('-l, --latest [tag]', 'use the latest version of the preceding --pacticipant (optionally the latest with TAG)'))
    .option('--branch <branch>', 'use the latest version of the preceding --pacticipant from this branch', collect)
    .option('--main-branch', 'use the latest version of the preceding --pacticipant from its main branch');
}

function retryOptions(cmd: Command): Command {
  return cmd
    .option('--retry-while-unknown <times>', 'ask again this many times while the answer is unknown (results still being published) [config canIDeploy.retryWhileUnknown]', parseIntOption('--retry-while-unknown'))
    .option('--retry-interval <seconds>', 'seconds between those retries (default 10) [config canIDeploy.retryInterval]', parseSeconds('--retry-interval'))
    .option('--dry-run', 'print the real answer but always exit 0 (broker errors still fail) [env PACT_BROKER_CAN_I_DEPLOY_DRY_RUN]')
    .option('--limit <n>', 'maximum matrix rows the broker returns (default 100)', parseIntOption('--limit'));
}

export function declareRelease(program: Command, run: Runner): void {
  // ---- can-i-deploy / can-i-merge ----
  {
    const cmd = retryOptions(selectorOptions(command(program, 'can-i-deploy', TABLE_JSON)))
      .description('can these application versions be deployed to an environment? exit 0 yes, 1 no or unknown, 2 could not ask')
      .option('--to-environment <environment>', 'the environment to deploy to')
      .option('--to <tag>', 'legacy: check against the latest versions with this tag')
      .option('--ignore <pacticipant>', 'ignore this pacticipant (NAME, NAME@VERSION, or NAME followed by --version) (repeatable) [env PACT_BROKER_CAN_I_DEPLOY_IGNORE]', collect);
    examples(requiredOneOf(cmd, '--pacticipant'), 'pactship can-i-deploy -a Foo -e 1.2.3 --to-environment production', 'pactship can-i-deploy -a Foo -e 1.2.3 -a Bar --latest --retry-while-unknown 6 --retry-interval 10');
    const tokens = recordSelectorOrder(cmd, ['pacticipant', 'version', 'latest', 'branch', 'main-branch', 'ignore']);
    cmd.action((options: Record<string, unknown>) => run(() => import('../commands/can-i-deploy.js'), { ...options, selectorTokens: tokens }));
  }
  {
    const cmd = retryOptions(selectorOptions(command(program, 'can-i-merge', TABLE_JSON)))
      .description("can this version be merged: is it compatible with the latest main-branch version of every integrated application? exit 0 yes, 1 no, 2 could not ask");
    examples(requiredOneOf(cmd, '--pacticipant'), 'pactship can-i-merge -a web-app -e "$GIT_SHA"');
    const tokens = recordSelectorOrder(cmd, ['pacticipant', 'version', 'latest', 'branch', 'main-branch']);
    cmd.action((options: Record<string, unknown>) => run(() => import('../commands/can-i-merge.js'), { ...options, selectorTokens: tokens }));
  }

  // ---- deployments and releases ----
  examples(command(program, 'record-deployment'), 'pactship record-deployment -a user-service -e "$GIT_SHA" --environment production')
    .description('record that a version is now deployed to an environment (replaces the previous deployment of that application instance)')
    .requiredOption('-a, --pacticipant <name>', 'application name')
    .requiredOption('-e, --version <version>', 'application version')
    .requiredOption('--environment <environment>', 'environment name')
    .option('--application-instance <instance>', 'which instance of the application, when several are deployed to the environment')
    .addOption(new Option('--target <instance>', 'deprecated alias of --application-instance').hideHelp())
    .action((options) => run(() => import('../commands/record-deployment.js'), options));

  examples(command(program, 'record-undeployment'), 'pactship record-undeployment -a user-service --environment staging')
    .description('record that an application is no longer deployed to an environment')
    .requiredOption('-a, --pacticipant <name>', 'application name')
    .requiredOption('--environment <environment>', 'environment name')
    .option('--application-instance <instance>', 'only this instance of the application')
    .addOption(new Option('--target <instance>', 'deprecated alias of --application-instance').hideHelp())
    .action((options) => run(() => import('../commands/record-undeployment.js'), options));

  examples(command(program, 'record-release'), 'pactship record-release -a mobile-app -e 4.2.0 --environment app-store')
    .description('record that a version is released (and supported) in an environment; releases accumulate')
    .requiredOption('-a, --pacticipant <name>', 'application name')
    .requiredOption('-e, --version <version>', 'application version')
    .requiredOption('--environment <environment>', 'environment name')
    .action((options) => run(() => import('../commands/record-release.js'), options));

  examples(command(program, 'record-support-ended'), 'pactship record-support-ended -a mobile-app -e 4.1.0 --environment app-store')
    .description('record that a released version is no longer supported in an environment')
    .requiredOption('-a, --pacticipant <name>', 'application name')
    .requiredOption('-e, --version <version>', 'application version')
    .requiredOption('--environment <environment>', 'environment name')
    .action((options) => run(() => import('../commands/record-support-ended.js'), options));

  // ---- environments ----
  const environmentFields = (cmd: Command) =>
    cmd
      .option('--display-name <name>', 'display name')
      .option('--production', 'a production environment')
      .option('--no-production', 'not a production environment')
      .option('--contact-name <name>', 'contact name (with --contact-email-address)')
      .option('--contact-email-address <email>', 'contact email address');

  examples(environmentFields(command(program, 'create-environment', ['text', 'json', 'id'])), "pactship create-environment --name production --production --contact-name 'Ops team' --contact-email-address ops@example.com", 'pactship create-environment --name uat -o id')
    .description('create an environment (output id prints only its uuid)')
    .requiredOption('--name <name>', 'environment name (no spaces), e.g. uat')
    .action((options) => run(() => import('../commands/create-environment.js'), options));

  examples(requiredOneOf(environmentFields(command(program, 'update-environment', ['text', 'json', 'id'])), '--uuid', '--name'), "pactship update-environment --name uat --display-name 'User acceptance'")
    .description('update an environment, found by --uuid (then --name renames it) or by --name')
    .option('--uuid <uuid>', 'environment uuid')
    .option('--name <name>', 'new name (with --uuid), or the environment to update')
    .action((options) => run(() => import('../commands/update-environment.js'), options));

  examples(requiredOneOf(command(program, 'describe-environment'), '--uuid', '--name'), 'pactship describe-environment --name production -o json')
    .description('describe an environment, by --uuid or --name')
    .option('--uuid <uuid>', 'environment uuid')
    .option('--name <name>', 'environment name')
    .action((options) => run(() => import('../commands/describe-environment.js'), options));

  examples(command(program, 'list-environments'), 'pactship list-environments -o table')
    .description('list the environments')
    .action((options) => run(() => import('../commands/list-environments.js'), options));

  examples(requiredOneOf(command(program, 'delete-environment'), '--uuid', '--name'), 'pactship delete-environment --name old-uat')
    .description('delete an environment (and its deployment/release records), by --uuid or --name')
    .option('--uuid <uuid>', 'environment uuid')
    .option('--name <name>', 'environment name')
    .action((options) => run(() => import('../commands/delete-environment.js'), options));

  // ---- pacticipants ----
  examples(command(program, 'create-or-update-pacticipant'), 'pactship create-or-update-pacticipant --name user-service --main-branch main --repository-url https://github.com/example/user-service')
    .description('create an application (pacticipant), or update the given fields of an existing one')
    .requiredOption('--name <name>', 'pacticipant name')
    .option('--display-name <name>', 'display name')
    .option('--main-branch <branch>', 'main branch (used by can-i-merge and mainBranch selectors)')
    .option('--repository-url <url>', 'repository URL')
    .action((options) => run(() => import('../commands/create-or-update-pacticipant.js'), options));

  examples(command(program, 'describe-pacticipant'), 'pactship describe-pacticipant --name user-service')
    .description('describe a pacticipant')
    .requiredOption('--name <name>', 'pacticipant name')
    .action((options) => run(() => import('../commands/describe-pacticipant.js'), options));

  examples(command(program, 'list-pacticipants'), 'pactship list-pacticipants -o json')
    .description('list the pacticipants')
    .action((options) => run(() => import('../commands/list-pacticipants.js'), options));

  // ---- versions ----
  examples(requiredOneOf(command(program, 'create-version-tag'), '--tag', '--tag-with-git-branch'), 'pactship create-version-tag -a web-app -e "$GIT_SHA" -t prod')
    .description('tag a pacticipant version')
    .requiredOption('-a, --pacticipant <name>', 'pacticipant name')
    .requiredOption('-e, --version <version>', 'version')
    .option('-t, --tag <tag>', 'tag (repeatable)', collect)
    .option('--auto-create-version', 'create the version if it does not exist')
    .option('-g, --tag-with-git-branch', 'also tag with the current git branch')
    .action((options) => run(() => import('../commands/create-version-tag.js'), options));

  examples(command(program, 'describe-version', ['table', 'text', 'json', 'id']), 'pactship describe-version -a web-app --latest main', 'pactship describe-version -a web-app --environment production --deployed')
    .description('describe a pacticipant version: --version, or --latest [TAG] (default: the latest), or the versions in --environment')
    .requiredOption('-a, --pacticipant <name>', 'pacticipant name')
    .option('-e, --version <version>', 'version')
    .addOption(new Option('-l, --latest [tag]', 'the latest version (optionally the latest with TAG)'))
    .option('--environment <environment>', 'the versions currently deployed or released (and supported) in this environment')
    .option('--deployed', 'with --environment: only the deployed versions')
    .option('--released', 'with --environment: only the released versions')
    .action((options) => run(() => import('../commands/describe-version.js'), options));

  examples(command(program, 'create-or-update-version'), 'pactship create-or-update-version -a web-app -e "$GIT_SHA" --branch main')
    .description('create a pacticipant version, or add it to a branch / tags')
    .requiredOption('-a, --pacticipant <name>', 'pacticipant name')
    .requiredOption('-e, --version <version>', 'version')
    .option('--branch <branch>', 'branch the version belongs to')
    .option('-t, --tag <tag>', 'tag (repeatable)', collect)
    .action((options) => run(() => import('../commands/create-or-update-version.js'), options));

  // ---- doctor ----
  examples(command(program, 'doctor'), 'pactship doctor', 'pactship doctor -o json')
    .description('check config, broker reachability, auth, broker version, base URL, relations, clock skew and the provider URL; exit 1 if anything blocks a command')
    .action((options) => run(() => import('../commands/doctor.js'), options));
}

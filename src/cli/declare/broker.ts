/**
 * Webhooks, the remaining broker commands (names and flags of the Ruby `pact-broker` and Rust
 * `pact-broker-cli`), and `diff`. Declarations only; each action lazy-imports its command.
 */
import { Option, type Command } from 'commander';
import { WEBHOOK_EVENTS } from '../../webhooks/spec.js';
import { examples } from '../help.js';
import { addBrokerOptions, addCommonOptions, collect } from '../options.js';
import type { Runner } from '../runner.js';

const OUTPUTS = ['text', 'table', 'json'];

function command(program: Command, name: string, outputs: string[] = OUTPUTS): Command {
  return addBrokerOptions(addCommonOptions(program.command(name), outputs));
}

/** The curl-like switches of create-webhook and create-or-update-webhook. */
function webhookOptions(cmd: Command): Command {
  cmd
    .argument('<url>', 'the URL the broker calls; may contain ${pactbroker.pactUrl}, ${pactbroker.providerVersionNumber}, …')
    .option('-X, --request <method>', 'HTTP method of the webhook request (default: POST, the only one brokers allow by default)')
    .option('-H, --header <header>', "'Name: value' header of the webhook request (repeatable); Authorization-like values are never printed", collect)
    .option('-d, --data <data>', 'request body: a string (JSON is sent as JSON), or @file to read it from a file; may contain ${pactbroker.*}')
    .option('--user <user:password>', 'basic auth for the webhook request (the password is never printed)')
    .option('--consumer <name>', 'only pacts of this consumer (default: any)')
    .option('--consumer-label <label>', 'only consumers with this label (brokers that support labels)')
    .option('--provider <name>', 'only pacts with this provider (default: any)')
    .option('--provider-label <label>', 'only providers with this label (brokers that support labels)')
    .option('--description <text>', 'webhook description');
  for (const e of WEBHOOK_EVENTS) cmd.option(`--${e.flag}`, `trigger ${e.help} [event ${e.event}]`);
  return cmd;
}

const WEBHOOK_NOTE = '\nAt least one event switch is required. The example verifies just the changed pact (see README, "changed pact" pipeline).';
const WEBHOOK_EXAMPLE = `pactship create-webhook 'https://api.github.com/repos/ORG/user-service/dispatches' \\
      -X POST -H 'Accept: application/vnd.github+json' -H "Authorization: Bearer $GITHUB_TOKEN" \\
      -d '{"event_type":"contract_requiring_verification_published","client_payload":{"pact_url":"\${pactbroker.pactUrl}","sha":"\${pactbroker.providerVersionNumber}","branch":"\${pactbroker.providerVersionBranch}"}}' \\
      --provider user-service --contract-requiring-verification-published --description 'user-service: verify changed pacts'`;

export function declareBroker(program: Command, run: Runner): void {
  // ---- webhooks ----
  examples(webhookOptions(command(program, 'create-webhook')).addHelpText('after', WEBHOOK_NOTE), WEBHOOK_EXAMPLE)
    .description('create a webhook with curl-like switches (prints its uuid and URL; -o json the broker document)')
    .action((url: string, options) => run(() => import('../commands/create-webhook.js'), options, [url]));

  examples(
    webhookOptions(command(program, 'create-or-update-webhook')).addHelpText('after', WEBHOOK_NOTE),
    'pactship create-or-update-webhook https://ci.example.com/hooks/verify --uuid "$(pactship generate-uuid)" --provider user-service --contract-requiring-verification-published',
    WEBHOOK_EXAMPLE.replace('create-webhook', 'create-or-update-webhook --uuid 0b3a4f4e-9d8b-4a8e-b0e3-2f1c9d7e6a5b'),
  )
    .description('create the webhook with this uuid, or replace it (idempotent set-up: keep the uuid in your scripts)')
    .requiredOption('--uuid <uuid>', 'the webhook uuid (at least 16 characters of letters, digits, _ and -; see generate-uuid)')
    .action((url: string, options) => run(() => import('../commands/create-or-update-webhook.js'), options, [url]));

  examples(command(program, 'test-webhook'), 'pactship test-webhook --uuid 0b3a4f4e-9d8b-4a8e-b0e3-2f1c9d7e6a5b')
    .description('run a webhook now and show the request sent and the response; exit 1 if the target answered non-2xx or failed')
    .requiredOption('--uuid <uuid>', 'the webhook uuid')
    .action((options) => run(() => import('../commands/test-webhook.js'), options));

  examples(command(program, 'delete-webhook'), 'pactship delete-webhook --uuid 0b3a4f4e-9d8b-4a8e-b0e3-2f1c9d7e6a5b')
    .description('delete a webhook')
    .requiredOption('--uuid <uuid>', 'the webhook uuid')
    .action((options) => run(() => import('../commands/delete-webhook.js'), options));

  examples(command(program, 'list-webhooks'), 'pactship list-webhooks -o json')
    .description('list the webhooks (uuid, description, consumer, provider, events, request)')
    .action((options) => run(() => import('../commands/list-webhooks.js'), options));

  examples(addCommonOptions(program.command('generate-uuid'), OUTPUTS), 'pactship generate-uuid', 'pactship create-or-update-webhook URL --uuid "$(pactship generate-uuid)" …')
    .description('print a new uuid for create-or-update-webhook (made locally; no broker needed)')
    .action((options) => run(() => import('../commands/generate-uuid.js'), options));

  // ---- pacts, branches, tags, provider states ----
  examples(command(program, 'list-latest-pact-versions'), 'pactship list-latest-pact-versions -o table')
    .description('list the latest pact of every integration (-o json prints the broker document)')
    .action((options) => run(() => import('../commands/list-latest-pact-versions.js'), options));

  examples(command(program, 'delete-branch'), 'pactship delete-branch -a web-app --branch feat/old-experiment --no-error-when-not-found')
    .description('delete a pacticipant branch; its versions, pacts and results stay, but branch selectors and WIP pacts no longer see them')
    .requiredOption('-a, --pacticipant <name>', 'the pacticipant the branch belongs to')
    .requiredOption('--branch <branch>', 'the branch to delete')
    .addOption(new Option('--error-when-not-found', 'fail when the branch does not exist (default)').hideHelp())
    .option('--no-error-when-not-found', 'succeed when the branch does not exist')
    .action((options) => run(() => import('../commands/delete-branch.js'), options));

  examples(command(program, 'delete-version-tag'), 'pactship delete-version-tag -a web-app -e 1.2.3 -t prod')
    .description('remove a tag from a pacticipant version')
    .requiredOption('-a, --pacticipant <name>', 'pacticipant name')
    .requiredOption('-e, --version <version>', 'pacticipant version')
    .requiredOption('-t, --tag <tag>', 'the tag to remove')
    .action((options) => run(() => import('../commands/delete-version-tag.js'), options));

  examples(command(program, 'provider-states'), 'pactship provider-states --provider user-service --environment production')
    .description("list the provider states consumers expect, with the consumers expecting each (latest pacts from each consumer's main branch by default)")
    .argument('[action]', "optional 'list' (the Rust CLI's spelling: provider-states list)")
    .requiredOption('--provider <name>', 'provider name')
    .option('--branch <branch>', "the consumers' branch to read the pacts from (instead of each main branch)")
    .option('--environment <environment>', 'read the pacts of the consumer versions deployed or released in this environment')
    .action((action: string | undefined, options) => run(() => import('../commands/provider-states.js'), options, action === undefined ? [] : [action]));

  // ---- diff ----
  examples(command(program, 'diff', [...OUTPUTS, 'markdown']), 'pactship diff ./pacts                      # against the main branch', 'pactship diff ./pacts --against production -o markdown > pact-diff.md')
    .description("what publishing these pacts would change, per provider (added/removed/changed interactions), and whether the provider versions in each environment already verified it; exit 0 when compared, 2 when it cannot compare")
    .argument('[pacts...]', 'local pact files, directories or quoted globs (default: publish.pactFiles, ./pacts/*.json)')
    .option('--against <name>', 'a branch, version or environment; looked up as each, and an ambiguous name must be made explicit (default: the main branch of the consumer)')
    .option('--against-branch <branch>', "the latest pacts of the consumer's branch")
    .option('--against-version <version>', 'the pacts of this consumer version')
    .option('--against-environment <environment>', 'the pacts of the consumer versions deployed or released in this environment')
    .addHelpText('after', '\nThe markdown (-o markdown) is also appended to $GITHUB_STEP_SUMMARY when it is set.')
    .action((pacts: string[], options) => run(() => import('../commands/diff.js'), options, pacts));
}

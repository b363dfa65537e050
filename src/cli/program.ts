/** Commander declarations only; each action lazy-imports its command so `--help` stays fast. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { declareBroker } from './declare/broker.js';
import { declareConfig } from './declare/config.js';
import { declareInit } from './declare/init.js';
import { declarePublish } from './declare/publish.js';
import { declareRelease } from './declare/release.js';
import { declareVerify } from './declare/verify.js';
import { examples, finishHelp } from './help.js';
import type { Runner } from './runner.js';

/** Where commander writes help, version and usage errors (main.ts passes its injected streams). */
export interface ProgramOutput {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /**
   * The arguments about to be parsed (main passes its io, argv included). When the first one
   * names a command, declaring stops once that command is declared: every declaration costs
   * start-up (~3-10 ms for all of them, measured), and the command needs only its own.
   */
  argv?: readonly string[];
}

export function buildProgram(run: Runner, output?: ProgramOutput): Command {
  const program = new Command('pactship');
  // Before any subcommand is added: subcommands copy these settings when they are created.
  if (output) {
    program.configureOutput({
      writeOut: (text) => void output.stdout.write(text),
      writeErr: (text) => void output.stderr.write(text),
      getOutHelpWidth: () => (output.stdout.isTTY && output.stdout.columns ? output.stdout.columns : 80),
      getErrHelpWidth: () => (output.stderr.isTTY && output.stderr.columns ? output.stderr.columns : 80),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    });
  }
  program
    .description('Publish, verify and release Pact contracts with a Pact Broker — no Ruby, no native binary.')
    .version(VERSION, '--version', 'print the pactship version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Subcommand options such as can-i-deploy's --version must not be taken as pactship's own --version.
    .enablePositionalOptions();
  examples(
    program,
    'pactship init                                   # write a config for this project',
    'pactship publish ./pacts -a "$GIT_SHA" --branch main',
    'pactship verify --provider user-service --provider-base-url http://localhost:8080 --publish-verification-results -a "$GIT_SHA"',
    'pactship can-i-deploy -a user-service -e "$GIT_SHA" --to-environment production',
  );
  program.addHelpText(
    'after',
    '\nExit codes: 0 success · 1 the answer is "no" (verification failed, not deployable) · 2 could not run · 130/143 interrupted (Ctrl-C/SIGTERM)\nConfig: .pactrc[.json|.yaml|.js], pactship.config.{js,mjs,ts} or package.json#pactship; flags > env > file > defaults.\nRun `pactship <command> --help` for its options and an example.',
  );
  // Help needs every command: its notes on short options name what they mean in the others.
  const asksHelp = output?.argv?.some((a) => a === '-h' || a === '--help') ?? false;
  const wanted = asksHelp ? undefined : output?.argv?.[0];
  const isWanted = (c: Command) => c.name() === wanted || c.aliases().includes(wanted as string);
  for (const declare of [declarePublish, declareVerify, declareRelease, declareConfig, declareBroker, declareInit]) {
    declare(program, run);
    if (wanted !== undefined && !wanted.startsWith('-') && program.commands.some(isWanted)) break;
  }
  // Subcommands inherit exit behaviour so usage errors exit 2 from one place.
  for (const cmd of program.commands) cmd.exitOverride();
  finishHelp(program);
  return program;
}

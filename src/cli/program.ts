/** Commander declarations only; each action lazy-imports its command so `--help` stays fast. */
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { declareBroker } from './declare/broker.js';
import { declareConfig } from './declare/config.js';
import { declareInit } from './declare/init.js';
import { declarePublish } from './declare/publish.js';
import { declareRelease } from './declare/release.js';
import { declareVerify } from './declare/verify.js';
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
  program.addHelpText(
    'after',
    '\nExit codes: 0 success · 1 the answer is "no" (verification failed, not deployable) · 2 could not run\nConfig: .pactrc[.json|.yaml|.js], pactship.config.{js,mjs,ts} or package.json#pactship; flags > env > file > defaults.',
  );
  const wanted = output?.argv?.[0];
  const isWanted = (c: Command) => c.name() === wanted || c.aliases().includes(wanted as string);
  for (const declare of [declarePublish, declareVerify, declareRelease, declareConfig, declareBroker, declareInit]) {
    declare(program, run);
    if (wanted !== undefined && !wanted.startsWith('-') && program.commands.some(isWanted)) break;
  }
  // Subcommands inherit exit behaviour so usage errors exit 2 from one place.
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

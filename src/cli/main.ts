/**
 * The one exit point: parse → run → map any error to a message and an exit code.
 * 0 success, 1 the answer is "no", 2 could not run. Stack traces only with --verbose.
 */
import { CommanderError } from 'commander';
import { ExitCode, PactshipError, exitCodeFor } from '../errors.js';
import type { CommandContext } from './context.js';
import { buildProgram } from './program.js';
import type { Runner } from './runner.js';

function formatError(error: unknown, verbose: boolean): string {
  const lines: string[] = [];
  if (error instanceof PactshipError) {
    lines.push(`error: ${error.message}`);
    for (const d of error.details) lines.push(`  ${d}`);
    if (error.hint) lines.push(`hint: ${error.hint}`);
  } else {
    lines.push(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    if (!verbose) lines.push('hint: rerun with --verbose for the stack trace, and please report this.');
  }
  if (verbose && error instanceof Error) {
    lines.push('', error.stack ?? '');
    let cause = error.cause;
    while (cause instanceof Error) {
      lines.push(`caused by: ${cause.stack ?? cause.message}`);
      cause = cause.cause;
    }
  }
  return lines.join('\n');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const cleanups: (() => Promise<void> | void)[] = [];
  let ctx: CommandContext | undefined;
  let verbose = argv.includes('--verbose') || argv.includes('-v');
  let code: number = ExitCode.Ok;

  const runCleanups = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        ctx?.out.debug(`cleanup failed: ${(error as Error).message}`);
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals, exit: number) => {
    ctx?.out.error(`\ninterrupted (${signal}); cleaning up…`);
    void runCleanups().finally(() => process.exit(exit));
  };
  // `pactship … | head` closes the pipe early: that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(code);
      throw error;
    });
  }
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));

  const run: Runner = async (load, options, args = []) => {
    const o = options as { output?: string; verbose?: boolean; brokerToken?: string; brokerPassword?: string };
    verbose = Boolean(o.verbose);
    // Loaded on demand so `--help` never pulls in chalk, undici or cosmiconfig.
    const { createContext } = await import('./context.js');
    ctx = createContext({
      env,
      cwd: process.cwd(),
      stdout: process.stdout,
      stderr: process.stderr,
      format: o.output === 'json' ? 'json' : 'text',
      verbose,
      earlySecrets: [o.brokerToken, o.brokerPassword, env.PACT_BROKER_TOKEN, env.PACT_BROKER_PASSWORD].filter(
        (s): s is string => typeof s === 'string',
      ),
      cleanups,
    });
    const mod = await load();
    code = (await mod.run(ctx, options, args)) ?? ExitCode.Ok;
  };

  try {
    await buildProgram(run).parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (or the help/version).
      code = error.exitCode === 0 ? ExitCode.Ok : ExitCode.CouldNotRun;
    } else {
      code = exitCodeFor(error);
      const text = formatError(error, verbose);
      if (ctx) ctx.out.error(text);
      else process.stderr.write(`${text}\n`);
    }
  } finally {
    await runCleanups();
  }
  return code;
}

process.exitCode = await main(process.argv.slice(2));

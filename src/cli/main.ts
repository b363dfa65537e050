/**
 * The one exit point: parse → run → map any error to a message and an exit code.
 * 0 success, 1 the answer is "no", 2 could not run. Stack traces only with --verbose.
 *
 * `main(io)` touches no process globals: argv, env, cwd and streams come in, the exit code goes
 * out, so tests run it in-process. bin/pactship.cjs is the only place that wires `process`.
 */
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { ExitCode, PactshipError, exitCodeFor } from '../errors.js';
import { VERSION } from '../version.js';
import type { CommandContext } from './context.js';
import type { Runner } from './runner.js';

export type OutStream = Writable & { isTTY?: boolean; columns?: number };

/** Where SIGINT/SIGTERM come from (the bin passes `process`). */
export interface SignalSource {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface MainIO {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Read only by commands that ask (a getter is fine: the bin does not create process.stdin up front). */
  stdin?: Readable;
  stdout: OutStream;
  stderr: OutStream;
  /** Without it no signal handlers are installed (in-process runs). */
  signals?: SignalSource;
  /**
   * Ends the process when main has to stop before the command settles (a signal after cleanup, a
   * closed stdout). main() still resolves with the same code; without `exit` that is all it does.
   */
  exit?: (code: number) => void;
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

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

/** commander's own errors (usage errors, and --help/--version with exit code 0), without loading commander to ask. */
function isCommanderError(error: unknown): error is Error & { code: string; exitCode: number } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

/** The document `-o json` prints when a command fails without having printed its own. */
export function errorDocument(error: unknown, exitCode: number): { error: Record<string, unknown> } {
  if (isCommanderError(error)) {
    return { error: { code: 'USAGE', message: error.message.replace(/^error: /, ''), hint: 'run the command with --help for usage', exitCode } };
  }
  if (error instanceof PactshipError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.hint ? { hint: error.hint } : {}),
        ...(error.details.length ? { details: error.details } : {}),
        exitCode,
      },
    };
  }
  return { error: { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error), exitCode } };
}

/** `-o json`, `-ojson`, `--output json`, `--output=json` anywhere in argv (used only before parsing succeeded). */
function asksForJson(argv: string[]): boolean {
  return argv.some((a, i) => a === '-ojson' || a === '--output=json' || ((a === '-o' || a === '--output') && argv[i + 1] === 'json'));
}

/**
 * `help` and `help --help` mean `--help`; `help <command>` means `<command> --help`; for an unknown
 * command, commander's own "unknown command" error (with its suggestion).
 */
function helpAsFlag(argv: string[], program: Command): string[] {
  if (argv[0] !== 'help') return argv;
  const topic = argv[1];
  if (topic === undefined || topic.startsWith('-') || topic === 'help') return ['--help'];
  const known = program.commands.some((c) => c.name() === topic || c.aliases().includes(topic));
  return known ? [topic, '--help'] : [topic];
}

export async function main(io: MainIO): Promise<number> {
  const argv = io.argv;
  const env = io.env;
  const cleanups: (() => Promise<void> | void)[] = [];
  let ctx: CommandContext | undefined;
  let verbose = argv.includes('--verbose') || argv.includes('-v');
  let json = asksForJson(argv);
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

  // main() settles either when the command does, or early on a signal or a closed output stream.
  let finishEarly: (exit: number) => void = () => undefined;
  const early = new Promise<number>((resolve) => {
    finishEarly = (exit) => {
      resolve(exit);
      io.exit?.(exit);
    };
  });
  // Ctrl-C / SIGTERM. A command that claimed the interruption (ctx.interruptible(): verify) winds
  // down by itself, and main waits for it to return; any other command is ended after the cleanups.
  // Either way the exit code is 130 (SIGINT) or 143 (SIGTERM). A second signal (of either kind)
  // finds no handler and ends the process at once, as it would without pactship's handlers.
  const interruption = new AbortController();
  let claimed = false;
  let interruptedBy: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => () => {
    if (interruptedBy) return;
    interruptedBy = signal;
    io.signals?.off('SIGINT', onSigint);
    io.signals?.off('SIGTERM', onSigterm);
    const text = claimed ? `\ninterrupted (${signal}): no new requests; finishing the ones in flight, then cleaning up…` : `\ninterrupted (${signal}); cleaning up…`;
    if (ctx) {
      ctx.out.status(undefined);
      ctx.out.error(text);
      ctx.out.flush();
    } else io.stderr.write(`${text}\n`);
    if (claimed) interruption.abort();
    else void runCleanups().finally(() => finishEarly(SIGNAL_EXIT[signal]));
  };
  const onSigint = onSignal('SIGINT');
  const onSigterm = onSignal('SIGTERM');
  io.signals?.once('SIGINT', onSigint);
  io.signals?.once('SIGTERM', onSigterm);
  // `pactship … | head` closes the pipe early: that is not an error worth a stack trace. When main
  // owns the process (`exit` given) these stay attached: the EPIPE of the last write can surface
  // after main() returned.
  const onStreamError = (error: NodeJS.ErrnoException) => finishEarly(error.code === 'EPIPE' ? code : ExitCode.CouldNotRun);
  io.stdout.on('error', onStreamError);
  io.stderr.on('error', onStreamError);

  const run: Runner = async (load, options, args = []) => {
    const o = options as { output?: string; verbose?: boolean; brokerToken?: string; brokerPassword?: string; token?: string; password?: string; color?: boolean; colour?: boolean };
    verbose = Boolean(o.verbose);
    json = o.output === 'json';
    // Loaded on demand so `--help` never pulls in chalk, undici or cosmiconfig.
    const { createContext } = await import('./context.js');
    ctx = createContext({
      env,
      cwd: io.cwd,
      stdin: () => io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      format: json ? 'json' : 'text',
      verbose,
      // --no-color / --no-colour (verify's, as the reference verifier spells them).
      ...(o.color === false || o.colour === false ? { color: false } : {}),
      earlySecrets: [o.brokerToken, o.brokerPassword, o.token, o.password, env.PACT_BROKER_TOKEN, env.PACT_BROKER_PASSWORD].filter(
        (s): s is string => typeof s === 'string',
      ),
      cleanups,
      ...(io.signals ? { interruption: { signal: interruption.signal, claim: () => (claimed = true) } } : {}),
    });
    const mod = await load();
    code = (await mod.run(ctx, options, args)) ?? ExitCode.Ok;
  };

  const completed = (async (): Promise<number> => {
    try {
      if (argv.length === 1 && argv[0] === '--version') {
        // What commander would print, without loading commander and declaring every command first.
        io.stdout.write(`${VERSION}\n`);
        return code;
      }
      // The declarations (and commander) are a chunk of their own: --version above never loads them.
      const { buildProgram } = await import('./program.js');
      const program = buildProgram(run, io);
      await program.parseAsync(helpAsFlag(argv, program), { from: 'user' });
    } catch (error) {
      if (isCommanderError(error) && error.exitCode === 0) {
        code = ExitCode.Ok; // --help, --version
      } else {
        // commander has already printed its own usage errors.
        code = interruptedBy ? SIGNAL_EXIT[interruptedBy] : isCommanderError(error) ? ExitCode.CouldNotRun : exitCodeFor(error);
        if (!isCommanderError(error)) {
          const text = formatError(error, verbose);
          if (ctx) ctx.out.error(text);
          else io.stderr.write(`${text}\n`);
        }
        if (json && ctx?.out.json) {
          if (!ctx.out.documentWritten) ctx.out.document(errorDocument(error, code));
        } else if (json && !ctx) {
          io.stdout.write(`${JSON.stringify(errorDocument(error, code), null, 2)}\n`);
        }
      }
    } finally {
      await runCleanups();
    }
    return interruptedBy ? SIGNAL_EXIT[interruptedBy] : code;
  })();

  try {
    return await Promise.race([completed, early]);
  } finally {
    io.signals?.off('SIGINT', onSigint);
    io.signals?.off('SIGTERM', onSigterm);
    if (!io.exit) {
      io.stdout.off('error', onStreamError);
      io.stderr.off('error', onStreamError);
    }
  }
}

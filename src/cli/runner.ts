/** The contract between command declarations (program.ts, declare/*) and command modules. */
import type { CommandContext } from './context.js';

export interface CommandModule<O = Record<string, unknown>> {
  /** Returns the exit code (0 yes / 1 no) or throws a typed error (mapped by main.ts). */
  run(ctx: CommandContext, options: O, args: string[]): Promise<number | void>;
}

/** Lazily loads a command module and runs it: declarations never import command code. */
export type Runner = <O>(load: () => Promise<CommandModule<O>>, options: O, args?: string[]) => Promise<void>;

/**
 * What every command's --help has, applied once all commands are declared (program.ts):
 * - required options say "(required)": commander's mandatory ones, and those a command asks for
 *   itself (`requiredOneOf`: at least one of them, e.g. because a config file may give it);
 * - at least one example (`examples`, called by each declaration);
 * - a short option that means different things in different commands says what it means here and
 *   elsewhere. `-a` is --pacticipant in the broker commands, --consumer-app-version in publish and
 *   --provider-app-version in verify: the Ruby and Rust pact-broker CLIs' names, kept so pipelines
 *   can switch by changing the binary's name.
 */
import type { Command, Option } from 'commander';

const exampled = new WeakSet<Command>();

/** Adds "Example:" (or "Examples:") lines to a command's help; a line may continue with `\` + newline. */
export function examples(cmd: Command, ...lines: string[]): Command {
  exampled.add(cmd);
  return cmd.addHelpText('after', `\n${lines.length === 1 ? 'Example' : 'Examples'}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
}

function markRequired(option: Option, text: string): void {
  if (!/\(required|required\)/.test(option.description)) option.description = `${option.description} ${text}`;
}

const oneOfs = new WeakMap<Command, string[][]>();

/**
 * At least one of these options (long names) must be given, though commander does not enforce it
 * (the command checks, or a config file may give it): each says so in the help. May be called
 * before the options are declared; finishHelp applies it.
 */
export function requiredOneOf(cmd: Command, ...longs: string[]): Command {
  oneOfs.set(cmd, [...(oneOfs.get(cmd) ?? []), longs]);
  return cmd;
}

function applyOneOf(cmd: Command, longs: string[]): void {
  for (const long of longs) {
    const option = cmd.options.find((o) => o.long === long);
    if (!option) throw new Error(`requiredOneOf: ${cmd.name()} has no option ${long}`);
    const others = longs.filter((l) => l !== long);
    markRequired(option, others.length === 0 ? '(required)' : `(required unless ${others.join(' or ')} is given)`);
  }
}

/** Examples of the commands declared in declare/verify.ts, until that declaration calls `examples` itself. */
const DEFAULT_EXAMPLES: Record<string, string[]> = {
  verify: [
    'pactship verify --pact ./pacts --provider-base-url http://localhost:8080 --state-change-url http://localhost:8080/_pact/state',
    'pactship verify --provider user-service --provider-start \'npm start\' --publish-verification-results -a "$GIT_SHA"',
  ],
  pacts: ['pactship pacts --provider user-service --out ./pacts-to-verify'],
  'publish-results': ['pactship publish-results .pactship/unsent-results/*.json'],
};

/** Which commands give a short option which long one: short → long → command names. */
function shortMeanings(commands: readonly Command[]): Map<string, Map<string, string[]>> {
  const meanings = new Map<string, Map<string, string[]>>();
  for (const cmd of commands) {
    for (const o of cmd.options) {
      if (!o.short || !o.long) continue;
      const byLong = meanings.get(o.short) ?? new Map<string, string[]>();
      byLong.set(o.long, [...(byLong.get(o.long) ?? []), cmd.name()]);
      meanings.set(o.short, byLong);
    }
  }
  return meanings;
}

function commandList(names: string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.length} commands (${names.slice(0, 2).join(', ')}, …)`;
}

/** "-a here is --pacticipant; in publish it is --consumer-app-version, in verify --provider-app-version" */
export function shortOptionNotes(cmd: Command, meanings: Map<string, Map<string, string[]>>): string[] {
  const notes: string[] = [];
  for (const o of cmd.options) {
    const byLong = o.short ? meanings.get(o.short) : undefined;
    if (!o.short || !byLong || byLong.size < 2) continue;
    const elsewhere = [...byLong].filter(([long]) => long !== o.long).map(([long, names]) => `in ${commandList(names)} it is ${long}`);
    notes.push(`${o.short} here is ${o.long}; ${elsewhere.join(', ')}.`);
  }
  return notes;
}

export function finishHelp(program: Command): void {
  const commands = program.commands.filter((c) => c.name() !== 'help');
  const meanings = shortMeanings(commands);
  for (const cmd of commands) {
    const fallback = DEFAULT_EXAMPLES[cmd.name()];
    if (!exampled.has(cmd) && fallback) examples(cmd, ...fallback);
    for (const longs of oneOfs.get(cmd) ?? []) applyOneOf(cmd, longs);
    for (const o of cmd.options) if (o.mandatory) markRequired(o, '(required)');
    const notes = shortOptionNotes(cmd, meanings);
    if (notes.length) {
      cmd.addHelpText('after', `\nShort options that differ between commands (names of the Ruby and Rust pact-broker CLIs):\n${notes.map((n) => `  ${n}`).join('\n')}`);
    }
  }
}

/** Commands whose help lacks an example (the program test keeps this empty). */
export function withoutExamples(program: Command): string[] {
  return program.commands.filter((c) => c.name() !== 'help' && !exampled.has(c)).map((c) => c.name());
}

/** The command declarations as data: what every command accepts. */
import { describe, expect, it } from 'vitest';
import { withoutExamples } from '../../../src/cli/help.js';
import { OUTPUT_FORMATS } from '../../../src/cli/options.js';
import { buildProgram } from '../../../src/cli/program.js';

const program = buildProgram(async () => undefined);

describe('every command', () => {
  it.each(program.commands.filter((c) => c.name() !== 'help').map((c) => [c.name(), c] as const))('%s accepts -o text, table, json and id', (_name, cmd) => {
    const output = cmd.options.find((o) => o.long === '--output');
    expect(output?.short).toBe('-o');
    expect(output?.argChoices).toEqual([...OUTPUT_FORMATS]);
  });

  it('covers the commands (the list above is not empty by accident)', () => {
    expect(program.commands.map((c) => c.name())).toEqual(expect.arrayContaining(['publish', 'verify', 'can-i-deploy', 'create-environment', 'describe-version', 'config']));
  });
});

describe('help conventions', () => {
  const commands = program.commands.filter((c) => c.name() !== 'help');
  const help = (name: string) => (commands.find((c) => c.name() === name) as (typeof commands)[number]).helpInformation();
  // helpInformation() leaves out text added with addHelpText: render the whole help as --help prints it.
  const fullHelp = (name: string): string => {
    let text = '';
    const cmd = commands.find((c) => c.name() === name) as (typeof commands)[number];
    cmd.configureOutput({ writeOut: (t) => (text += t), writeErr: (t) => (text += t) });
    cmd.outputHelp();
    return text;
  };

  it('every command has an example', () => {
    expect(withoutExamples(program)).toEqual([]);
    for (const c of commands) expect(fullHelp(c.name()), c.name()).toMatch(/\nExamples?:\n {2}\$ pactship /);
  });

  /** The help entry of one option: its flags line and the wrapped description under it. */
  const entry = (name: string, long: string): string => {
    const entries = help(name).split(/\n(?= {2}-)/);
    return (entries.find((e) => new RegExp(`^ {2}(-\\w, )?${long}\\b`).test(e)) ?? '').replace(/\s+/g, ' ');
  };

  it.each(commands.flatMap((c) => c.options.filter((o) => o.mandatory).map((o) => [c.name(), o.long as string] as const)))('%s marks %s (required)', (name, long) => {
    expect(entry(name, long)).toMatch(/\(required\)/);
  });

  it('marks options of which one is needed, though commander does not enforce them, and no others', () => {
    expect(entry('can-i-deploy', '--pacticipant')).toContain('(required)');
    expect(entry('describe-environment', '--uuid')).toContain('environment uuid (required unless --name is given)');
    expect(entry('describe-environment', '--name')).toContain('environment name (required unless --uuid is given)');
    expect(entry('create-version-tag', '--tag')).toContain('(required unless --tag-with-git-branch is given)');
    expect(entry('record-deployment', '--application-instance')).not.toContain('required');
    expect(entry('publish', '--branch')).not.toContain('required');
  });

  it('says what -a means in each command that has it, and what it means elsewhere', () => {
    expect(fullHelp('publish')).toContain('-a here is --consumer-app-version; in verify it is --provider-app-version');
    expect(fullHelp('verify')).toContain('-a here is --provider-app-version; in publish it is --consumer-app-version');
    expect(fullHelp('record-deployment')).toContain('-a here is --pacticipant; in publish it is --consumer-app-version, in verify it is --provider-app-version.');
    expect(fullHelp('create-version-tag')).toContain('-t here is --tag; in verify it is --token');
    // A short option with one meaning everywhere gets no note.
    expect(fullHelp('create-version-tag')).not.toContain('-e here is');
    expect(fullHelp('generate-uuid')).not.toContain('Short options that differ');
  });
});

describe('declaring for one command', () => {
  const sink = { write: () => true };
  const names = (argv: string[]) => buildProgram(async () => undefined, { stdout: sink, stderr: sink, argv }).commands.map((c) => c.name());

  it('stops once the command about to run is declared, the same command as in the whole program', () => {
    const all = program.commands.map((c) => c.name());
    for (const name of ['publish', 'verify', 'can-i-deploy', 'config']) {
      const some = names([name, '--dry-run']);
      expect(some).toContain(name);
      expect(all).toEqual(expect.arrayContaining(some));
    }
    expect(names(['verify']).length).toBeLessThan(all.length);
  });

  it('declares everything for help, options and unknown commands', () => {
    const all = program.commands.map((c) => c.name());
    // A command's --help too: its notes on short options say what they mean in the other commands.
    for (const argv of [[], ['--help'], ['help', 'verify'], ['verif'], ['publish', '--help'], ['publish', '-h']]) expect(names(argv)).toEqual(all);
  });
});

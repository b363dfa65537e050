/** The command declarations as data: what every command accepts. */
import { describe, expect, it } from 'vitest';
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

describe('declaring for one command', () => {
  const sink = { write: () => true };
  const names = (argv: string[]) => buildProgram(async () => undefined, { stdout: sink, stderr: sink, argv }).commands.map((c) => c.name());

  it('stops once the command about to run is declared, the same command as in the whole program', () => {
    const all = program.commands.map((c) => c.name());
    for (const name of ['publish', 'verify', 'can-i-deploy', 'config']) {
      const some = names([name, '--help']);
      expect(some).toContain(name);
      expect(all).toEqual(expect.arrayContaining(some));
    }
    expect(names(['verify']).length).toBeLessThan(all.length);
  });

  it('declares everything for help, options and unknown commands', () => {
    const all = program.commands.map((c) => c.name());
    for (const argv of [[], ['--help'], ['help', 'verify'], ['verif']]) expect(names(argv)).toEqual(all);
  });
});

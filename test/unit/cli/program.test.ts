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

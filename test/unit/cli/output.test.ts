import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/cli/output.js';
import { createColors } from '../../../src/report/colors.js';

function output(live: boolean) {
  const chunks: string[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (d: Buffer) => chunks.push(`out:${d.toString()}`));
  const stderr = new PassThrough();
  stderr.on('data', (d: Buffer) => chunks.push(`err:${d.toString()}`));
  const out = new Output(stdout, stderr, () => (t) => t.replace(/sekrit/g, '*****'), 'text', true, createColors(0), live);
  return { out, chunks };
}

describe('Output status line', () => {
  it('is cleared before and redrawn after whatever is written, and removed for good', async () => {
    const { out, chunks } = output(true);
    out.status('1/3 · 0 failed · 0.1 s');
    out.line('  ✓ one');
    out.debug('wire sekrit');
    out.status('2/3 · 0 failed · 0.2 s');
    out.line('summary');
    out.status(undefined);
    out.status(undefined);
    await new Promise((r) => setImmediate(r));
    expect(chunks).toEqual([
      'out:1/3 · 0 failed · 0.1 s', // drawn at the start of a fresh line: nothing to clear yet
      'out:\r\x1b[K  ✓ one\n',
      'err:wire *****\n',
      'out:2/3 · 0 failed · 0.2 s',
      'out:\r\x1b[Ksummary\n',
    ]);
  });

  it('does nothing unless live (pipes, CI, JSON): the writes are exactly what they were', async () => {
    const { out, chunks } = output(false);
    out.status('1/3');
    out.line('a');
    out.line('b');
    out.status(undefined);
    await new Promise((r) => setImmediate(r));
    expect(chunks).toEqual(['out:a\nb\n']);
  });
});

import { describe, expect, it } from 'vitest';
import { progress, progressText } from '../../../src/report/progress.js';
import { interaction } from '../verify/helpers.js';

describe('progress line', () => {
  it('reads "done/total · failed · seconds"', () => {
    expect(progressText(12, 500, 3, 4140)).toBe('12/500 · 3 failed · 4.1 s');
  });

  it('draws when the run knows its size, on every result, and clears itself at the end; pending failures do not count', () => {
    const shown: (string | undefined)[] = [];
    let now = 1000;
    const p = progress({ show: (t) => shown.push(t), clear: () => shown.push(undefined) }, { clock: () => now, everyMs: 60_000 });
    const at = { consumer: 'Web', provider: 'Items', location: 'x', origin: 'file' as const, pending: false, wip: false, interactions: 3 };
    p.reporter.selected?.({ pacts: 1, interactions: 3 });
    now += 500;
    p.reporter.interaction?.(at, interaction());
    p.reporter.interaction?.(at, interaction({ status: 'failed' }));
    p.reporter.interaction?.(at, interaction({ status: 'failed', pending: true }));
    p.reporter.end?.({} as never);
    expect(shown).toEqual(['0/3 · 0 failed · 0.0 s', '1/3 · 0 failed · 0.5 s', '2/3 · 1 failed · 0.5 s', '3/3 · 1 failed · 0.5 s', undefined]);
    p.stop(); // idempotent: nothing more is drawn or cleared
    expect(shown).toHaveLength(5);
  });
});

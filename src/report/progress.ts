/**
 * The live progress line of a verify run on a terminal: `12/500 · 3 failed · 4.1 s`, redrawn as
 * results arrive and as time passes (so a slow provider still shows the run is alive), and gone at
 * the end. The CLI uses it only when stdout is a terminal, outside CI and not under `-o json`
 * (Output.live); everything else sees the same report without it.
 */
import type { VerifyReporter } from '../verify/events.js';

/** Where the line is drawn: `show` replaces it, `clear` removes it (Output.status). */
export interface StatusLine {
  show(text: string): void;
  clear(): void;
}

export interface ProgressOptions {
  clock?: () => number;
  /** How often the elapsed time is redrawn while nothing else happens. */
  everyMs?: number;
}

export interface Progress {
  reporter: VerifyReporter;
  /** Stops redrawing and removes the line (also when the run ended in an error). */
  stop(): void;
}

export function progressText(done: number, total: number, failed: number, elapsedMs: number): string {
  return `${done}/${total} · ${failed} failed · ${(elapsedMs / 1000).toFixed(1)} s`;
}

export function progress(line: StatusLine, options: ProgressOptions = {}): Progress {
  const clock = options.clock ?? (() => performance.now());
  let started = 0;
  let total = 0;
  let done = 0;
  let failed = 0;
  let timer: NodeJS.Timeout | undefined;
  let shown = false;
  const draw = () => {
    shown = true;
    line.show(progressText(done, total, failed, clock() - started));
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    if (shown) line.clear();
    shown = false;
  };
  return {
    reporter: {
      selected(counts) {
        started = clock();
        total = counts.interactions;
        draw();
        timer = setInterval(draw, options.everyMs ?? 100);
        timer.unref();
      },
      interaction(_pact, result) {
        done++;
        if (result.status === 'failed' && !result.pending) failed++;
        if (timer) draw();
      },
      end: stop,
    },
    stop,
  };
}

/** Colour with meaning, in one place. Follows NO_COLOR, FORCE_COLOR and whether the stream is a TTY. */
import { Chalk, type ChalkInstance } from 'chalk';

export interface Colors {
  ok: (s: string) => string;
  fail: (s: string) => string;
  warn: (s: string) => string;
  info: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  expected: (s: string) => string;
  actual: (s: string) => string;
  link: (s: string) => string;
}

export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false' || force === '0') return 0;
    const n = Number(force);
    return n >= 3 ? 3 : n >= 2 ? 2 : n >= 1 ? 1 : 0;
  }
  if (!isTTY || env.TERM === 'dumb') return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 2;
}

export function createColors(level: 0 | 1 | 2 | 3): Colors {
  const c: ChalkInstance = new Chalk({ level });
  return {
    ok: c.green,
    fail: c.red,
    warn: c.yellow,
    info: c.cyan,
    dim: c.dim,
    bold: c.bold,
    expected: c.green,
    actual: c.red,
    link: c.underline,
  };
}

/** Colour for a broker notice type (info|warning|error|success|danger|prompt|debug). */
export function noticeColor(colors: Colors, type: string | undefined): (s: string) => string {
  switch (type) {
    case 'success':
      return colors.ok;
    case 'warning':
    case 'prompt':
      return colors.warn;
    case 'error':
    case 'danger':
      return colors.fail;
    case 'debug':
      return colors.dim;
    default:
      return (s) => s;
  }
}

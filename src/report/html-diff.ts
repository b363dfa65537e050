/**
 * Expected and actual JSON side by side, for the HTML report: both documents pretty-printed with
 * the path of every line, and the lines the mismatches point at marked. A mismatch on an object or
 * array marks the keys/elements only one side has (a "missing keys" mismatch on `$` marks those
 * keys, not the whole document); any other mismatch marks its own path. Pure data, no markup.
 */
import type { Mismatch } from '../pact/model.js';
import { formatSegment } from '../matching/path.js';

export type Mark = 'changed' | 'missing' | 'extra';

export interface DiffLine {
  text: string;
  path: string;
  mark?: Mark;
}

export interface SideBySide {
  /** The path both documents sit at (`$` for whole bodies). */
  path: string;
  expected: DiffLine[];
  actual: DiffLine[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => Array.isArray(v) || isObject(v);

/** Whether `path` is `base` or lies under it (`$.a` is under `$`, `$.ab` is not under `$.a`). */
export function isUnder(path: string, base: string): boolean {
  return path === base || (path.startsWith(base) && (path[base.length] === '.' || path[base.length] === '['));
}

function scalar(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pretty-printed JSON, one entry per line, each with its path. */
export function jsonLines(value: unknown, path = '$'): DiffLine[] {
  const out: DiffLine[] = [];
  const walk = (v: unknown, p: string, indent: string, prefix: string, comma: string) => {
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [formatSegment(i), x]) : isObject(v) ? Object.entries(v).map(([k, x]) => [formatSegment(k), x]) : [];
    if (!isContainer(v) || entries.length === 0) {
      out.push({ text: `${indent}${prefix}${isContainer(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v)}${comma}`, path: p });
      return;
    }
    const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
    out.push({ text: `${indent}${prefix}${open}`, path: p });
    const keys = Array.isArray(v) ? undefined : Object.keys(v);
    entries.forEach(([segment, x], i) => {
      const key = keys ? `${JSON.stringify(keys[i])}: ` : '';
      walk(x, p + segment, `${indent}  `, key, i < entries.length - 1 ? ',' : '');
    });
    out.push({ text: `${indent}${close}${comma}`, path: p });
  };
  walk(value, path, '', '', '');
  return out;
}

interface Marks {
  changed: string[];
  missing: string[];
  extra: string[];
}

function marksFor(mismatches: readonly Mismatch[]): Marks {
  const marks: Marks = { changed: [], missing: [], extra: [] };
  for (const m of mismatches) {
    const { expected: e, actual: a } = m;
    const before = marks.missing.length + marks.extra.length;
    if (isObject(e) && isObject(a)) {
      for (const k of Object.keys(e)) if (!Object.hasOwn(a, k)) marks.missing.push(m.path + formatSegment(k));
      for (const k of Object.keys(a)) if (!Object.hasOwn(e, k)) marks.extra.push(m.path + formatSegment(k));
    } else if (Array.isArray(e) && Array.isArray(a)) {
      for (let i = a.length; i < e.length; i++) marks.missing.push(m.path + formatSegment(i));
      for (let i = e.length; i < a.length; i++) marks.extra.push(m.path + formatSegment(i));
    }
    // A container mismatch with no key or element to point at (a matcher on the whole value): mark it all.
    if (marks.missing.length + marks.extra.length === before) marks.changed.push(m.path);
  }
  return marks;
}

function mark(lines: DiffLine[], marks: Marks, side: 'expected' | 'actual'): DiffLine[] {
  const own = side === 'expected' ? marks.missing : marks.extra;
  return lines.map((line) => {
    const hit = (paths: string[]) => paths.some((p) => isUnder(line.path, p));
    const m: Mark | undefined = hit(own) ? (side === 'expected' ? 'missing' : 'extra') : hit(marks.changed) ? 'changed' : undefined;
    return m ? { ...line, mark: m } : line;
  });
}

/**
 * The side-by-side view of a group of body (or metadata) mismatches: the whole bodies when the
 * result has them, else the outermost mismatch's expected and actual values when both are objects
 * or arrays; undefined when there is no such pair (leaf mismatches alone are shown as rows).
 */
export function sideBySide(mismatches: readonly Mismatch[], bodies?: { expected: unknown; actual: unknown }): SideBySide | undefined {
  if (bodies && isContainer(bodies.expected) && isContainer(bodies.actual)) {
    const marks = marksFor(mismatches.filter((m) => m.path.startsWith('$')));
    return { path: '$', expected: mark(jsonLines(bodies.expected), marks, 'expected'), actual: mark(jsonLines(bodies.actual), marks, 'actual') };
  }
  const outer = [...mismatches].filter((m) => m.path.startsWith('$')).sort((a, b) => a.path.length - b.path.length)[0];
  if (!outer || !isContainer(outer.expected) || !isContainer(outer.actual)) return undefined;
  const marks = marksFor(mismatches.filter((m) => isUnder(m.path, outer.path)));
  return {
    path: outer.path,
    expected: mark(jsonLines(outer.expected, outer.path), marks, 'expected'),
    actual: mark(jsonLines(outer.actual, outer.path), marks, 'actual'),
  };
}

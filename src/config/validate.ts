/** Validation of raw config values against the schema. Collects every problem; never throws. */
import { SCHEMA, SCHEMA_BY_PATH, SECTIONS, isSecretKey, type KeySpec } from './schema.js';

export interface Validated {
  values: Map<string, unknown>;
  problems: string[];
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = levenshtein(input, c);
    if (d < bestScore) [best, bestScore] = [c, d];
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string' && value === '') return 'an empty string';
  const t = typeof value;
  return `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  let shown: string;
  try {
    shown = JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  return `${typeof value} ${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}`;
}

/** A URL as typed, minus anything that may be credentials (everything up to the last '@'), parsable or not. */
function withoutUserinfo(value: string): string {
  const at = value.lastIndexOf('@');
  if (at === -1) return value;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/*/.exec(value)?.[0] ?? '';
  return `${scheme}*****@${value.slice(at + 1)}`;
}

export interface CheckOptions {
  /** The text the user typed (env values): shown as `got 'abc'` instead of the parsed value. */
  raw?: string;
}

/** Checks one value; returns the (possibly normalized) value or a message. Never echoes a secret. */
export function checkValue(spec: KeySpec, value: unknown, options: CheckOptions = {}): { value: unknown } | { problem: string } {
  const secret = isSecretKey(spec.path);
  const got = () => (secret ? `got ${describeType(value)}` : options.raw !== undefined ? `got '${options.raw}'` : `got ${describeValue(value)}`);
  const quoted = (v: string) => (secret ? describeType(v) : `'${v}'`);
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? { value } : { problem: `must be a non-empty string, ${got()}` };
    case 'url': {
      if (typeof value !== 'string') return { problem: `must be a URL string, ${got()}` };
      const shown = quoted(withoutUserinfo(value));
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: `must be an http(s) URL, got ${shown}` };
        return { value };
      } catch {
        return { problem: `must be an absolute http(s) URL, got ${shown}` };
      }
    }
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { value };
      return { problem: `must be a non-negative number, ${got()}` };
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { value };
      return { problem: `must be a non-negative integer, ${got()}` };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { problem: `must be true or false, ${got()}` };
    case 'string[]':
      if (typeof value === 'string') return { value: [value] };
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { value };
      return { problem: `must be a string or a list of strings, ${got()}` };
    case 'object[]':
      if (Array.isArray(value) && value.every(isPlainObject)) return { value };
      return { problem: `must be a list of objects, ${got()}` };
    case 'record':
      return isPlainObject(value) ? { value } : { problem: `must be an object, ${got()}` };
    case 'function':
      return typeof value === 'function' ? { value } : { problem: `must be a function (only possible in a JS/TS config), ${got()}` };
    case 'functions':
    case 'handlers':
      return checkFunctions(spec, value, got);
    case 'string|function':
      return typeof value === 'string' || typeof value === 'function' ? { value } : { problem: `must be a string or a function, ${got()}` };
  }
}

/** `{ name: fn }` (or, for state handlers, `{ name: { setup, teardown } }`): every bad entry is named. */
function checkFunctions(spec: KeySpec, value: unknown, got: () => string): { value: unknown } | { problem: string } {
  const entry = spec.setupTeardown ? 'a function or { setup, teardown } functions' : 'a function';
  if (!isPlainObject(value)) return { problem: `must be an object of name → ${entry} (only possible in a JS/TS config), ${got()}` };
  const bad: string[] = [];
  for (const [name, h] of Object.entries(value)) {
    if (typeof h === 'function') continue;
    if (spec.setupTeardown && isPlainObject(h)) {
      const keys = Object.keys(h);
      const unknown = keys.filter((k) => k !== 'setup' && k !== 'teardown');
      const notFn = keys.filter((k) => (k === 'setup' || k === 'teardown') && typeof h[k] !== 'function');
      if (keys.length > 0 && unknown.length === 0 && notFn.length === 0) continue;
      if (keys.length === 0) bad.push(`'${name}': an empty object (give setup and/or teardown functions)`);
      for (const k of unknown) bad.push(`'${name}'.${k}: unknown key (only setup and teardown)`);
      for (const k of notFn) bad.push(`'${name}'.${k}: must be a function, got ${describeValue(h[k])}`);
      continue;
    }
    bad.push(`'${name}': must be ${entry}, got ${describeValue(h)}`);
  }
  if (bad.length === 0) return { value };
  return { problem: bad.length === 1 ? bad[0]! : `${bad.length} bad entries: ${bad.join('; ')}` };
}

/** Validate a whole config object (from a file). `origin` prefixes every problem. */
export function validateConfigObject(raw: unknown, origin: string): Validated {
  const values = new Map<string, unknown>();
  const problems: string[] = [];
  if (!isPlainObject(raw)) {
    return { values, problems: [`${origin}: must be an object with sections ${SECTIONS.join(', ')}`] };
  }
  for (const [section, body] of Object.entries(raw)) {
    if (!(SECTIONS as readonly string[]).includes(section)) {
      const hint = didYouMean(section, [...SECTIONS, ...SCHEMA.map((k) => k.path)]);
      problems.push(`${origin}: ${section}: unknown key${hint ? ` (did you mean '${hint}'?)` : ''}`);
      continue;
    }
    if (!isPlainObject(body)) {
      problems.push(`${origin}: ${section}: must be an object`);
      continue;
    }
    const keys = SCHEMA.filter((k) => k.path.startsWith(`${section}.`)).map((k) => k.path.slice(section.length + 1));
    for (const [key, value] of Object.entries(body)) {
      const path = `${section}.${key}`;
      const spec = SCHEMA_BY_PATH.get(path);
      if (!spec) {
        const hint = didYouMean(key, keys);
        problems.push(`${origin}: ${path}: unknown key${hint ? ` (did you mean '${section}.${hint}'?)` : ''}`);
        continue;
      }
      if (value === undefined) continue;
      const checked = checkValue(spec, value);
      if ('problem' in checked) problems.push(`${origin}: ${path}: ${checked.problem}`);
      else values.set(path, checked.value);
    }
  }
  return { values, problems };
}

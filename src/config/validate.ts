/** Validation of raw config values against the schema. Collects every problem; never throws. */
import { SCHEMA, SCHEMA_BY_PATH, SECTIONS, type KeySpec } from './schema.js';

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

/** Checks one value; returns the (possibly normalized) value or a message. */
export function checkValue(spec: KeySpec, value: unknown): { value: unknown } | { problem: string } {
  const got = () => (Array.isArray(value) ? 'an array' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`);
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? { value } : { problem: `must be a non-empty string, got ${got()}` };
    case 'url': {
      if (typeof value !== 'string') return { problem: `must be a URL string, got ${got()}` };
      try {
        const u = new URL(value);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: `must be an http(s) URL, got '${value}'` };
        return { value };
      } catch {
        return { problem: `must be an absolute http(s) URL, got '${value}'` };
      }
    }
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return { value };
      return { problem: `must be a non-negative number, got ${got()}` };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { problem: `must be true or false, got ${got()}` };
    case 'string[]':
      if (typeof value === 'string') return { value: [value] };
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { value };
      return { problem: `must be a string or a list of strings, got ${got()}` };
    case 'object[]':
      if (Array.isArray(value) && value.every(isPlainObject)) return { value };
      return { problem: `must be a list of objects, got ${got()}` };
    case 'record':
      return isPlainObject(value) ? { value } : { problem: `must be an object, got ${got()}` };
    case 'function':
      return typeof value === 'function' ? { value } : { problem: `must be a function (only possible in a JS/TS config), got ${got()}` };
    case 'functions': {
      if (!isPlainObject(value)) return { problem: `must be an object of state name → handler, got ${got()}` };
      for (const [name, h] of Object.entries(value)) {
        const ok = typeof h === 'function' || (isPlainObject(h) && Object.values(h).every((f) => typeof f === 'function') && Object.keys(h).every((k) => k === 'setup' || k === 'teardown'));
        if (!ok) return { problem: `'${name}' must be a function or { setup, teardown } functions` };
      }
      return { value };
    }
    case 'handlers': {
      if (!isPlainObject(value)) return { problem: `must be an object of message description → function, got ${got()}` };
      const bad = Object.entries(value).find(([, h]) => typeof h !== 'function');
      return bad ? { problem: `'${bad[0]}' must be a function (only possible in a JS/TS config)` } : { value };
    }
    case 'string|function':
      return typeof value === 'string' || typeof value === 'function' ? { value } : { problem: `must be a string or a function, got ${got()}` };
  }
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

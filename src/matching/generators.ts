/**
 * Request generators (path, query, header, body): values the consumer asked to be produced at
 * verification time. ProviderState substitutes `${name}` from the provider state's values (keeping
 * the value's type when the whole string is one expression); the others make random or time values.
 */
import { parseJsonValue, stringifyJson } from '../pact/json-text.js';
import { headerValue } from '../pact/http-parts.js';
import type { Body, Generator, HttpRequest, MultiMap } from '../pact/model.js';
import { isJsonType, parseMediaType, sniffContentType } from './content-type.js';
import { parsePath, tokenWeight, type PathToken } from './path.js';
import { generateFromRegex } from './regex-gen.js';
import { compileFormat } from './time-format.js';

export interface GeneratorContext {
  providerState?: Record<string, unknown>;
  now?: Date;
  random?: () => number;
}

interface Ctx {
  state: Record<string, unknown>;
  now: Date;
  random: () => number;
}

const NO_VALUE = Symbol('no value');
type Generated = unknown | typeof NO_VALUE;

export function applyGenerators(request: HttpRequest, context: GeneratorContext = {}): HttpRequest {
  const ctx: Ctx = { state: context.providerState ?? {}, now: context.now ?? new Date(), random: context.random ?? Math.random };
  const g = request.generators;
  let { path, query, headers, body } = request;

  const pathGen = g.path?.[''];
  if (pathGen) {
    const value = generate(pathGen, path, ctx);
    if (value !== NO_VALUE) path = String(value);
  }
  if (g.query) query = replaceValues(query, g.query, ctx, false);
  if (g.header) headers = replaceValues(headers, g.header, ctx, true);
  if (g.body && body.state === 'present') body = generateBody(body, headers, g.body, ctx);

  return { ...request, path, query, headers, body };
}

function replaceValues(map: MultiMap, gens: Record<string, Generator>, ctx: Ctx, caseInsensitive: boolean): MultiMap {
  const out: MultiMap = { ...map };
  for (const [name, gen] of Object.entries(gens)) {
    const key = caseInsensitive ? (Object.keys(out).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name) : name;
    const current = out[key] ?? [''];
    const values = current.map((v) => {
      const value = generate(gen, v, ctx);
      return value === NO_VALUE ? v : String(value);
    });
    out[key] = values;
  }
  return out;
}

function generateBody(body: Body, headers: MultiMap, gens: Record<string, Generator>, ctx: Ctx): Body {
  const bytes = body.bytes ?? new Uint8Array(0);
  const declared = body.contentType ?? headerValue(headers, 'content-type') ?? sniffContentType(bytes);
  const text = new TextDecoder().decode(bytes);
  if (!isJsonType(parseMediaType(declared)?.base ?? '')) {
    // Only a whole-body generator makes sense for non-JSON content.
    const gen = gens['$'];
    if (!gen) return body;
    const value = generate(gen, text, ctx);
    return value === NO_VALUE ? body : { ...body, bytes: new TextEncoder().encode(String(value)) };
  }
  let doc: unknown;
  try {
    // Numbers kept as written: generating one value must not turn another's 10.0 into 10.
    doc = parseJsonValue(text, Infinity);
  } catch {
    return body;
  }
  for (const [key, gen] of Object.entries(gens)) {
    const parsed = parsePath(key);
    if ('error' in parsed) continue;
    doc = replaceAt(doc, parsed.tokens, 1, (current) => generate(gen, current, ctx));
  }
  return { ...body, bytes: new TextEncoder().encode(stringifyJson(doc, true)) };
}

/** Replaces every node the tokens select (wildcards included), returning the updated value. */
function replaceAt(node: unknown, tokens: readonly PathToken[], i: number, make: (current: unknown) => Generated): unknown {
  if (i === tokens.length) {
    const value = make(node);
    return value === NO_VALUE ? node : value;
  }
  const token = tokens[i] as PathToken;
  if (Array.isArray(node)) {
    return node.map((child, index) => (tokenWeight(token, index) > 0 ? replaceAt(child, tokens, i + 1, make) : child));
  }
  if (typeof node === 'object' && node !== null) {
    const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
    for (const key of Object.keys(out)) {
      if (tokenWeight(token, key) > 0) out[key] = replaceAt(out[key], tokens, i + 1, make);
    }
    return out;
  }
  return node;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

function randomInt(ctx: Ctx, min: number, max: number): number {
  return min + Math.floor(ctx.random() * (max - min + 1));
}

function randomChars(ctx: Ctx, alphabet: string, n: number): string {
  let out = '';
  for (let k = 0; k < n; k++) out += alphabet[Math.min(alphabet.length - 1, Math.floor(ctx.random() * alphabet.length))];
  return out;
}

const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

/** One generated value, or NO_VALUE when the generator cannot produce one (the original is kept). */
export function generate(gen: Generator, current: unknown, ctx: Ctx): Generated {
  switch (gen.type) {
    case 'RandomInt':
      return randomInt(ctx, num(gen.min, 0), num(gen.max, 2147483647));
    case 'RandomDecimal': {
      const digits = Math.max(2, num(gen.digits, 10));
      const text = randomChars(ctx, '123456789', 1) + randomChars(ctx, '0123456789', digits - 1);
      const point = 1 + Math.floor(ctx.random() * (digits - 1));
      return Number(`${text.slice(0, point)}.${text.slice(point)}`);
    }
    case 'RandomHexadecimal':
      return randomChars(ctx, HEX, num(gen.digits, 10));
    case 'RandomString':
      return randomChars(ctx, ALNUM, num(gen.size, 20));
    case 'RandomBoolean':
      return ctx.random() < 0.5;
    case 'Regex': {
      if (typeof gen.regex !== 'string') return NO_VALUE;
      return generateFromRegex(gen.regex, ctx.random) ?? NO_VALUE;
    }
    case 'Uuid':
      return uuid(ctx, typeof gen.format === 'string' ? gen.format : 'lower-case-hyphenated');
    case 'Date':
    case 'Time':
    case 'DateTime':
    case 'Timestamp':
      return dateValue(gen, ctx);
    case 'ProviderState':
      return fromProviderState(gen, current, ctx);
    default:
      return NO_VALUE;
  }
}

function uuid(ctx: Ctx, format: string): string {
  const hex = randomChars(ctx, HEX, 32).split('');
  hex[12] = '4';
  hex[16] = HEX[(parseInt(hex[16] as string, 16) & 0x3) | 0x8] as string;
  const plain = hex.join('');
  const hyphenated = `${plain.slice(0, 8)}-${plain.slice(8, 12)}-${plain.slice(12, 16)}-${plain.slice(16, 20)}-${plain.slice(20)}`;
  switch (format) {
    case 'simple':
      return plain;
    case 'upper-case-hyphenated':
      return hyphenated.toUpperCase();
    case 'URN':
      return `urn:uuid:${hyphenated}`;
    default:
      return hyphenated;
  }
}

const DEFAULT_FORMATS: Record<string, string> = {
  Date: 'yyyy-MM-dd',
  Time: 'HH:mm:ss',
  DateTime: "yyyy-MM-dd'T'HH:mm:ss",
  Timestamp: "yyyy-MM-dd'T'HH:mm:ss",
};

function dateValue(gen: Generator, ctx: Ctx): Generated {
  const at = typeof gen.expression === 'string' ? evaluateDateExpression(gen.expression, ctx.now) : ctx.now;
  if (!at) return NO_VALUE;
  const pattern = typeof gen.format === 'string' ? gen.format : (DEFAULT_FORMATS[gen.type] as string);
  const format = compileFormat(pattern);
  return 'error' in format ? NO_VALUE : format.format(at);
}

const UNITS: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/**
 * `now`, `today`, `tomorrow`, `yesterday`, then any `+ N unit` / `- N unit` (year, month, week, day,
 * hour, minute, second, millisecond), then optionally `@ midnight`, `@ noon` or `@ HH:mm[:ss]`. UTC.
 */
export function evaluateDateExpression(expression: string, now: Date): Date | undefined {
  let rest = expression.trim().toLowerCase();
  let d = new Date(now.getTime());
  let timePart: string | undefined;
  const atSign = rest.indexOf('@');
  if (atSign >= 0) {
    timePart = rest.slice(atSign + 1).trim();
    rest = rest.slice(0, atSign).trim();
  }
  const base = /^(now|today|tomorrow|yesterday)\b/.exec(rest);
  if (base) {
    if (base[1] === 'tomorrow') d = new Date(d.getTime() + UNITS.day!);
    if (base[1] === 'yesterday') d = new Date(d.getTime() - UNITS.day!);
    rest = rest.slice(base[0].length).trim();
  }
  const step = /^([+-])\s*(\d+)\s*(millisecond|second|minute|hour|day|week|month|year)s?\b\s*/;
  while (rest !== '') {
    const m = step.exec(rest);
    if (!m) return undefined;
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    const unit = m[3] as string;
    if (unit === 'month' || unit === 'year') d = addMonths(d, unit === 'year' ? n * 12 : n);
    else d = new Date(d.getTime() + n * (UNITS[unit] as number));
    rest = rest.slice(m[0].length);
  }
  if (timePart !== undefined) {
    const t = timePart === 'midnight' ? [0, 0, 0] : timePart === 'noon' ? [12, 0, 0] : /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(timePart)?.slice(1).map((x) => Number(x ?? 0));
    if (!t) return undefined;
    d.setUTCHours(t[0] ?? 0, t[1] ?? 0, t[2] ?? 0, 0);
  }
  return d;
}

/** Calendar months, clamping the day like java.time (Jan 31 + 1 month = Feb 29 in a leap year). */
function addMonths(d: Date, n: number): Date {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const out = new Date(d.getTime());
  out.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay));
  return out;
}

function lookup(state: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(state, name)) return state[name];
  let node: unknown = state;
  for (const part of name.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function fromProviderState(gen: Generator, _current: unknown, ctx: Ctx): Generated {
  const expression = gen.expression;
  if (typeof expression !== 'string') return NO_VALUE;
  const whole = /^\$\{\s*([^}]+?)\s*\}$/.exec(expression);
  let value: unknown;
  if (whole) {
    value = lookup(ctx.state, whole[1] as string);
    if (value === undefined) return NO_VALUE;
  } else {
    let missing = false;
    value = expression.replace(/\$\{\s*([^}]+?)\s*\}/g, (_, name: string) => {
      const v = lookup(ctx.state, name);
      if (v === undefined) missing = true;
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
    if (missing) return NO_VALUE;
  }
  return convert(value, typeof gen.dataType === 'string' ? gen.dataType : 'RAW');
}

function convert(value: unknown, dataType: string): unknown {
  switch (dataType.toUpperCase()) {
    case 'STRING':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'INTEGER': {
      const n = parseInt(String(value), 10);
      return Number.isNaN(n) ? value : n;
    }
    case 'DECIMAL':
    case 'FLOAT': {
      const n = parseFloat(String(value));
      return Number.isNaN(n) ? value : n;
    }
    case 'BOOLEAN':
      return value === true || value === 'true';
    default:
      return value;
  }
}

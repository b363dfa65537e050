/**
 * Java DateTimeFormatter-style patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSX`) → a validator that reads
 * text the way the reference verifier's date parser does (measured against it, see
 * fixtures/matching/v3/body/*date*, *time*): left to right, no backtracking; a numeric field takes
 * 1 up to N digits (N = the letter count for y, S; 2 for M, d, H, m, s…; 3 for D), then its range
 * is checked (month 1–12, a day that exists in that month and year, hour 0–23, second 0–60…);
 * names are case-insensitive; nothing may remain. And a formatter for the Date/Time/DateTime
 * generators. Text fields use English names, as Java's default locale.
 */

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'optional'; parts: Part[] };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** What a date/time/timestamp matcher without a format checks (the reference's defaults). */
export const DEFAULT_FORMATS = { date: 'yyyy-MM-dd', time: 'HH:mm:ss', timestamp: "yyyy-MM-dd'T'HH:mm:ssXXX" } as const;

export interface CompiledFormat {
  pattern: string;
  /** Undefined when the text is valid for the pattern, else why not. */
  validate(text: string): string | undefined;
  format(date: Date): string;
}

const cache = new Map<string, CompiledFormat | { error: string }>();

export function compileFormat(pattern: string): CompiledFormat | { error: string } {
  let compiled = cache.get(pattern);
  if (!compiled) {
    compiled = build(pattern);
    if (cache.size > 500) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

const KNOWN_LETTERS = new Set('GyYuMLdDEeFwWaHkKhmsSAnNXxZzOVQqc'.split(''));

function build(pattern: string): CompiledFormat | { error: string } {
  let parts: Part[];
  try {
    parts = tokenize(pattern);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const unknown = letters(parts).find((l) => !KNOWN_LETTERS.has(l));
  if (unknown) return { error: `unknown pattern letter '${unknown}'` };
  return {
    pattern,
    validate: (text) => validate(parts, text, pattern),
    format: (date) => formatParts(parts, date),
  };
}

function letters(parts: Part[]): string[] {
  return parts.flatMap((p) => (p.kind === 'field' ? [p.letter] : p.kind === 'optional' ? letters(p.parts) : []));
}

function tokenize(pattern: string): Part[] {
  const root: Part[] = [];
  const stack: Part[][] = [root];
  let i = 0;
  const top = (): Part[] => stack[stack.length - 1] as Part[];
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        top().push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      let text = '';
      let j = i + 1;
      for (;;) {
        const close = pattern.indexOf("'", j);
        if (close < 0) throw new Error(`unterminated quote in pattern '${pattern}'`);
        text += pattern.slice(j, close);
        if (pattern[close + 1] === "'") {
          text += "'";
          j = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      top().push({ kind: 'literal', text });
      continue;
    }
    if (c === '[') {
      const optional: Part = { kind: 'optional', parts: [] };
      top().push(optional);
      stack.push(optional.parts);
      i++;
      continue;
    }
    if (c === ']') {
      if (stack.length === 1) throw new Error(`unbalanced ']' in pattern '${pattern}'`);
      stack.pop();
      i++;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      top().push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    top().push({ kind: 'literal', text: c });
    i++;
  }
  if (stack.length !== 1) throw new Error(`unbalanced '[' in pattern '${pattern}'`);
  return root;
}

interface Fields {
  year?: number;
  month?: number;
  day?: number;
}

/** Reads `text` with the pattern's parts in order; undefined when all of it was read and the fields are valid. */
function validate(parts: Part[], text: string, pattern: string): string | undefined {
  const fields: Fields = {};
  let pos = 0;
  for (const part of parts) {
    if (part.kind === 'optional') return `optional sections '[…]' in '${pattern}' are not supported (the reference rejects them)`;
    if (part.kind === 'literal') {
      if (!text.startsWith(part.text, pos)) return `expected '${part.text}' at position ${pos + 1}`;
      pos += part.text.length;
      continue;
    }
    const read = readField(part.letter, part.count, text, pos, fields);
    if (typeof read === 'string') return read;
    pos = read;
  }
  if (pos !== text.length) return `unexpected '${text.slice(pos)}' after the pattern '${pattern}'`;
  if (fields.month !== undefined && fields.day !== undefined) {
    const y = fields.year;
    const leap = y === undefined || (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
    const max = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][fields.month - 1] ?? 31;
    if (fields.day > max) return `day ${fields.day} does not exist in month ${fields.month}${y === undefined ? '' : ` of ${y}`}`;
  }
  return undefined;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** New position, or why the field could not be read. */
function readField(letter: string, count: number, text: string, pos: number, fields: Fields): number | string {
  const num = (max: number, lo: number, hi: number, what: string, set?: keyof Fields): number | string => {
    let end = pos;
    while (end < text.length && end - pos < max && isDigit(text.charCodeAt(end))) end++;
    if (end === pos) return `expected a ${what} at position ${pos + 1}`;
    const value = Number(text.slice(pos, end));
    if (value < lo || value > hi) return `${what} ${value} is out of range ${lo}-${hi}`;
    if (set) fields[set] = value;
    return end;
  };
  const names = (list: readonly string[], what: string): number | string => {
    const lower = text.slice(pos).toLowerCase();
    const found = list.find((n) => lower.startsWith(n.toLowerCase()));
    return found === undefined ? `expected a ${what} at position ${pos + 1}` : pos + found.length;
  };
  const any = Number.MAX_SAFE_INTEGER;
  switch (letter) {
    case 'y':
      return num(count, 0, any, 'year', 'year');
    case 'Y':
    case 'u':
      return num(count, 0, any, 'year');
    case 'M':
      if (count <= 2) return num(2, 1, 12, 'month', 'month');
      return namedMonth(names(count === 3 ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS, 'month name'), text, pos, fields);
    case 'L':
      return count <= 2 ? num(2, 1, 12, 'month', 'month') : `month names ('${'L'.repeat(count)}') are not supported`;
    case 'd':
      return num(2, 1, 31, 'day', 'day');
    case 'D':
      return num(3, 1, 356, 'day of year');
    case 'H':
      return num(2, 0, 23, 'hour');
    case 'k':
      return num(2, 1, 24, 'hour');
    case 'K':
      return num(2, 0, 11, 'hour');
    case 'h':
      return num(2, 1, 12, 'hour');
    case 'm':
      return num(2, 0, 59, 'minute');
    case 's':
      return num(2, 0, 60, 'second');
    case 'S':
      return num(count, 0, any, 'fraction of a second');
    case 'n':
    case 'N':
    case 'A':
      return num(18, 0, any, 'number');
    case 'w':
      return num(2, 1, 56, 'week of year');
    case 'W':
      return num(1, 1, 5, 'week of month');
    case 'F':
      return num(1, 0, 4, 'day of week in month');
    case 'e':
    case 'c':
      if (count <= 2) return num(1, 1, 7, 'day of week');
      return names(count === 3 ? DAYS.map((d) => d.slice(0, 3)) : DAYS, 'day name');
    case 'q':
    case 'Q':
      return count <= 2 ? num(1, 1, 4, 'quarter') : `quarter names ('${letter.repeat(count)}') are not supported`;
    case 'E':
      return names(count <= 3 ? DAYS.map((d) => d.slice(0, 3)) : DAYS, 'day name');
    case 'a':
      return count === 1 ? names(['AM', 'PM'], 'AM/PM marker') : `'${'a'.repeat(count)}' is not supported`;
    case 'G':
      return names(['AD', 'BC'], 'era');
    case 'X':
    case 'x':
      return offset(text, pos, letter === 'X', OFFSET_FORMS[Math.min(count, 5) - 1] as RegExp);
    case 'Z':
      if (count <= 3) return offset(text, pos, false, /^[+-]\d{2}\d{2}/);
      if (count === 4) return text.startsWith('GMT', pos) ? offset(text, pos + 3, false, /^[+-]\d{2}:\d{2}/) : `expected 'GMT' at position ${pos + 1}`;
      return offset(text, pos, false, /^[+-]\d{2}:\d{2}(?::\d{2})?/);
    case 'O':
      if (!text.startsWith('GMT', pos)) return `expected 'GMT' at position ${pos + 1}`;
      return offset(text, pos + 3, false, count >= 4 ? /^[+-]\d{2}:\d{2}/ : /^[+-]\d{1,2}(?::\d{2})?/);
    case 'z':
      return count <= 3 ? names(ZONE_NAMES, 'time zone name') : `full time zone names ('zzzz') are not supported`;
    case 'V': {
      if (count !== 2) return `'${'V'.repeat(count)}' is not supported`;
      const m = /^[A-Za-z]+\/[A-Za-z]+/.exec(text.slice(pos));
      return m && zoneIds().has(m[0]) ? pos + m[0].length : `expected a time zone id at position ${pos + 1}`;
    }
    default:
      return `unknown pattern letter '${letter}'`;
  }
}

function namedMonth(read: number | string, text: string, pos: number, fields: Fields): number | string {
  if (typeof read === 'string') return read;
  const name = text.slice(pos, read).toLowerCase();
  fields.month = MONTHS.findIndex((m) => m.toLowerCase().startsWith(name)) + 1;
  return read;
}

/** X/x by count: `+01`/`+0100`; `+0100`; `+01:00` (the reference also takes `+1:0`); `+0100[00]`; `+01:00[:00]`. */
const OFFSET_FORMS = [/^[+-]\d{2}(?:\d{2})?/, /^[+-]\d{4}/, /^[+-]\d{1,2}:\d{1,2}/, /^[+-]\d{4}(?:\d{2})?/, /^[+-]\d{2}:\d{2}(?::\d{2})?/];

/** An offset (`Z` when allowed) within ±18:00, as java.time's ZoneOffset. */
function offset(text: string, pos: number, allowZ: boolean, form: RegExp): number | string {
  if (allowZ && text[pos] === 'Z') return pos + 1;
  const m = form.exec(text.slice(pos));
  if (!m) return `expected a zone offset at position ${pos + 1}`;
  const digits = m[0].slice(1).split(':');
  const [h, mm = '0', ss = '0'] = digits.length > 1 ? digits : [m[0].slice(1, 3), m[0].slice(3, 5) || '0', m[0].slice(5, 7) || '0'];
  const hours = Number(h);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (minutes > 59 || seconds > 59 || hours * 3600 + minutes * 60 + seconds > 18 * 3600) return `zone offset ${m[0]} is out of range`;
  return pos + m[0].length;
}

/** The zone abbreviations the reference was seen to accept (it rejects others, UTC included). */
const ZONE_NAMES = ['AKST', 'AKDT', 'AEST', 'NZST', 'CEST', 'EEST', 'PST', 'PDT', 'MST', 'MDT', 'CST', 'CDT', 'EST', 'EDT', 'HST', 'GMT', 'BST', 'IST', 'CET', 'WET', 'EET', 'MSK', 'JST'];

let zones: Set<string> | undefined;
function zoneIds(): Set<string> {
  zones ??= new Set((Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone'));
  return zones;
}

const pad = (n: number, width: number): string => String(Math.abs(n)).padStart(width, '0');

/** Formats in UTC (generated values are stable whatever the machine's time zone). */
function formatParts(parts: Part[], d: Date): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'literal') out += part.text;
    else if (part.kind === 'optional') out += formatParts(part.parts, d);
    else out += formatField(part.letter, part.count, d);
  }
  return out;
}

function formatField(letter: string, count: number, d: Date): string {
  const hours = d.getUTCHours();
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), count);
    case 'M':
    case 'L': {
      const m = d.getUTCMonth();
      if (count <= 2) return pad(m + 1, count);
      const name = MONTHS[m] as string;
      return count === 3 ? name.slice(0, 3) : count === 4 ? name : name.slice(0, 1);
    }
    case 'd':
      return pad(d.getUTCDate(), count);
    case 'D': {
      const start = Date.UTC(d.getUTCFullYear(), 0, 1);
      return pad(Math.floor((d.getTime() - start) / 86_400_000) + 1, count);
    }
    case 'H':
      return pad(hours, count);
    case 'k':
      return pad(hours === 0 ? 24 : hours, count);
    case 'h':
      return pad(hours % 12 === 0 ? 12 : hours % 12, count);
    case 'K':
      return pad(hours % 12, count);
    case 'm':
      return pad(d.getUTCMinutes(), count);
    case 's':
      return pad(d.getUTCSeconds(), count);
    case 'S':
      return pad(d.getUTCMilliseconds(), 3).padEnd(count, '0').slice(0, count);
    case 'n':
      return String(d.getUTCMilliseconds() * 1_000_000);
    case 'N':
      return String(((hours * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1e9 + d.getUTCMilliseconds() * 1e6);
    case 'A':
      return String(((hours * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds()) * 1000 + d.getUTCMilliseconds());
    case 'a':
      return hours < 12 ? 'AM' : 'PM';
    case 'E':
    case 'e':
    case 'c': {
      const name = DAYS[(d.getUTCDay() + 6) % 7] as string;
      if ((letter === 'e' || letter === 'c') && count <= 2) return String(((d.getUTCDay() + 6) % 7) + 1);
      return count <= 3 ? name.slice(0, 3) : name;
    }
    case 'G':
      return 'AD';
    case 'Q':
    case 'q':
      return String(Math.floor(d.getUTCMonth() / 3) + 1);
    case 'X':
      return 'Z';
    case 'x':
      return count === 2 || count === 4 ? '+0000' : count === 1 ? '+00' : '+00:00';
    case 'Z':
      return count <= 3 ? '+0000' : count === 4 ? 'GMT' : 'Z';
    case 'O':
      return 'GMT';
    case 'z':
    case 'v':
      return 'UTC';
    case 'V':
      return 'UTC';
    default:
      return '';
  }
}

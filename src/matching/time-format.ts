/**
 * Java DateTimeFormatter-style patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSX`) → a validator (a regex
 * plus range checks: month 1–12, a day that exists in that month, hour 0–23, …) and a formatter
 * for the Date/Time/DateTime generators. Text fields use English names, as Java's default locale.
 */

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'optional'; parts: Part[] };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const alt = (words: string[]): string => `(?:${words.join('|')})`;

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
    cache.set(pattern, compiled);
  }
  return compiled;
}

function build(pattern: string): CompiledFormat | { error: string } {
  let parts: Part[];
  try {
    parts = tokenize(pattern);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const fields: Array<{ letter: string; count: number }> = [];
  let source: string;
  try {
    source = toRegex(parts, fields);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const regex = new RegExp(`^${source}$`);
  return {
    pattern,
    validate(text) {
      const m = regex.exec(text);
      if (!m) return `does not match the pattern '${pattern}'`;
      return checkRanges(fields, m.slice(1));
    },
    format: (date) => formatParts(parts, date),
  };
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

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const digits = (count: number, max = 2): string => (count === 1 ? `(\\d{1,${max}})` : `(\\d{${count}})`);

function toRegex(parts: Part[], fields: Array<{ letter: string; count: number }>): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'literal') out += escape(part.text);
    else if (part.kind === 'optional') out += `(?:${toRegex(part.parts, fields)})?`;
    else {
      out += fieldRegex(part.letter, part.count);
      fields.push({ letter: part.letter, count: part.count });
    }
  }
  return out;
}

function fieldRegex(letter: string, count: number): string {
  switch (letter) {
    case 'y':
    case 'u':
    case 'Y':
      return count === 2 ? '(\\d{2})' : count === 1 ? '(-?\\d{1,9})' : `(-?\\d{${count},9})`;
    case 'M':
    case 'L':
      if (count <= 2) return digits(count);
      if (count === 3) return `(${alt(MONTHS.map((m) => m.slice(0, 3)))})`;
      if (count === 4) return `(${alt(MONTHS)})`;
      return '([JFMASOND])';
    case 'd':
    case 'H':
    case 'h':
    case 'K':
    case 'k':
    case 'm':
    case 's':
    case 'w':
    case 'W':
    case 'F':
      return digits(count);
    case 'D':
      return digits(count, 3);
    case 'S':
      return `(\\d{${count}})`;
    case 'n':
    case 'N':
    case 'A':
      return '(\\d+)';
    case 'a':
      return '(AM|PM|am|pm)';
    case 'E':
      return count <= 3 ? `(${alt(DAYS.map((d) => d.slice(0, 3)))})` : `(${alt(DAYS)})`;
    case 'e':
    case 'c':
      return count <= 2 ? '([1-7])' : count === 3 ? `(${alt(DAYS.map((d) => d.slice(0, 3)))})` : `(${alt(DAYS)})`;
    case 'G':
      return '(AD|BC|Anno Domini|Before Christ)';
    case 'Q':
    case 'q':
      return count <= 2 ? '([1-4])' : '(Q[1-4]|[1-4](?:st|nd|rd|th) quarter)';
    case 'X':
      return `(Z|${offsetRegex(count)})`;
    case 'x':
      return `(${offsetRegex(count)})`;
    case 'Z':
      return count <= 3 ? '([+-]\\d{4})' : count === 4 ? '(GMT(?:[+-]\\d{2}:\\d{2})?|Z)' : '(Z|[+-]\\d{2}:\\d{2})';
    case 'O':
      return '(GMT(?:[+-]\\d{1,2}(?::\\d{2})?)?)';
    case 'z':
    case 'v':
      return '([A-Za-z][A-Za-z0-9_/+-]*)';
    case 'V':
      return '(Z|[+-]\\d{2}:\\d{2}|[A-Za-z][A-Za-z0-9_/+-]*)';
    default:
      throw new Error(`unknown pattern letter '${letter}'`);
  }
}

function offsetRegex(count: number): string {
  switch (count) {
    case 1:
      return '[+-]\\d{2}(?:\\d{2})?';
    case 2:
      return '[+-]\\d{4}';
    case 3:
      return '[+-]\\d{2}:\\d{2}';
    case 4:
      return '[+-]\\d{4}(?:\\d{2})?';
    default:
      return '[+-]\\d{2}:\\d{2}(?::\\d{2})?';
  }
}

function checkRanges(fields: Array<{ letter: string; count: number }>, values: Array<string | undefined>): string | undefined {
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  const range = (v: number, lo: number, hi: number, what: string): string | undefined =>
    v < lo || v > hi ? `${what} ${v} is out of range ${lo}-${hi}` : undefined;
  for (let i = 0; i < fields.length; i++) {
    const raw = values[i];
    if (raw === undefined) continue; // an optional section that was absent
    const { letter, count } = fields[i] as { letter: string; count: number };
    const n = Number(raw);
    let problem: string | undefined;
    switch (letter) {
      case 'y':
      case 'u':
        year = count === 2 ? 2000 + n : n;
        break;
      case 'M':
      case 'L':
        month = count <= 2 ? n : count === 5 ? undefined : MONTHS.findIndex((m) => m.startsWith(raw)) + 1;
        if (month !== undefined) problem = range(month, 1, 12, 'month');
        break;
      case 'd':
        day = n;
        problem = range(n, 1, 31, 'day');
        break;
      case 'D':
        problem = range(n, 1, 366, 'day of year');
        break;
      case 'H':
        problem = range(n, 0, 23, 'hour');
        break;
      case 'k':
        problem = range(n, 1, 24, 'hour');
        break;
      case 'h':
        problem = range(n, 1, 12, 'hour');
        break;
      case 'K':
        problem = range(n, 0, 11, 'hour');
        break;
      case 'm':
        problem = range(n, 0, 59, 'minute');
        break;
      case 's':
        problem = range(n, 0, 59, 'second');
        break;
    }
    if (problem) return problem;
  }
  if (month !== undefined && day !== undefined) {
    const leap = year === undefined || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
    const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    const max = lengths[month - 1] ?? 31;
    if (day > max) return `day ${day} does not exist in month ${month}${year === undefined ? '' : ` of ${year}`}`;
  }
  return undefined;
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

/** ISO-8601 forms accepted when a date/time/timestamp matcher gives no format (as the reference does). */
export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const ISO_TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
export const ISO_DATETIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?(\[[A-Za-z_/+-]+\])?$/;

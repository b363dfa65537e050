/**
 * JSON text → values. `parseJsonText` reads pact files: a position a person can use on failure
 * (`line L column C`; V8 words its errors differently between versions, so a small grammar scanner
 * finds where the text first goes wrong) and, inside bodies, numbers kept as written (see
 * json-number.ts). `parseJsonValue` reads bodies: numbers kept everywhere, nesting bounded.
 * Both scan the text once for the literals a JS number would lose and use the native parser when
 * there are none (the common, fast case).
 */
import { JsonNumber, numberFromLiteral } from './json-number.js';

export class JsonTextError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`invalid JSON at line ${line} column ${column}: ${reason}`);
    this.name = 'JsonTextError';
  }
}

/** Nested deeper than the limit (the reference's JSON parser stops at 128 levels). */
export class JsonDepthError extends Error {
  constructor(
    readonly limit: number,
    readonly offset: number,
  ) {
    super(`nested deeper than ${limit} levels`);
    this.name = 'JsonDepthError';
  }
}

/** Parses a pact file (a leading BOM is ignored); throws JsonTextError on bad JSON. */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const scan = scanJson(body, Infinity);
    const value = scan.lossy ? new LosslessParser(body, 'bodies').parse() : (JSON.parse(body) as unknown);
    if (typeof value === 'object' && value !== null) DEPTHS.set(value, scan.depth);
    return value;
  } catch (error) {
    const found = findJsonError(body) ?? {
      offset: error instanceof LosslessSyntaxError ? error.offset : body.length,
      reason: error instanceof Error ? error.message : String(error),
    };
    const { line, column } = lineColumn(body, found.offset);
    throw new JsonTextError(line, column, found.reason);
  }
}

/**
 * Parses a body: numbers kept as written (JsonNumber where needed); throws JsonDepthError past
 * `maxDepth` nested arrays/objects, SyntaxError on bad JSON.
 */
export function parseJsonValue(text: string, maxDepth: number): unknown {
  const scan = scanJson(text, maxDepth);
  if (!scan.lossy) return JSON.parse(text) as unknown;
  try {
    return new LosslessParser(text, 'everywhere').parse();
  } catch (error) {
    if (error instanceof LosslessSyntaxError) JSON.parse(text); // the native parser's wording
    throw error;
  }
}

/** How deep a parsed pact file nests: when shallow, nothing below it needs walking for depth. */
const DEPTHS = new WeakMap<object, number>();

/** The deepest nesting of arrays/objects in the text `value` was parsed from, when known. */
export function parsedDepth(value: object): number | undefined {
  return DEPTHS.get(value);
}

/** Containers that hold a JsonNumber somewhere below: only they need the slow serializer. */
const LOSSY = new WeakSet<object>();

/**
 * JSON text of a value, JsonNumbers written as they were read. Only containers the parser marked
 * are walked here (the rest go to the native serializer) unless `deep` (values built by hand).
 */
export function stringifyJson(value: unknown, deep = false): string {
  if (value instanceof JsonNumber) return value.text;
  if (typeof value !== 'object' || value === null || (!deep && !LOSSY.has(value))) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stringifyJson(v, deep))).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJson(v, deep)}`);
  return `{${parts.join(',')}}`;
}

/**
 * One pass that skips strings: how deep arrays/objects nest (throws past `maxDepth`) and whether a
 * number literal would lose something as a JS number (`10.0`, `1e3`, `-0`, integers past 2^53).
 * Never throws on bad syntax: the parser that follows reports that.
 */
export function scanJson(text: string, maxDepth: number): { lossy: boolean; depth: number } {
  let depth = 0;
  let deepest = 0;
  let lossy = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = text.indexOf('"', i + 1);
      while (j > 0) {
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - k) % 2 === 1) break; // an even number of backslashes: the quote ends the string
        j = text.indexOf('"', j + 1);
      }
      if (j < 0) return { lossy, depth: deepest };
      i = j + 1;
    } else if (c === 91 || c === 123) {
      if (++depth > maxDepth) throw new JsonDepthError(maxDepth, i);
      if (depth > deepest) deepest = depth;
      i++;
    } else if (c === 93 || c === 125) {
      depth--;
      i++;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      const start = i;
      let digits = 0;
      let dot = false;
      let nonZeroFraction = false;
      let exponent = false;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) {
          digits++;
          if (dot && !exponent && d !== 48) nonZeroFraction = true;
        } else if (d === 46) dot = true;
        else if (d === 101 || d === 69) exponent = true;
        else if (d !== 43 && d !== 45) break;
      }
      // 12.25 needs no look; 12.0, 1e3, -0 and 16+ digits might be lossy.
      const maybe = exponent || (dot && !nonZeroFraction) || digits >= 16 || (!dot && digits === 1 && text.charCodeAt(start) === 45 && text.charCodeAt(start + 1) === 48);
      if (!lossy && maybe) lossy = numberFromLiteral(text.slice(start, i)) instanceof JsonNumber;
    } else i++;
  }
  return { lossy, depth: deepest };
}

class LosslessSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** The recursive parsers' own bound (bodies are bounded far lower by the caller). */
const PARSER_DEPTH = 2000;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Recursive descent for texts that hold lossy literals. `bodies`: numbers are kept only inside a
 * `body`/`content` member that is not under `matchingRules`/`generators` (a pact file: a
 * `min: 1.0` stays a plain number where the engine reads options).
 */
class LosslessParser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly text: string,
    private readonly where: 'bodies' | 'everywhere',
  ) {}

  parse(): unknown {
    const value = this.value(this.where === 'everywhere', false);
    this.ws();
    if (this.i !== this.text.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(message: string): never {
    throw new LosslessSyntaxError(message, this.i);
  }

  private ws(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else return;
    }
  }

  private string(): string {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    let simple = true;
    for (;;) {
      const c = t.charCodeAt(j);
      if (Number.isNaN(c)) this.fail('unterminated string');
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        j += 2;
      } else j++;
    }
    this.i = j + 1;
    return simple ? t.slice(start + 1, j) : (JSON.parse(t.slice(start, j + 1)) as string);
  }

  /** `keep`: wrap lossy numbers here; `rules`: under matchingRules/generators (never keep). */
  private value(keep: boolean, rules: boolean): unknown {
    if (++this.depth > PARSER_DEPTH) this.fail(`nested deeper than ${PARSER_DEPTH} levels`);
    try {
      return this.inner(keep, rules);
    } finally {
      this.depth--;
    }
  }

  private inner(keep: boolean, rules: boolean): unknown {
    this.ws();
    const t = this.text;
    const c = t.charCodeAt(this.i);
    if (c === 123) {
      this.i++;
      const obj: Record<string, unknown> = {};
      let lossy = false;
      this.ws();
      if (t.charCodeAt(this.i) === 125) {
        this.i++;
        return obj;
      }
      for (;;) {
        this.ws();
        if (t.charCodeAt(this.i) !== 34) this.fail('expected a property name');
        const key = this.string();
        this.ws();
        if (t.charCodeAt(this.i) !== 58) this.fail("expected ':'");
        this.i++;
        const underRules = rules || key === 'matchingRules' || key === 'generators';
        const v = this.value(keep || (!underRules && (key === 'body' || key === 'content')), underRules);
        // Like JSON.parse: a later duplicate key wins, and `__proto__` is an ordinary key.
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        if (v instanceof JsonNumber || (typeof v === 'object' && v !== null && LOSSY.has(v))) lossy = true;
        this.ws();
        const next = t.charCodeAt(this.i++);
        if (next === 125) break;
        if (next !== 44) this.fail("expected ',' or '}'");
      }
      if (lossy) LOSSY.add(obj);
      return obj;
    }
    if (c === 91) {
      this.i++;
      const arr: unknown[] = [];
      let lossy = false;
      this.ws();
      if (t.charCodeAt(this.i) === 93) {
        this.i++;
        return arr;
      }
      for (;;) {
        const v = this.value(keep, rules);
        arr.push(v);
        if (v instanceof JsonNumber || (typeof v === 'object' && v !== null && LOSSY.has(v))) lossy = true;
        this.ws();
        const next = t.charCodeAt(this.i++);
        if (next === 93) break;
        if (next !== 44) this.fail("expected ',' or ']'");
      }
      if (lossy) LOSSY.add(arr);
      return arr;
    }
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = this.i;
      const m = NUMBER.exec(t);
      if (!m) return this.fail('bad number');
      this.i += m[0].length;
      if (keep) return numberFromLiteral(m[0]);
      return Number(m[0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.fail('unexpected character');
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

interface JsonError {
  offset: number;
  reason: string;
}

class Stop {
  constructor(readonly error: JsonError) {}
}

/** Walks the JSON grammar and reports the first offending offset, or undefined if the text is valid. */
export function findJsonError(text: string): JsonError | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new Stop({ offset: at, reason });
  };
  const found = (): string => (i >= text.length ? 'end of input' : JSON.stringify(text[i]));
  const describe = (): string => `unexpected ${found()}`;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(describe());
  };
  const string = (): void => {
    const start = i;
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad unicode escape');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail('bad escape in string');
      } else i++;
    }
    fail('unterminated string', start);
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '-' || m[0] === '') fail(describe());
    else i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name, got ${found()}`);
        string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, got ${found()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}' in object, got ${found()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']' in array, got ${found()}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(describe());
  };
  try {
    ws();
    if (i >= text.length) return { offset: i, reason: 'empty document' };
    value();
    ws();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.error;
    if (e instanceof RangeError) return { offset: i, reason: 'nested too deeply to check' };
    throw e;
  }
}

/**
 * JSON.parse with a position a person can use: `line L column C` (1-based).
 * V8 reports a character offset only for some errors (and words them differently between Node
 * versions), so on failure a small grammar scanner finds where the text first goes wrong.
 */

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

/** Parses `text` (a leading BOM is ignored); throws JsonTextError on bad JSON. */
export function parseJsonText(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const found = findJsonError(body) ?? {
      offset: body.length,
      reason: error instanceof Error ? error.message : String(error),
    };
    const { line, column } = lineColumn(body, found.offset);
    throw new JsonTextError(line, column, found.reason);
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
    throw e;
  }
}

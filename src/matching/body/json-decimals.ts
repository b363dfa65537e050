/**
 * JSON.parse turns `10.0` into `10`, so a provider that writes prices as `10.0` would fail a
 * `decimal` matcher (and pass an `integer` one). This parse keeps that fact: alongside the value it
 * records, per container, which members were written as decimal literals with an integral value.
 * The native parser is used whenever the text holds no such literal (the common, fast case).
 */

/** container (object or array) → keys/indices whose number was written like `10.0` or `1e3`. */
export type DecimalLiterals = WeakMap<object, Set<string | number>>;

// A digit followed by `.0…` or an exponent. May also hit inside strings: then we only take the slow path.
const MAYBE_INTEGRAL_DECIMAL = /\d\.0*(?![0-9])|\d[eE]/;

export function parseJsonKeepingDecimals(text: string): { value: unknown; decimals: DecimalLiterals | undefined } {
  if (!MAYBE_INTEGRAL_DECIMAL.test(text)) return { value: JSON.parse(text), decimals: undefined };
  const decimals: DecimalLiterals = new WeakMap();
  let found = false;
  let i = 0;
  const fail = (): never => {
    // Let the native parser produce its usual error message for invalid JSON.
    JSON.parse(text);
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const mark = (container: object, key: string | number) => {
    let set = decimals.get(container);
    if (!set) decimals.set(container, (set = new Set()));
    set.add(key);
    found = true;
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    let simple = true;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
      } else i++;
    }
    if (i >= text.length) fail();
    i++;
    return simple ? text.slice(start + 1, i - 1) : (JSON.parse(text.slice(start, i)) as string);
  };
  // Returns the value and whether it was an integral decimal literal.
  const value = (): [unknown, boolean] => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') return (i++, [obj, false]);
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = str();
        ws();
        if (text[i] !== ':') fail();
        i++;
        const [v, dec] = value();
        // Like JSON.parse: a later duplicate key wins, and `__proto__` is an ordinary key.
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        if (dec) mark(obj, key);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return (i++, [obj, false]);
        else fail();
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') return (i++, [arr, false]);
      for (;;) {
        const [v, dec] = value();
        if (dec) mark(arr, arr.length);
        arr.push(v);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, [arr, false]);
        else fail();
      }
    }
    if (c === '"') return [str(), false];
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m) {
      i += m[0].length;
      const n = Number(m[0]);
      return [n, (m[1] !== undefined || m[2] !== undefined) && Number.isInteger(n)];
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) return (i += word.length, [v, false]);
    }
    return fail();
  };
  const [result] = value();
  ws();
  if (i !== text.length) fail();
  return { value: result, decimals: found ? decimals : undefined };
}

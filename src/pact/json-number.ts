/**
 * JSON numbers as the reference verifier sees them: an Integer (a literal without `.` or exponent,
 * exact up to 64 bits) or a Decimal (a 64-bit float). `677.0` is not `677`, and `…801` is not `…800`.
 *
 * A plain JS number stands for itself when that is lossless: integral → Integer, else Decimal.
 * The rest is a JsonNumber: a decimal literal with an integral value (`677.0`, `1e2`, `-0`), an
 * integer beyond 2^53, or an integer beyond 64 bits (which the reference reads as a Decimal).
 */
export class JsonNumber {
  constructor(
    /** The literal as written. */
    readonly text: string,
    /** Nearest double. */
    readonly value: number,
    readonly integer: boolean,
    /** Exact value of an Integer beyond 2^53. */
    readonly big?: bigint,
  ) {}

  /** JSON.stringify (messages, state-change bodies) gets the nearest double. */
  toJSON(): number {
    return this.value;
  }
}

export type JsonNumeric = number | JsonNumber;

const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;

/** The value of a JSON number literal, wrapped only when a JS number would lose what it is. */
export function numberFromLiteral(text: string): JsonNumeric {
  const value = Number(text);
  const integerLiteral = !/[.eE]/.test(text) && text !== '-0';
  if (integerLiteral) {
    if (Number.isSafeInteger(value)) return value;
    const big = BigInt(text);
    return big >= I64_MIN && big <= U64_MAX ? new JsonNumber(text, value, true, big) : new JsonNumber(text, value, false);
  }
  return Number.isInteger(value) || Object.is(value, -0) ? new JsonNumber(text, value, false) : value;
}

export function isJsonNumeric(value: unknown): value is JsonNumeric {
  return typeof value === 'number' || value instanceof JsonNumber;
}

/** Integer in the reference's sense (a JS number must be integral and not -0). */
export function isInteger(value: JsonNumeric): boolean {
  return value instanceof JsonNumber ? value.integer : Number.isInteger(value) && !Object.is(value, -0);
}

export function numericValue(value: JsonNumeric): number {
  return value instanceof JsonNumber ? value.value : value;
}

function exact(value: JsonNumeric): bigint {
  return value instanceof JsonNumber && value.big !== undefined ? value.big : BigInt(numericValue(value));
}

/** Integers exactly, decimals as doubles; an Integer never equals a Decimal (as the reference). */
export function numbersEqual(a: JsonNumeric, b: JsonNumeric): boolean {
  const ai = isInteger(a);
  if (ai !== isInteger(b)) return false;
  return ai ? exact(a) === exact(b) : numericValue(a) === numericValue(b);
}

/**
 * The text the reference shows (and matches regexes against): integers as written, decimals in
 * the shortest round-trip form with `.0` on integral values and an exponent outside 1e-5..1e16
 * (`677.0`, `12.5`, `1e-7`, `1.8446744073709552e+19`).
 */
export function numberText(value: JsonNumeric): string {
  if (isInteger(value)) return value instanceof JsonNumber ? String(value.big ?? value.text) : String(value);
  const n = numericValue(value);
  if (!Number.isFinite(n)) return String(n);
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  const [mantissa = '0', exp = '0'] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const kk = Number(exp) + 1; // position of the decimal point relative to the digits
  let out: string;
  if (digits.length <= kk && kk <= 16) out = `${digits}${'0'.repeat(kk - digits.length)}.0`;
  else if (kk > 0 && kk <= 16) out = `${digits.slice(0, kk)}.${digits.slice(kk)}`;
  else if (kk > -5 && kk <= 0) out = `0.${'0'.repeat(-kk)}${digits}`;
  else {
    const e = kk - 1;
    out = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e > 0 ? '+' : ''}${e}`;
  }
  return sign + out;
}

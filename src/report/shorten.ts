/**
 * Shortens huge values (descriptions, bodies, paths, broker messages) before they are printed:
 * a pact may carry a 10 MB description, and a terminal or CI log has no use for it. Keeps the
 * head and says how much was left out, so the reader knows the value was cut.
 */

export const DEFAULT_MAX_CHARS = 2_000;

export function shorten(text: string, max = DEFAULT_MAX_CHARS): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max);
  // Never split a surrogate pair: half a character prints as garbage.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/** A value of any type, shown as one line of at most `max` characters (JSON for non-strings). */
export function shortenValue(value: unknown, max = 200): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return shorten(text, max);
}

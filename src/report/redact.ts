/**
 * One redaction function for everything pactship writes (text, JSON, XML, verbose wire log, errors).
 * It knows the secret values themselves and every form they take once written down: URL-encoded
 * (component, form and userinfo style), base64 (also inside Basic credentials), JSON-escaped (once
 * and twice: a JSON string inside a JSON document) and XML-escaped. So output may be serialised
 * first and redacted afterwards, as Output.document and the report writers do.
 *
 * Linear in the length of the text: no pattern here can backtrack over its input (a 1 MB value
 * must not cost minutes, see test/unit/report/redact.test.ts).
 */

export type Redact = (text: string) => string;

export const MASK = '*****';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);
const xmlEscapes = (s: string): string[] => {
  const base = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    base.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    base.replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
    base.replace(/"/g, '&#x22;').replace(/'/g, '&#x27;'),
  ];
};

function userinfoEncoded(s: string): string | undefined {
  try {
    const url = new URL('http://host.invalid/');
    url.password = s;
    return url.password;
  } catch {
    return undefined;
  }
}

/** Every written form of one secret value. */
export function secretForms(s: string): string[] {
  const component = encodeURIComponent(s);
  const forms = [
    s,
    component,
    component.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    component.replace(/%20/g, '+'),
    new URLSearchParams({ x: s }).toString().slice(2),
    userinfoEncoded(s),
    Buffer.from(s).toString('base64'),
    Buffer.from(s).toString('base64url'),
    jsonEscape(s),
    jsonEscape(s).replace(/\//g, '\\/'),
    jsonEscape(jsonEscape(s)),
    ...xmlEscapes(s),
  ];
  return [...new Set(forms.filter((f): f is string => typeof f === 'string' && f.length > 0))];
}

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const LETTER = /[A-Za-z]/;
const USERINFO_STOP = new Set(['/', '\\', '@', "'", '"', ' ', '\t', '\n', '\r', '\f', '\v']);

/**
 * `scheme://user:pass@host` → `scheme://*****@host`, also for credentials nobody declared.
 * A scan from each `://`: backwards over the scheme, forwards over the userinfo up to `@`. Every
 * character is visited a bounded number of times (the scans stop at the next `/`).
 */
function maskUserinfo(text: string): string {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    let start = at;
    while (start > 0 && SCHEME_CHAR.test(text[start - 1]!)) start--;
    while (start < at && !LETTER.test(text[start]!)) start++;
    if (start === at) continue;
    let end = at + 3;
    while (end < text.length && !USERINFO_STOP.has(text[end]!) && !/\s/.test(text[end]!)) end++;
    if (end === at + 3 || text[end] !== '@') continue;
    out += `${text.slice(copied, at + 3)}${MASK}`;
    copied = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

// Starts with a literal, so the engine only tries it where "authorization" occurs. The optional
// backslashes cover the header inside a JSON string.
const AUTH_HEADER = /(authorization\\?["']?\s*[:=]\s*\\?["']?)(basic|bearer)?[ \t]*[^\s"'\\,}]+/gi;

export function createRedactor(
  secrets: Iterable<string | undefined>,
  basicPairs: Iterable<[string | undefined, string | undefined]> = [],
): Redact {
  const needles = new Set<string>();
  const add = (s: string | undefined) => {
    // Very short values (e.g. "a") would shred the output; they are not secrets worth the noise.
    if (!s || s.length < 3) return;
    for (const form of secretForms(s)) if (form.length >= 3) needles.add(form);
  };
  for (const s of secrets) add(s);
  for (const [user, pass] of basicPairs) {
    if (user !== undefined && pass !== undefined) add(`${user}:${pass}`);
  }
  // Longest first so a secret that contains another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const secretPattern = ordered.length > 0 ? new RegExp(ordered.join('|'), 'g') : undefined;

  return (text: string) => {
    // Known values first: their raw form may contain characters that end a URL's userinfo.
    let out = secretPattern ? text.replace(secretPattern, MASK) : text;
    out = maskUserinfo(out);
    out = out.replace(AUTH_HEADER, (_m, head: string, scheme?: string) => `${head}${scheme ? `${scheme} ` : ''}${MASK}`);
    return out;
  };
}

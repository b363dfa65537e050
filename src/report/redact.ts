/**
 * One redaction function for everything pactship writes (text, JSON, verbose wire log, errors).
 * It knows the secret values themselves and the forms they take on the wire: URL-encoded,
 * inside Basic credentials, as URL userinfo, in Authorization headers.
 */

export type Redact = (text: string) => string;

const MASK = '*****';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createRedactor(
  secrets: Iterable<string | undefined>,
  basicPairs: Iterable<[string | undefined, string | undefined]> = [],
): Redact {
  const needles = new Set<string>();
  const add = (s: string | undefined) => {
    // Very short values (e.g. "a") would shred the output; they are not secrets worth the noise.
    if (!s || s.length < 3) return;
    needles.add(s);
    needles.add(encodeURIComponent(s));
    needles.add(encodeURIComponent(s).replace(/%20/g, '+'));
    needles.add(Buffer.from(s).toString('base64'));
  };
  for (const s of secrets) add(s);
  for (const [user, pass] of basicPairs) {
    if (user !== undefined && pass !== undefined) add(Buffer.from(`${user}:${pass}`).toString('base64'));
  }
  // Longest first so a secret that contains another is masked whole.
  const ordered = [...needles].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const secretPattern = ordered.length > 0 ? new RegExp(ordered.join('|'), 'g') : undefined;

  return (text: string) => {
    let out = text
      // userinfo in URLs: scheme://user:pass@host → scheme://*****@host
      .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@'"]+@/gi, `$1${MASK}@`)
      // Authorization headers in logs or dumped objects
      .replace(/(authorization["']?\s*[:=]\s*["']?)(basic|bearer)?\s*[^\s"',}]+/gi, (_m, head: string, scheme?: string) =>
        `${head}${scheme ? `${scheme} ` : ''}${MASK}`,
      );
    if (secretPattern) out = out.replace(secretPattern, MASK);
    return out;
  };
}

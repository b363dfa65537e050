/** Header names whose values are credentials, and pulling those values out of 'Name: value' flags. */

/** Authorization, tokens, API keys, cookies…: the broker masks `authorization` and `token`; we mask more. */
export function isSecretHeader(name: string): boolean {
  return /authorization|token|api[-_]?key|secret|password|cookie/i.test(name);
}

/** The values of credential-like headers among 'Name: value' strings (never printed, not even in a rerun line). */
export function secretHeaderValues(headers: readonly string[]): string[] {
  return headers.flatMap((h) => {
    const colon = h.indexOf(':');
    return colon > 0 && isSecretHeader(h.slice(0, colon)) ? [h.slice(colon + 1).trim()] : [];
  });
}

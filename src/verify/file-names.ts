/**
 * File names for `pacts --out`: made from consumer/provider names that come from the broker, so
 * they must never escape the directory (`../`, `/`, NUL), never be reserved/hidden, and never collide
 * (also not case-insensitively, for macOS/Windows checkouts).
 */

// Windows device names, which it reserves with any extension ("aux.json", "aux.x.json"): checked on
// the part before the first dot. COM0/LPT0 and the superscript digits (¹²³ become 1-3 under NFKC) too.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const reserved = (name: string) => RESERVED.test(name.split('.')[0]!.trim());

export function safeName(text: string, max = 80): string {
  let s = text
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '');
  if (s.length > max) s = s.slice(0, max).replace(/[.-]+$/, '');
  if (s === '' || reserved(s)) s = `_${s}`;
  return s;
}

/** One unique `<consumer>-<provider>[-<version>][-n].json` per pact, in order. */
export function pactFileNames(pacts: { consumer: string; provider: string; consumerVersion?: string }[]): string[] {
  const used = new Set<string>();
  const names: string[] = [];
  const base = pacts.map((p) => `${safeName(p.consumer)}-${safeName(p.provider)}`);
  const counts = new Map<string, number>();
  for (const b of base) counts.set(b.toLowerCase(), (counts.get(b.toLowerCase()) ?? 0) + 1);
  pacts.forEach((p, i) => {
    let stem = base[i] as string;
    if ((counts.get(stem.toLowerCase()) ?? 0) > 1 && p.consumerVersion) stem = `${stem}-${safeName(p.consumerVersion, 40)}`;
    let name = `${stem}.json`;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem}-${n}.json`;
    used.add(name.toLowerCase());
    names.push(name);
  });
  return names;
}

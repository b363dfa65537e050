/** Which pactship config files a directory already has, in the order config search would pick them. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_PLACES } from '../config/load.js';

export async function existingConfigs(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of SEARCH_PLACES) {
    const file = path.join(dir, name);
    const exists = await stat(file).then((s) => s.isFile(), () => false);
    if (!exists) continue;
    if (name === 'package.json') {
      // package.json counts only when it has a `pactship` key.
      const pkg = await readFile(file, 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => ({}) as Record<string, unknown>);
      if (!pkg || typeof pkg !== 'object' || !('pactship' in pkg)) continue;
    }
    found.push(name);
  }
  return found;
}

/** The existing configs that config search finds before `name` (so they would win over it). */
export function shadowing(existing: string[], name: string): string[] {
  const rank = (n: string) => SEARCH_PLACES.indexOf(n);
  return existing.filter((n) => n !== name && rank(n) < rank(name));
}

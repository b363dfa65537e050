/**
 * Turns what the user typed (files, directories, quoted globs) into pact file paths.
 * Directories mean their `*.json` files (recursively when asked). Order is stable (sorted per input).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NoFilesError } from '../errors.js';

export interface FindOptions {
  cwd: string;
  /** Recurse into directories (verify) or only take their top-level *.json (publish). */
  recursive: boolean;
}

const isGlob = (s: string) => /[*?[\]{}!]/.test(s);

export async function findPactFiles(inputs: string[], options: FindOptions): Promise<string[]> {
  // globby is loaded only when a directory or glob needs it: it costs ~100 ms of start-up.
  let globbyModule: typeof import('globby') | undefined;
  const glob = async () => (globbyModule ??= await import('globby'));
  const found = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let pattern: string | undefined;
    if (!isGlob(input)) {
      const info = await stat(absolute).catch(() => undefined);
      if (info?.isFile()) {
        found.add(absolute);
        continue;
      }
      if (info?.isDirectory()) pattern = `${(await glob()).convertPathToPattern(absolute)}/${options.recursive ? '**/' : ''}*.json`;
    } else {
      pattern = path.isAbsolute(input) ? input : `${(await glob()).convertPathToPattern(options.cwd)}/${input.replace(/^\.\//, '')}`;
    }
    if (!pattern) continue;
    const matches = await (await glob()).globby(pattern, { absolute: true, onlyFiles: true });
    for (const m of matches.sort()) found.add(path.normalize(m));
  }
  if (found.size === 0) {
    throw new NoFilesError(`no pact files found (tried: ${inputs.join(', ')})`, {
      hint: 'Pass pact files, directories or quoted globs, or set publish.pactFiles / verify.pacts in the config. Pacts are usually written to ./pacts by the consumer tests.',
    });
  }
  return [...found];
}

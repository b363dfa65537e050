/**
 * Turns what the user typed (files, directories, quoted globs) into pact file paths.
 * Directories mean their `*.json` files (recursively when asked), never under `node_modules` or a
 * dot-folder (`.git`, `.pactship`, …). Order is stable (sorted per input).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { NoFilesError } from '../errors.js';

export interface FindOptions {
  cwd: string;
  /** Recurse into directories (verify) or only take their top-level *.json (publish). */
  recursive: boolean;
}

export interface FoundFile {
  path: string;
  /**
   * Named by the user as a file path, as opposed to found in a directory or by a glob. A caller
   * may skip found files that are not pacts; a named one is read whatever it is.
   */
  named: boolean;
}

const isGlob = (s: string) => /[*?[\]{}!]/.test(s);

/** Every file the inputs stand for, with how it was found. */
export async function findPactSources(inputs: string[], options: FindOptions): Promise<FoundFile[]> {
  // globby is loaded only when a directory or glob needs it: it costs ~100 ms of start-up.
  let globbyModule: typeof import('globby') | undefined;
  const glob = async () => (globbyModule ??= await import('globby'));
  const found = new Map<string, FoundFile>();
  const add = (file: string, named: boolean) => {
    const p = path.normalize(file);
    const known = found.get(p);
    if (!known) found.set(p, { path: p, named });
    else if (named) known.named = true;
  };
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    if (!isGlob(input)) {
      const info = await stat(absolute).catch(() => undefined);
      if (info?.isFile()) add(absolute, true);
      else if (info?.isDirectory()) {
        // Relative to the directory, so a dot-folder above it (a checkout under ~/.cache) does not hide it.
        const matches = await (await glob()).globby(options.recursive ? '**/*.json' : '*.json', {
          cwd: absolute,
          absolute: true,
          onlyFiles: true,
          dot: false,
          ignore: ['**/node_modules/**'],
        });
        for (const m of matches.sort()) add(m, false);
      }
      continue;
    }
    const pattern = path.isAbsolute(input) ? input : `${(await glob()).convertPathToPattern(options.cwd)}/${input.replace(/^\.\//, '')}`;
    const matches = await (await glob()).globby(pattern, { absolute: true, onlyFiles: true });
    for (const m of matches.sort()) add(m, false);
  }
  if (found.size === 0) {
    throw new NoFilesError(`no pact files found (tried: ${inputs.join(', ')})`, {
      hint: 'Pass pact files, directories or quoted globs, or set publish.pactFiles / verify.pacts in the config. Pacts are usually written to ./pacts by the consumer tests.',
    });
  }
  return [...found.values()];
}

export async function findPactFiles(inputs: string[], options: FindOptions): Promise<string[]> {
  return (await findPactSources(inputs, options)).map((f) => f.path);
}

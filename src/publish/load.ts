/**
 * Reads and validates every pact file before anything is sent: one invalid file means nothing
 * is published. Keeps each file's exact bytes — what the consumer tests wrote is what the broker stores.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidPactError } from '../errors.js';
import { parsePactText } from '../pact/index.js';
import type { Pact } from '../pact/model.js';

export interface PactFile {
  path: string;
  /** Exact file content. */
  bytes: Buffer;
  pact: Pact;
}

export async function loadPactFiles(files: string[], cwd: string): Promise<PactFile[]> {
  const loaded: PactFile[] = [];
  // Problems by file, each without the file name: it is said once, where the problems are listed.
  const problems = new Map<string, string[]>();
  const add = (shown: string, problem: string) => problems.set(shown, [...(problems.get(shown) ?? []), problem]);
  for (const file of files) {
    const shown = path.relative(cwd, file) || file;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      add(shown, `cannot read: ${(error as Error).message}`);
      continue;
    }
    try {
      loaded.push({ path: file, bytes, pact: parsePactText(bytes.toString('utf8'), shown) });
    } catch (error) {
      if (!(error instanceof InvalidPactError)) throw error;
      for (const p of error.problems) add(shown, p);
    }
  }
  if (problems.size > 0) throw invalidFiles(problems);
  return loaded;
}

function invalidFiles(problems: Map<string, string[]>): InvalidPactError {
  const hint = 'Nothing was published. Fix the pact files (they are written by the consumer tests) and publish again.';
  if (problems.size === 1) {
    const [[file, list]] = [...problems] as [[string, string[]]];
    return new InvalidPactError(file, list, { hint });
  }
  const all = [...problems].flatMap(([file, list]) => list.map((p) => `${file}: ${p}`));
  const details = [...problems].flatMap(([file, list]) => (list.length === 1 ? [`${file}: ${list[0]}`] : [`${file} (${list.length} problems):`, ...list.map((p) => `  ${p}`)]));
  return new InvalidPactError(`${problems.size} pact files`, all, { details, hint });
}

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
  const problems: string[] = [];
  for (const file of files) {
    const shown = path.relative(cwd, file) || file;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      problems.push(`${shown}: cannot read: ${(error as Error).message}`);
      continue;
    }
    try {
      loaded.push({ path: file, bytes, pact: parsePactText(bytes.toString('utf8'), shown) });
    } catch (error) {
      if (!(error instanceof InvalidPactError)) throw error;
      for (const p of error.problems) problems.push(`${shown}: ${p}`);
    }
  }
  if (problems.length > 0) {
    const files = new Set(problems.map((p) => p.slice(0, p.indexOf(': '))));
    throw new InvalidPactError(files.size === 1 ? [...files][0]! : `${files.size} pact files`, problems, {
      details: problems,
      hint: 'Nothing was published. Fix the pact files (they are written by the consumer tests) and publish again.',
    });
  }
  return loaded;
}

/**
 * The local pact files to compare: validated like `publish` validates them (an invalid pact cannot be
 * compared), kept as raw JSON for the diff. One pact per consumer and provider.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidPactError, UsageError } from '../errors.js';
import { parsePactText } from '../pact/index.js';
import type { Obj } from './raw.js';

export interface LocalPact {
  /** As shown to the user (relative to the working directory). */
  file: string;
  consumer: string;
  provider: string;
  content: Obj;
}

export async function loadLocalPacts(files: string[], cwd: string): Promise<LocalPact[]> {
  const problems: { file: string; message: string }[] = [];
  const out: LocalPact[] = [];
  for (const file of files) {
    const shown = path.relative(cwd, file) || file;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      problems.push({ file: shown, message: `cannot read: ${(error as Error).message}` });
      continue;
    }
    try {
      const pact = parsePactText(text, shown);
      out.push({ file: shown, consumer: pact.consumer.name, provider: pact.provider.name, content: JSON.parse(text) as Obj });
    } catch (error) {
      if (!(error instanceof InvalidPactError)) throw error;
      for (const message of error.problems) problems.push({ file: shown, message });
    }
  }
  if (problems.length > 0) {
    const hint = 'Nothing was compared. Fix the pact files (they are written by the consumer tests).';
    const badFiles = [...new Set(problems.map((p) => p.file))];
    if (badFiles.length === 1) throw new InvalidPactError(badFiles[0] as string, problems.map((p) => p.message), { hint });
    throw new InvalidPactError(`${badFiles.length} pact files`, problems.map((p) => `${p.file}: ${p.message}`), { hint });
  }
  const seen = new Map<string, string>();
  for (const p of out) {
    const key = `${p.consumer}\0${p.provider}`;
    const other = seen.get(key);
    if (other) {
      throw new UsageError(`cannot compare: two local pacts between ${p.consumer} and ${p.provider}: ${other} and ${p.file}`, {
        hint: 'Pass only the pact files of the current build (one per consumer and provider).',
      });
    }
    seen.set(key, p.file);
  }
  return out;
}

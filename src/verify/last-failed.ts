/**
 * --last-failed: verify only what failed in the previous run, as its JSON report (the --json file,
 * which this run then rewrites) recorded it. Reads pactship's report (interactions by consumer,
 * provider and id) and the reference verifier's (`interactionResults` with `result: "Error"`, by
 * interaction key or id, else by description). Like the reference, a run whose report shows no
 * failure verifies everything; unlike it, a missing --json is an error and a report that cannot
 * be read is one too (the reference ignores both and verifies everything).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { InteractionSet } from './runner.js';

export interface LastFailed {
  /** Undefined: verify everything (no previous report, or nothing failed in it). */
  only?: InteractionSet;
  note: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

interface Failed {
  /** pactship's report: `consumer\0provider\0id`. */
  keys: Set<string>;
  /** The reference's report: interaction key or id, else description, in any pact. */
  ids: Set<string>;
  descriptions: Set<string>;
}

function failedIn(report: unknown, shown: string): Failed {
  const failed: Failed = { keys: new Set(), ids: new Set(), descriptions: new Set() };
  if (isRecord(report) && Array.isArray(report.pacts)) {
    for (const p of report.pacts) {
      if (!isRecord(p) || !Array.isArray(p.interactions)) continue;
      for (const i of p.interactions) {
        if (isRecord(i) && i.status === 'failed' && typeof i.id === 'string') failed.keys.add(`${str(p.consumer)}\0${str(p.provider)}\0${i.id}`);
      }
    }
    return failed;
  }
  if (isRecord(report) && Array.isArray(report.interactionResults)) {
    for (const i of report.interactionResults) {
      if (!isRecord(i) || i.result !== 'Error') continue;
      const id = str(i.interactionKey) ?? str(i.interactionId);
      if (id) failed.ids.add(id);
      else if (str(i.description) !== undefined) failed.descriptions.add(i.description as string);
    }
    return failed;
  }
  throw new UsageError(`--last-failed: ${shown} is not a verification report (no "pacts" or "interactionResults")`, {
    hint: 'Point -j/--json at the report a previous pactship verify (or pact verifier) run wrote.',
  });
}

export async function lastFailed(file: string | undefined, cwd: string): Promise<LastFailed> {
  if (!file) {
    throw new UsageError('--last-failed needs the previous run’s JSON report: pass -j/--json <file>', {
      hint: 'Run once with --json <file> (or PACT_VERIFIER_JSON_REPORT), then again with --last-failed and the same --json.',
    });
  }
  const target = path.resolve(cwd, file);
  const shown = path.relative(cwd, target) || target;
  let text: string;
  try {
    text = await readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { note: `--last-failed: no previous report at ${shown} yet: verifying every interaction` };
    throw new UsageError(`--last-failed: cannot read ${shown}: ${(error as Error).message}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--last-failed: ${shown} is not JSON (${(error as Error).message})`, { hint: 'Point -j/--json at the report of the previous run.' });
  }
  const failed = failedIn(report, shown);
  const count = failed.keys.size + failed.ids.size + failed.descriptions.size;
  if (count === 0) return { note: `--last-failed: nothing failed in the previous run (${shown}): verifying every interaction` };
  return {
    note: `--last-failed: verifying the ${count} interaction${count === 1 ? '' : 's'} that failed in the previous run (${shown})`,
    only: {
      label: `interactions that failed in the previous run (${shown})`,
      has: (pact, i) =>
        failed.keys.has(`${pact.consumer}\0${pact.provider}\0${i.id}`) || failed.ids.has(i.id) || failed.descriptions.has(i.description),
    },
  };
}

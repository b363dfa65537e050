/**
 * The "publish verification results" step of a verify run, as core: decides which pacts can carry a
 * result, saves them as unsent (unsent.ts) *before* posting them (publish-results.ts), keeps that
 * file in step while posting and removes it once everything is on the broker. A run killed
 * mid-post leaves the file behind; one that ends with results unsent says where they are. It
 * returns what happened; the command prints it and turns unsent results into exit 2.
 */
import path from 'node:path';
import type { BrokerClient } from '../broker/client.js';
import { VERSION } from '../version.js';
import { publishResults } from './publish-results.js';
import { brokerPayload, type PactResult, type VerificationResult } from './results.js';
import { UnsentRecord, type UnsentEntry } from './unsent.js';

export interface PublishStepInput {
  result: VerificationResult;
  /** Undefined when no broker is configured. */
  broker: BrokerClient | undefined;
  brokerBaseUrl?: string;
  provider: string;
  /** The provider resource, from any pact's `pb:provider` link. */
  providerUrl?: string;
  providerVersion: string;
  branch?: string;
  tags: string[];
  buildUrl?: string;
  cwd: string;
  /** `pb:latest-verification-results` of each pact, by location (looked at after an ambiguous POST). */
  latestVerificationUrls?: ReadonlyMap<string, string>;
  /** Applied to the unsent-results file (a broker error may quote credentials). */
  redact?: (text: string) => string;
  /** Once aborted, no further POST starts; the unsent file keeps what is left. */
  signal?: AbortSignal;
  /** Told the unsent file while results are being posted, and undefined once posting is over. */
  onPosting?: (file: string | undefined) => void;
  /** Things the user should know (a result found on the broker after an ambiguous failure). */
  notice?: (message: string) => void;
}

/** Results that are not on the broker, and where they are kept (or why they could not be). */
export interface UnsentResults {
  count: number;
  /** The unsent-results file, when it could be written. */
  file?: string;
  /** When it could not: where it was to go, why not, and the document itself (to print). */
  unsaved?: { destination: string; reason: string; document: string };
}

export interface PublishStepOutcome {
  providerVersion: string;
  branch?: string;
  /** Consumers whose results were sent. */
  sent: string[];
  /** Why some pacts got no result (no results link, no broker, filtered run). */
  skipped: string[];
  errors: string[];
  unsent?: UnsentResults;
}

const IN_FLIGHT = 'not confirmed as published: pactship was posting these results when it stopped. publish-results checks the broker before sending each one again';

export async function publishVerification(input: PublishStepInput): Promise<PublishStepOutcome> {
  const { result } = input;
  const outcome: PublishStepOutcome = {
    providerVersion: input.providerVersion,
    ...(input.branch ? { branch: input.branch } : {}),
    sent: [],
    skipped: [],
    errors: [],
  };
  if (result.filtered) {
    outcome.skipped.push(`results not published: this run was filtered (${result.filters.join(', ')}); a partial verification must not count as one`);
    return outcome;
  }
  const skip = (p: PactResult, note: string) => {
    p.publishNote = note;
    outcome.skipped.push(note);
  };
  const entries: { pact: PactResult; entry: UnsentEntry }[] = [];
  for (const p of result.pacts) {
    if (!p.publishUrl) {
      skip(p, `results can't be published for ${p.origin === 'file' ? 'local file' : 'pact'} ${p.location}: it has no pb:publish-verification-results link`);
      continue;
    }
    if (!input.broker) {
      skip(p, 'results not published: no broker configured (--broker-base-url)');
      continue;
    }
    const payload = brokerPayload(p, {
      providerVersion: input.providerVersion,
      ...(input.buildUrl ? { buildUrl: input.buildUrl } : {}),
      implementationVersion: VERSION,
    });
    const latest = input.latestVerificationUrls?.get(p.location);
    entries.push({ pact: p, entry: { consumer: p.consumer, provider: p.provider, url: p.publishUrl, payload, ...(latest ? { latestVerificationUrl: latest } : {}) } });
  }
  if (entries.length === 0 || !input.broker) return outcome;

  const version = {
    provider: input.provider,
    ...(input.providerUrl ? { providerUrl: input.providerUrl } : {}),
    providerVersion: input.providerVersion,
    ...(input.branch ? { branch: input.branch } : {}),
    tags: input.tags,
  };
  const record = new UnsentRecord(
    { ...(input.brokerBaseUrl ? { brokerBaseUrl: input.brokerBaseUrl } : {}), ...version },
    { cwd: input.cwd, ...(input.redact ? { redact: input.redact } : {}) },
  );
  const all = entries.map((e) => e.entry);
  // Saved before the first POST: a crash or a signal mid-post leaves the results on disk.
  if (await record.save(all, IN_FLIGHT)) input.onPosting?.(record.file);
  const sent = await publishResults(input.broker, { ...version, entries: all }, {
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.notice ? { notice: input.notice } : {}),
    // Kept in step, so a resend after a crash does not post what already went.
    onProgress: async (remaining) => {
      if (record.saved) await record.save(remaining, IN_FLIGHT);
    },
  });
  // Only now: had posting thrown, the file is still there and the way out says where.
  input.onPosting?.(undefined);
  for (const { pact, entry } of entries) pact.published = !sent.unsent.includes(entry);
  outcome.sent = sent.sent.map((s) => s.entry.consumer);
  outcome.errors = sent.errors;

  if (sent.unsent.length === 0) {
    const unsaved = !record.saved && record.error;
    if (unsaved) input.notice?.(`could not save the results to ${shown(record.file, input.cwd)} before posting them (${record.error}); they were published all the same`);
    else if (!(await record.remove())) input.notice?.(`all results were published, but ${shown(record.file, input.cwd)} could not be removed (${record.error}): delete it, do not resend it`);
    return outcome;
  }
  const reason = sent.errors.join('; ');
  outcome.unsent = (await record.save(sent.unsent, reason))
    ? { count: sent.unsent.length, file: record.file }
    : { count: sent.unsent.length, unsaved: { destination: record.file, reason: record.error ?? 'unknown', document: record.document(sent.unsent, reason) } };
  return outcome;
}

/** A path as the user would type it from `cwd`. */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** What to tell the user about unsent results: one line, and the command that sends them. */
export function describeUnsent(unsent: UnsentResults, cwd: string): { message: string; hint: string } {
  if (unsent.file) {
    const file = shown(unsent.file, cwd);
    return {
      message: `${unsent.count} verification result(s) could not be published; saved to ${file}`,
      hint: `Send them later with: pactship publish-results ${file}`,
    };
  }
  const to = unsent.unsaved ? shown(unsent.unsaved.destination, cwd) : '(nowhere)';
  return {
    message: `${unsent.count} verification result(s) could not be published, and could not be saved to ${to}: ${unsent.unsaved?.reason ?? 'unknown'}`,
    hint: 'The results are printed above (stderr) as an unsent-results file: save that text as a .json file and send it with: pactship publish-results <file>',
  };
}

/**
 * The "publish verification results" step of a verify run, as core: decides which pacts can carry a
 * result, sends them (publish-results.ts), and saves whatever could not be sent (unsent.ts).
 * It returns what happened; the command prints it and turns an unsent file into exit 2.
 */
import type { BrokerClient } from '../broker/client.js';
import { VERSION } from '../version.js';
import { publishResults } from './publish-results.js';
import { brokerPayload, type PactResult, type VerificationResult } from './results.js';
import { writeUnsent, type UnsentEntry } from './unsent.js';

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
}

export interface PublishStepOutcome {
  providerVersion: string;
  branch?: string;
  /** Consumers whose results were sent. */
  sent: string[];
  /** Why some pacts got no result (no results link, no broker, filtered run). */
  skipped: string[];
  errors: string[];
  unsent?: { file: string; count: number };
}

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
    entries.push({ pact: p, entry: { consumer: p.consumer, provider: p.provider, url: p.publishUrl, payload } });
  }
  if (entries.length === 0 || !input.broker) return outcome;

  const version = {
    provider: input.provider,
    ...(input.providerUrl ? { providerUrl: input.providerUrl } : {}),
    providerVersion: input.providerVersion,
    ...(input.branch ? { branch: input.branch } : {}),
    tags: input.tags,
  };
  const sent = await publishResults(input.broker, { ...version, entries: entries.map((e) => e.entry) });
  for (const { pact, entry } of entries) pact.published = !sent.unsent.includes(entry);
  outcome.sent = sent.sent.map((s) => s.entry.consumer);
  outcome.errors = sent.errors;
  if (sent.unsent.length) {
    const file = await writeUnsent(input.cwd, {
      ...(input.brokerBaseUrl ? { brokerBaseUrl: input.brokerBaseUrl } : {}),
      ...version,
      reason: sent.errors.join('; '),
      results: sent.unsent,
    });
    outcome.unsent = { file, count: sent.unsent.length };
  }
  return outcome;
}

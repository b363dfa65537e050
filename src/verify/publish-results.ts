/**
 * Publishing verification results (broker-api.md section 5): first the provider version's branch
 * and tags, then one POST per pact to its `pb:publish-verification-results` link. Returns what was
 * sent and what was not; the caller keeps the unsent part on disk (unsent.ts) and fails with exit 2.
 *
 * A results POST is never sent twice blindly. When it fails in a way that leaves open whether the
 * broker stored it (a 5xx, a reset or timeout after sending: BrokerOutcomeUnknownError, or the
 * deadline cutting it in flight), the pact's latest verification is looked at: if it is this
 * provider version's result, it arrived; if the broker has something else, it is sent once more;
 * if the broker cannot be asked, it is kept unsent (and a resend looks first). A failure that will
 * not heal for the next pact either (credentials, a rejected payload, an unreachable broker, the
 * deadline) stops the posting: the rest is kept unsent rather than hammered at the broker.
 */
import type { BrokerClient } from '../broker/client.js';
import {
  BrokerDeadlineError,
  BrokerForbiddenError,
  BrokerHttpError,
  BrokerNotFoundError,
  BrokerOutcomeUnknownError,
  BrokerUnauthorizedError,
} from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { NetworkError } from '../errors.js';
import type { UnsentEntry } from './unsent.js';

export interface PublishInput {
  provider: string;
  /** The provider resource (a pact's `pb:provider` link), else found through the index. */
  providerUrl?: string;
  providerVersion: string;
  branch?: string;
  tags: string[];
  entries: UnsentEntry[];
}

export interface PublishOptions {
  /** Resending saved results: look on the broker before each POST, an earlier attempt may have arrived. */
  checkFirst?: boolean;
  /** Once aborted, no further POST starts; what is left stays unsent. */
  signal?: AbortSignal;
  /** After each result is settled, with those not settled yet (to keep the unsent file in step). */
  onProgress?: (remaining: UnsentEntry[]) => Promise<void> | void;
  /** What happened that the user should know: a result found on the broker, a resend. */
  notice?: (message: string) => void;
}

export interface PublishOutcome {
  /** Sent now; `confirmed` when the POST failed ambiguously and the broker was seen to have it. */
  sent: { entry: UnsentEntry; location?: string; confirmed?: boolean }[];
  /** Already on the broker before sending (resends): not sent again. */
  found: UnsentEntry[];
  unsent: UnsentEntry[];
  /** Messages of what failed (branch/tag recording, posts). */
  errors: string[];
}

async function providerResource(broker: BrokerClient, input: PublishInput): Promise<HalResource> {
  if (input.providerUrl) return broker.get(input.providerUrl);
  return broker.follow('pb:pacticipant', { pacticipant: input.provider });
}

/** PUT {} to the branch-version and version-tag relations (creating the version as needed). */
export async function recordProviderVersion(broker: BrokerClient, input: PublishInput): Promise<void> {
  if (!input.branch && input.tags.length === 0) return;
  let provider: HalResource | undefined;
  try {
    provider = await providerResource(broker, input);
  } catch {
    provider = undefined; // unknown yet: the index relations create it
  }
  const index = () => broker.index();
  if (input.branch) {
    const params = { branch: input.branch, version: input.providerVersion, pacticipant: input.provider };
    const url = provider?.can('pb:branch-version') ? provider.href('pb:branch-version', params) : (await index()).href('pb:pacticipant-branch-version', params);
    await broker.put(url, {});
  }
  for (const tag of input.tags) {
    const params = { tag, version: input.providerVersion, pacticipant: input.provider };
    const url = provider?.can('pb:version-tag') ? provider.href('pb:version-tag', params) : (await index()).href('pb:pacticipant-version-tag', params);
    await broker.put(url, {});
  }
}

/** The POST may have been applied: the broker has to be asked before it is sent again. */
export function mayHaveArrived(error: unknown): boolean {
  return error instanceof BrokerOutcomeUnknownError || (error instanceof BrokerDeadlineError && error.mayHaveArrived);
}

/**
 * Fails the same way for every other result of the run: bad credentials or permissions, a
 * rejected payload (the fields the broker checks, provider version and build URL, are shared), a
 * broker that cannot be reached, the run's broker deadline used up.
 */
export function willNotHeal(error: unknown): boolean {
  if (error instanceof BrokerOutcomeUnknownError) return false;
  if (error instanceof BrokerUnauthorizedError || error instanceof BrokerForbiddenError || error instanceof NetworkError) return true;
  return error instanceof BrokerHttpError && error.status === 400;
}

type OnBroker = { state: 'there'; when?: string } | { state: 'absent' } | { state: 'unknown'; why: string };

/**
 * Is this result on the broker? The pact's latest verification is this provider version's, with
 * the same verdict. (If another provider version verified the same pact content since, this says
 * "absent" and the result is sent again: two results for one version, never none.)
 */
export async function resultOnBroker(broker: BrokerClient, entry: UnsentEntry): Promise<OnBroker> {
  if (!entry.latestVerificationUrl) return { state: 'unknown', why: 'the pact has no pb:latest-verification-results link to look at' };
  try {
    const latest = (await broker.get(entry.latestVerificationUrl)).data as { providerApplicationVersion?: unknown; success?: unknown; verificationDate?: unknown };
    if (latest.providerApplicationVersion === entry.payload.providerApplicationVersion && latest.success === entry.payload.success) {
      return { state: 'there', ...(typeof latest.verificationDate === 'string' ? { when: latest.verificationDate } : {}) };
    }
    return { state: 'absent' };
  } catch (error) {
    if (error instanceof BrokerNotFoundError) return { state: 'absent' }; // no verification of this pact at all
    return { state: 'unknown', why: (error as Error).message };
  }
}

type One = { kind: 'sent'; location?: string; confirmed?: boolean } | { kind: 'found' } | { kind: 'failed'; message: string; stop: boolean };

async function publishOne(broker: BrokerClient, entry: UnsentEntry, o: PublishOptions): Promise<One> {
  const who = `${entry.consumer} → ${entry.provider} (${entry.payload.providerApplicationVersion})`;
  if (o.checkFirst) {
    const seen = await resultOnBroker(broker, entry);
    if (seen.state === 'there') {
      o.notice?.(`${who}: the broker already has this result${seen.when ? ` (verified at ${seen.when})` : ''}; not sent again`);
      return { kind: 'found' };
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await broker.post(entry.url, entry.payload);
      const location = res.headers.get('location') ?? undefined;
      return { kind: 'sent', ...(location ? { location } : {}) };
    } catch (error) {
      const message = (error as Error).message;
      if (!mayHaveArrived(error)) return { kind: 'failed', message, stop: willNotHeal(error) };
      const seen = await resultOnBroker(broker, entry);
      if (seen.state === 'there') {
        o.notice?.(`${who}: ${message}; the broker has the result (its latest verification of this pact is this one${seen.when ? `, at ${seen.when}` : ''}), so it was not sent again`);
        return { kind: 'sent', confirmed: true };
      }
      const deadline = error instanceof BrokerDeadlineError;
      if (seen.state === 'absent' && attempt === 1 && !deadline) {
        o.notice?.(`${who}: ${message}; the broker does not have the result: sending it once more`);
        continue;
      }
      const after =
        seen.state === 'absent'
          ? 'the broker does not have it'
          : `could not check whether the broker has it (${seen.why}); publish-results looks before sending it again`;
      return { kind: 'failed', message: `${message} (${after})`, stop: deadline };
    }
  }
}

export async function publishResults(broker: BrokerClient, input: PublishInput, o: PublishOptions = {}): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { sent: [], found: [], unsent: [], errors: [] };
  try {
    await recordProviderVersion(broker, input);
  } catch (error) {
    // Results without the branch would break pending calculations: keep them all for a resend.
    outcome.errors.push(`recording provider version ${input.providerVersion} (branch/tags) failed: ${(error as Error).message}`);
    outcome.unsent.push(...input.entries);
    return outcome;
  }
  const pending = [...input.entries];
  while (pending.length > 0) {
    if (o.signal?.aborted) {
      outcome.errors.push(`interrupted before ${pending.length} result(s) were sent`);
      break;
    }
    const entry = pending.shift() as UnsentEntry;
    const one = await publishOne(broker, entry, o);
    if (one.kind === 'sent') outcome.sent.push({ entry, ...(one.location ? { location: one.location } : {}), ...(one.confirmed ? { confirmed: true } : {}) });
    else if (one.kind === 'found') outcome.found.push(entry);
    else {
      outcome.unsent.push(entry);
      outcome.errors.push(`${entry.consumer}: ${one.message}`);
      if (one.stop && pending.length > 0) {
        outcome.errors.push(`${pending.length} more result(s) not attempted: the broker would refuse them the same way`);
        break;
      }
    }
    await o.onProgress?.([...outcome.unsent, ...pending]);
  }
  outcome.unsent.push(...pending);
  return outcome;
}

/**
 * The one outcome every reporter (text, json, junit, step summary) and the broker payload are
 * built from, and what `verify()` returns. Pure data; nothing here prints or talks to the network.
 */
import type { Comments, InteractionType, Mismatch } from '../pact/model.js';
import type { PublishStepOutcome } from './publish-step.js';

export type InteractionStatus = 'passed' | 'failed';

export interface InteractionError {
  /**
   * `state-change`; `request` (no usable answer from the provider or the message endpoint);
   * `filter`, `generator`; `message-source` (no --message-url or handler for a message);
   * `handler` (a message handler threw or returned something unusable).
   */
  kind: 'state-change' | 'request' | 'filter' | 'generator' | 'message-source' | 'handler' | 'internal';
  message: string;
}

export interface InteractionResult {
  id: string;
  index: number;
  type: InteractionType;
  description: string;
  providerStates: string[];
  /** Pending (the broker said so for the pact, or V4 `pending: true`): a failure does not fail the run. */
  pending: boolean;
  status: InteractionStatus;
  mismatches: Mismatch[];
  errors: InteractionError[];
  durationMs: number;
  /** V4 comments, shown with the result. */
  comments?: Comments;
  /** What was sent (HTTP interactions and messages from --message-url): method and URL. */
  request?: { method: string; url: string };
  /** The message handler that produced the message (its key in verify.messageHandlers). */
  handler?: string;
  /** A failed HTTP interaction with JSON bodies: both, for side-by-side reports (not in the JSON report). */
  bodies?: { expected: unknown; actual: unknown };
}

export type PactOrigin = 'file' | 'url' | 'broker';

export interface BrokerNoticeText {
  when?: string;
  text: string;
}

export interface PactResult {
  consumer: string;
  provider: string;
  /** File path or URL. */
  location: string;
  origin: PactOrigin;
  specVersion: string;
  pending: boolean;
  wip: boolean;
  shortDescription?: string;
  notices: BrokerNoticeText[];
  /** `pb:publish-verification-results` href, when the pact came with one. */
  publishUrl?: string;
  interactions: InteractionResult[];
  durationMs: number;
  /** Set after publishing: true sent, false failed/unsent, undefined not attempted. */
  published?: boolean;
  publishNote?: string;
}

export interface Summary {
  pacts: number;
  interactions: number;
  passed: number;
  failed: number;
  pendingFailed: number;
  durationMs: number;
}

export interface VerificationResult {
  provider: string;
  providerBaseUrl: string;
  /** Where messages were requested (--message-url), if anywhere. */
  messageUrl?: string;
  pacts: PactResult[];
  /** A filter (flag or PACT_* env) was in force: results are never published. */
  filtered: boolean;
  filters: string[];
  summary: Summary;
  startedAt: string;
  /** The run was aborted (AbortSignal): the results are partial and nothing was published (report files say so). */
  interrupted: boolean;
}

/** What `verify()` returns: the results, the verdict, and what happened to them. */
export interface VerifyOutcome extends VerificationResult {
  /** 0 every non-pending interaction passed; 1 the answer is "no" (a failure, or nothing verified). */
  exitCode: 0 | 1;
  success: boolean;
  /** No pact was found to verify (see `selection` for what the broker was asked). */
  verifiedNothing: boolean;
  /** The for-verification request sent to the broker, when pacts came from it. */
  selection?: Record<string, unknown>;
  /** Set when publishing was asked for: what was sent, skipped, failed, and saved unsent. */
  publication?: PublishStepOutcome;
  /** Report files written (JSON, JUnit, step summary). */
  reportFiles: string[];
}

/** A pact passes when every interaction that ran passed (pending ones included: the broker wants the truth). */
export function pactSucceeded(pact: PactResult): boolean {
  return pact.interactions.every((i) => i.status !== 'failed');
}

/** A failure that fails the run: not pending. */
export function isBlockingFailure(i: InteractionResult): boolean {
  return i.status === 'failed' && !i.pending;
}

export function summarizeRun(pacts: PactResult[], durationMs: number): Summary {
  const all = pacts.flatMap((p) => p.interactions);
  return {
    pacts: pacts.length,
    interactions: all.length,
    passed: all.filter((i) => i.status === 'passed').length,
    failed: all.filter(isBlockingFailure).length,
    pendingFailed: all.filter((i) => i.status === 'failed' && i.pending).length,
    durationMs,
  };
}

/** 0 all non-pending interactions passed; 1 one failed or nothing was verified. */
export function exitCodeOf(result: Pick<VerificationResult, 'summary'>): 0 | 1 {
  const s = result.summary;
  if (s.failed > 0) return 1;
  if (s.passed + s.pendingFailed === 0) return 1;
  return 0;
}

// ---- broker payload (broker-api.md section 5) ------------------------------------------------

export interface BrokerMismatch {
  attribute: string;
  identifier: string;
  description: string;
}

export interface BrokerTestResult {
  interactionId: string;
  interactionDescription: string;
  success: boolean;
  mismatches?: BrokerMismatch[];
  exceptions?: { message: string }[];
}

export interface BrokerVerificationPayload {
  success: boolean;
  providerApplicationVersion: string;
  buildUrl?: string;
  verifiedBy: { implementation: string; version: string };
  testResults: BrokerTestResult[];
}

const ATTRIBUTE: Record<Mismatch['kind'], string> = {
  status: 'status',
  header: 'header',
  body: 'body',
  bodyType: 'body',
  query: 'query',
  method: 'method',
  path: 'path',
  metadata: 'metadata',
};

export function brokerMismatch(m: Mismatch): BrokerMismatch {
  return { attribute: ATTRIBUTE[m.kind] ?? m.kind, identifier: m.path, description: m.message };
}

export function brokerPayload(
  pact: PactResult,
  o: { providerVersion: string; buildUrl?: string; implementationVersion: string },
): BrokerVerificationPayload {
  return {
    success: pactSucceeded(pact),
    providerApplicationVersion: o.providerVersion,
    ...(o.buildUrl ? { buildUrl: o.buildUrl } : {}),
    verifiedBy: { implementation: 'pactship', version: o.implementationVersion },
    testResults: pact.interactions.map((i) => ({
      interactionId: i.id,
      interactionDescription: i.description,
      success: i.status === 'passed',
      ...(i.mismatches.length ? { mismatches: i.mismatches.map(brokerMismatch) } : {}),
      ...(i.errors.length ? { exceptions: i.errors.map((e) => ({ message: e.message })) } : {}),
    })),
  };
}

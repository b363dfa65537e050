/**
 * can-i-deploy / can-i-merge: ask the matrix, and while the answer is unknown (results still being
 * published) ask again up to `retryWhileUnknown` times, `retryIntervalSeconds` apart. Sleep and clock
 * are injected; nothing is printed here (progress goes to `onWait`).
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerHttpError } from '../broker/errors.js';
import { listEnvironments, unknownEnvironment } from './environments.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';
import { answerOf, explainMissing, isUnknown, matrixUrlFor, parseMatrixResponse, type Answer, type MatrixQuery, type MatrixResult, type Missing } from './matrix.js';

export interface WaitInfo {
  /** Retries done so far (1 for the first retry about to happen). */
  retry: number;
  retries: number;
  waitSeconds: number;
  unknown: number;
}

export interface CanIDeployOptions {
  client: Pick<BrokerClient, 'matrixUrl' | 'get'>;
  /** Looks up a provider's versions in the target environment, to name them in the explanation. */
  versionsInTarget?: (environment: string, pacticipant: string) => Promise<string[]>;
  query: MatrixQuery;
  retryWhileUnknown?: number;
  retryIntervalSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onWait?: (info: WaitInfo) => void;
}

export interface CanIDeployOutcome {
  answer: Answer;
  deployable: boolean;
  /** Still unknown after the last retry. */
  unknownAfterRetries: boolean;
  result: MatrixResult;
  /** The broker's body as sent (for --output json compatibility with the Ruby client). */
  body: unknown;
  missing: Missing[];
  /** How many times the matrix was asked. */
  attempts: number;
  elapsedMs: number;
  url: string;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function canIDeploy(options: CanIDeployOptions): Promise<CanIDeployOutcome> {
  const retries = options.retryWhileUnknown ?? 0;
  const interval = options.retryIntervalSeconds ?? 10;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const started = now();
  const url = matrixUrlFor(await options.client.matrixUrl(), options.query);
  let attempts = 0;
  for (;;) {
    attempts++;
    const response = await options.client.get(url);
    const body: unknown = response.data;
    const result = parseMatrixResponse(body);
    const unknown = isUnknown(result.summary);
    if (unknown && attempts <= retries) {
      options.onWait?.({ retry: attempts, retries, waitSeconds: interval, unknown: result.summary.unknown });
      await sleep(interval * 1000);
      continue;
    }
    const answer = answerOf(result.summary);
    const inTarget = answer === 'yes' ? new Map<string, string[]>() : await lookUpTargetVersions(options, result);
    return {
      answer,
      deployable: answer === 'yes',
      unknownAfterRetries: unknown,
      result,
      body,
      missing: explainMissing(result, options.query, inTarget),
      attempts,
      elapsedMs: now() - started,
      url,
    };
  }
}

/** Unverified rows name no provider version: find which versions of those providers the environment has. */
async function lookUpTargetVersions(options: CanIDeployOptions, result: MatrixResult): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  const { query, versionsInTarget } = options;
  if (query.target.kind !== 'environment' || !versionsInTarget) return found;
  const selected = new Set(query.selectors.map((s) => s.pacticipant));
  for (const row of result.rows) {
    const provider = row.provider.name;
    if (row.ignored || row.verification || row.provider.version || selected.has(provider) || found.has(provider)) continue;
    try {
      found.set(provider, await versionsInTarget(query.target.environment, provider));
    } catch {
      /* the explanation falls back to placeholders */
    }
  }
  return found;
}

/**
 * The broker rejects a matrix query naming an unknown environment or pacticipant with a bare 400;
 * turn that into an error naming what does exist. Anything else is returned unchanged.
 */
export async function explainMatrixError(client: BrokerClient, query: MatrixQuery, error: unknown): Promise<unknown> {
  if (!(error instanceof BrokerHttpError) || error.status !== 400) return error;
  try {
    if (query.target.kind === 'environment') {
      const envs = await listEnvironments(client);
      const name = query.target.environment;
      if (!envs.some((e) => e.name === name)) return await unknownEnvironment(client, { name }, envs);
    }
    const names = [...query.selectors.map((s) => s.pacticipant), ...query.ignore.map((i) => i.pacticipant)];
    for (const name of new Set(names)) {
      if (!(await findPacticipant(client, name))) return await unknownPacticipant(client, name);
    }
  } catch {
    /* keep the broker's own message */
  }
  return error;
}

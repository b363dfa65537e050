/**
 * can-i-deploy / can-i-merge: ask the matrix, and while the answer is unknown (results still being
 * published) ask again up to `retryWhileUnknown` times, `retryIntervalSeconds` apart. Sleep and clock
 * are injected; nothing is printed here (progress goes to `onWait`).
 */
import type { BrokerClient } from '../broker/client.js';
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
    return {
      answer,
      deployable: answer === 'yes',
      unknownAfterRetries: unknown,
      result,
      body,
      missing: explainMissing(result, options.query),
      attempts,
      elapsedMs: now() - started,
      url,
    };
  }
}

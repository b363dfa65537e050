import { describe, expect, it } from 'vitest';
import { canIDeploy } from '../../../src/release/can-i-deploy.js';
import type { MatrixQuery } from '../../../src/release/matrix.js';

const query: MatrixQuery = { selectors: [{ pacticipant: 'Foo', version: '1' }], target: { kind: 'environment', environment: 'production' }, ignore: [] };
const answer = (deployable: boolean | null) => ({
  summary: { deployable, reason: 'r', success: deployable ? 1 : 0, failed: deployable === false ? 1 : 0, unknown: deployable === null ? 1 : 0 },
  matrix: [],
});

/** A fake client answering from a script; the sleep records instead of waiting. */
function fake(answers: unknown[]) {
  const urls: string[] = [];
  const slept: number[] = [];
  const client = {
    matrixUrl: async () => 'http://broker/matrix',
    get: async (url: string) => {
      urls.push(url);
      const data = answers[Math.min(urls.length - 1, answers.length - 1)];
      return { data } as never;
    },
  };
  return { client, urls, slept, sleep: async (ms: number) => void slept.push(ms) };
}

describe('canIDeploy with retry-while-unknown (injected sleep and clock)', () => {
  it('asks once when the answer is known', async () => {
    const f = fake([answer(true)]);
    const o = await canIDeploy({ client: f.client, query, retryWhileUnknown: 5, retryIntervalSeconds: 10, sleep: f.sleep });
    expect(o).toMatchObject({ answer: 'yes', deployable: true, attempts: 1, unknownAfterRetries: false });
    expect(f.slept).toEqual([]);
    expect(f.urls[0]).toBe('http://broker/matrix?q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&environment=production');
  });

  it('asks again while unknown, then stops at the first known answer', async () => {
    const f = fake([answer(null), answer(null), answer(true)]);
    const waits: number[] = [];
    let t = 0;
    const o = await canIDeploy({
      client: f.client,
      query,
      retryWhileUnknown: 5,
      retryIntervalSeconds: 0.2,
      sleep: async (ms) => {
        f.slept.push(ms);
        t += ms;
      },
      now: () => t,
      onWait: (w) => waits.push(w.retry),
    });
    expect(o).toMatchObject({ answer: 'yes', attempts: 3, elapsedMs: 400 });
    expect(f.slept).toEqual([200, 200]);
    expect(waits).toEqual([1, 2]);
  });

  it('gives up after N retries: still unknown, not deployable', async () => {
    const f = fake([answer(null)]);
    const o = await canIDeploy({ client: f.client, query, retryWhileUnknown: 2, retryIntervalSeconds: 10, sleep: f.sleep });
    expect(o).toMatchObject({ answer: 'unknown', deployable: false, attempts: 3, unknownAfterRetries: true });
    expect(f.slept).toEqual([10_000, 10_000]);
    expect(o.missing).toEqual([{ kind: 'broker-says', message: 'r', fixes: [] }]);
  });

  it('a definite no is not retried', async () => {
    const f = fake([answer(false)]);
    const o = await canIDeploy({ client: f.client, query, retryWhileUnknown: 3, sleep: f.sleep });
    expect(o).toMatchObject({ answer: 'no', attempts: 1 });
  });

  it('broker errors propagate (the CLI maps them to exit 2)', async () => {
    const client = { matrixUrl: async () => 'http://broker/matrix', get: async () => Promise.reject(new Error('boom')) };
    await expect(canIDeploy({ client: client as never, query })).rejects.toThrow('boom');
  });
});

import { describe, expect, it } from 'vitest';
import { brokerPayload, exitCodeOf, summarizeRun } from '../../../src/verify/results.js';
import { interaction, pact, run } from './helpers.js';

describe('brokerPayload', () => {
  it('has success, version, verifiedBy, buildUrl and one test result per interaction, messages included', () => {
    const p = pact([
      interaction(),
      interaction({
        id: 'id-2',
        description: 'get item 2',
        status: 'failed',
        mismatches: [{ kind: 'body', path: '$.name', expected: 'a', actual: 'b', message: "Expected 'a' but got 'b'" }],
      }),
      interaction({ id: 'id-3', type: 'Asynchronous/Messages', description: 'a message', status: 'failed', mismatches: [{ kind: 'metadata', path: 'Origin', expected: 'a', actual: 'b', message: "Expected metadata key 'Origin' to have value 'a' but was 'b'" }] }),
      interaction({ id: 'id-4', description: 'refused', status: 'failed', errors: [{ kind: 'request', message: 'connection refused' }] }),
    ]);
    expect(brokerPayload(p, { providerVersion: 'abc123', buildUrl: 'https://ci/1', implementationVersion: '0.1.0' })).toEqual({
      success: false,
      providerApplicationVersion: 'abc123',
      buildUrl: 'https://ci/1',
      verifiedBy: { implementation: 'pactship', version: '0.1.0' },
      testResults: [
        { interactionId: 'id-1', interactionDescription: 'get item 1', success: true },
        {
          interactionId: 'id-2',
          interactionDescription: 'get item 2',
          success: false,
          mismatches: [{ attribute: 'body', identifier: '$.name', description: "Expected 'a' but got 'b'" }],
        },
        {
          interactionId: 'id-3',
          interactionDescription: 'a message',
          success: false,
          mismatches: [{ attribute: 'metadata', identifier: 'Origin', description: "Expected metadata key 'Origin' to have value 'a' but was 'b'" }],
        },
        { interactionId: 'id-4', interactionDescription: 'refused', success: false, exceptions: [{ message: 'connection refused' }] },
      ],
    });
  });

  it('maps mismatch kinds to the broker attributes', () => {
    const kinds = ['status', 'header', 'bodyType', 'query', 'method', 'path'] as const;
    const p = pact([interaction({ status: 'failed', mismatches: kinds.map((kind) => ({ kind, path: 'x', expected: 1, actual: 2, message: 'm' })) })]);
    const attrs = brokerPayload(p, { providerVersion: '1', implementationVersion: '0' }).testResults[0]?.mismatches?.map((m) => m.attribute);
    expect(attrs).toEqual(['status', 'header', 'body', 'query', 'method', 'path']);
  });

  it('a failing pending pact is published as a failure', () => {
    const p = pact([interaction({ status: 'failed', pending: true })], { pending: true });
    expect(brokerPayload(p, { providerVersion: '1', implementationVersion: '0' }).success).toBe(false);
  });
});

describe('exitCodeOf', () => {
  it('0 when only pending interactions failed, 1 for a real failure or when nothing was verified', () => {
    expect(exitCodeOf(run([pact([interaction(), interaction({ status: 'failed', pending: true })])]))).toBe(0);
    expect(exitCodeOf(run([pact([interaction(), interaction({ status: 'failed' })])]))).toBe(1);
    expect(exitCodeOf(run([pact([])]))).toBe(1);
    expect(exitCodeOf(run([]))).toBe(1);
  });

  it('summarizes verified, failed and pending failed', () => {
    const s = summarizeRun([pact([interaction(), interaction({ status: 'failed' }), interaction({ status: 'failed', pending: true })])], 5);
    expect(s).toEqual({ pacts: 1, interactions: 3, passed: 1, failed: 1, pendingFailed: 1, durationMs: 5 });
  });
});

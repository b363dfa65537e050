/** Scheduling: results reach the reporter in pact order under concurrency; abort stops cleanly. */
import { describe, expect, it } from 'vitest';
import { parsePact, type MessageInteraction } from '../../../src/pact/index.js';
import type { ObtainedMessages, MessageSource } from '../../../src/verify/message-source.js';
import type { ProviderClient } from '../../../src/verify/provider-client.js';
import type { InteractionResult } from '../../../src/verify/results.js';
import { verifyPacts, type RunOptions } from '../../../src/verify/runner.js';
import type { LoadedPact } from '../../../src/verify/sources.js';
import type { StateChanger } from '../../../src/verify/state-change.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const names = ['one', 'two', 'three', 'four'];
const loaded: LoadedPact = {
  pact: parsePact(
    {
      consumer: { name: 'c' },
      provider: { name: 'p' },
      messages: names.map((n) => ({ description: n, contents: { n }, metadata: { contentType: 'application/json' } })),
      metadata: { pactSpecification: { version: '3.0.0' } },
    },
    'inline',
  ),
  origin: 'file',
  location: 'inline',
  pending: false,
  wip: false,
  notices: [],
  content: {},
};

const ok = (n: string): ObtainedMessages => ({
  messages: [{ contents: { state: 'present', bytes: new TextEncoder().encode(JSON.stringify({ n })), contentType: 'application/json' }, metadata: { contentType: 'application/json' } }],
  handler: n,
});

function options(source: MessageSource, over: Partial<RunOptions> = {}): RunOptions {
  const stateChanger: StateChanger = { setup: async () => ({}), teardown: async () => undefined, callsWithoutState: false };
  return {
    stateChanger,
    messages: source,
    http: { providerBaseUrl: 'http://127.0.0.1:1', client: {} as ProviderClient, headers: [] },
    clock: () => 0,
    concurrency: 4,
    filters: { consumers: [], noState: false },
    ...over,
  };
}

describe('verifyPacts', () => {
  it('reports results in pact order although they complete in reverse', async () => {
    const gates = new Map(names.map((n) => [n, deferred<ObtainedMessages>()]));
    const started: string[] = [];
    const source: MessageSource = {
      obtain: (i: MessageInteraction) => {
        started.push(i.description);
        if (started.length === names.length) for (const n of [...names].reverse()) gates.get(n)?.resolve(ok(n));
        return gates.get(i.description)!.promise;
      },
    };
    const seen: string[] = [];
    const results = await verifyPacts([loaded], options(source, { reporter: { interaction: (_p, r: InteractionResult) => seen.push(r.description) } }));
    expect(started).toEqual(names); // all four were in flight at once
    expect(seen).toEqual(names);
    expect(results[0]?.interactions.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('on abort starts nothing new and does not report what was in flight', async () => {
    const abort = new AbortController();
    const second = deferred<ObtainedMessages>();
    const started: string[] = [];
    const source: MessageSource = {
      obtain: async (i: MessageInteraction) => {
        started.push(i.description);
        if (i.description === 'one') return ok('one');
        abort.abort(); // interrupted while 'two' is in flight
        second.resolve({ messages: [] }); // would fail: no message
        return second.promise;
      },
    };
    const seen: string[] = [];
    const ended: string[] = [];
    const results = await verifyPacts(
      [loaded, loaded],
      options(source, {
        concurrency: 1,
        signal: abort.signal,
        reporter: { interaction: (_p, r) => seen.push(r.description), pactEnd: (p) => ended.push(p.consumer) },
      }),
    );
    expect(started).toEqual(['one', 'two']);
    expect(seen).toEqual(['one']);
    expect(results).toHaveLength(1);
    expect(results[0]?.interactions.map((r) => r.description)).toEqual(['one']);
    expect(ended).toEqual([]);
  });

  it('a message without a source fails with a message that says how to configure one', async () => {
    const { createMessageSource } = await import('../../../src/verify/message-source.js');
    const source = createMessageSource({ client: {} as ProviderClient, headers: [] });
    const results = await verifyPacts([loaded], options(source, { concurrency: 1 }));
    const first = results[0]?.interactions[0];
    expect(first?.status).toBe('failed');
    expect(first?.errors[0]?.kind).toBe('message-source');
    expect(first?.errors[0]?.message).toContain('--message-url');
    expect(first?.errors[0]?.message).toContain('verify.messageHandlers["one"]');
  });
});

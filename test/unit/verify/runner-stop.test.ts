/** --exit-on-first-error and --last-failed in the scheduler: what starts, what is reported, what is counted. */
import { describe, expect, it } from 'vitest';
import { parsePact, type MessageInteraction } from '../../../src/pact/index.js';
import type { MessageSource, ObtainedMessages } from '../../../src/verify/message-source.js';
import type { ProviderClient } from '../../../src/verify/provider-client.js';
import { countSelected, describeFilters, verifyPacts, type Filters, type RunOptions } from '../../../src/verify/runner.js';
import type { LoadedPact } from '../../../src/verify/sources.js';

const names = ['one', 'two', 'three', 'four'];
const loaded = (consumer: string): LoadedPact => ({
  pact: parsePact(
    {
      consumer: { name: consumer },
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
});

const ok = (n: string): ObtainedMessages => ({
  messages: [{ contents: { state: 'present', bytes: new TextEncoder().encode(JSON.stringify({ n })), contentType: 'application/json' }, metadata: { contentType: 'application/json' } }],
});

/** 'two' gets no message (a failure); the others pass. */
function source(started: string[]): MessageSource {
  return {
    obtain: async (i: MessageInteraction) => {
      started.push(i.description);
      await new Promise((r) => setImmediate(r));
      return i.description === 'two' ? { messages: [] } : ok(i.description);
    },
  };
}

const filters = (over: Partial<Filters> = {}): Filters => ({ consumers: [], noState: false, ...over });

function options(messages: MessageSource, over: Partial<RunOptions> = {}): RunOptions {
  return {
    stateChanger: { setup: async () => ({}), teardown: async () => undefined, callsWithoutState: false },
    messages,
    http: { providerBaseUrl: 'http://127.0.0.1:1', client: {} as ProviderClient, headers: [] },
    clock: () => 0,
    concurrency: 1,
    filters: filters(),
    ...over,
  };
}

describe('stopAfterFailure (--exit-on-first-error)', () => {
  it('starts no interaction, and no pact, after the first failure', async () => {
    const started: string[] = [];
    const results = await verifyPacts([loaded('a'), loaded('b')], options(source(started), { stopAfterFailure: true }));
    expect(started).toEqual(['one', 'two']);
    expect(results.map((p) => p.interactions.map((i) => `${i.description}: ${i.status}`))).toEqual([['one: passed', 'two: failed']]);
  });

  it('lets the interactions in flight finish and reports them, in order', async () => {
    const started: string[] = [];
    const seen: string[] = [];
    const results = await verifyPacts(
      [loaded('a')],
      options(source(started), { stopAfterFailure: true, concurrency: 4, reporter: { interaction: (_p, r) => seen.push(r.description) } }),
    );
    expect(started).toEqual(names);
    expect(seen).toEqual(names);
    expect(results[0]?.interactions).toHaveLength(4);
  });

  it('runs everything without it', async () => {
    const started: string[] = [];
    await verifyPacts([loaded('a'), loaded('b')], options(source(started)));
    expect(started).toHaveLength(8);
  });
});

describe('filters.only (--last-failed) and countSelected', () => {
  const only = { label: 'interactions that failed in the previous run (r.json)', has: (pact: { consumer: string }, i: { description: string }) => pact.consumer === 'b' && i.description !== 'one' };

  it('runs only the interactions in the set, and says so', async () => {
    const started: string[] = [];
    const results = await verifyPacts([loaded('a'), loaded('b')], options(source(started), { filters: filters({ only }) }));
    expect(started).toEqual(['two', 'three', 'four']);
    expect(results.map((p) => p.interactions.length)).toEqual([0, 3]);
    expect(describeFilters(filters({ only }))).toEqual(['interactions that failed in the previous run (r.json)']);
  });

  it('counts what a complete run would verify', () => {
    expect(countSelected([loaded('a'), loaded('b')], filters())).toBe(8);
    expect(countSelected([loaded('a'), loaded('b')], filters({ only }))).toBe(3);
    expect(countSelected([loaded('a'), loaded('b')], filters({ consumers: ['a'], description: /^t/ }))).toBe(2);
  });
});

/**
 * The message scenarios of the Pact compatibility suite (features/V3/message_provider.feature, its
 * 17 runnable scenarios, and features/V4/message_provider.feature), rewritten as our own fixtures in
 * fixtures/messages/compat/. Each runs through verify() against a real HTTP message provider; the
 * verdict, the error headings, the provider state calls and the printed comments must be what the
 * suite (and the reference verifier, checked by hand on the same fixtures) says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '../../src/verify/api.js';
import type { VerifyOutcome } from '../../src/verify/results.js';
import { ROOT, tempDir } from '../support/cli.js';
import { startMessageProvider, type MessageProvider, type ProvidedMessage } from '../support/provider/messages.js';
import { writePact } from '../support/provider/pacts.js';

interface Scenario {
  scenario: string;
  pacts: Record<string, unknown>[];
  provider: Record<string, { contents: string; contentType: string; encoding?: 'base64'; metadata?: Record<string, unknown> }>;
  stateCallback: boolean;
  expected: { success: boolean; errors: string[]; pendingErrors: string[]; printed: string[] };
}

const DIR = path.join(ROOT, 'fixtures/messages/compat');
const scenarios = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Scenario);

/** The suite's error names for our mismatch kinds. */
const HEADING: Record<string, string> = { body: 'Body had differences', bodyType: 'Body type had differences', metadata: 'Metadata had differences' };
const headings = (o: VerifyOutcome, pending: boolean) =>
  [...new Set(o.pacts.flatMap((p) => p.interactions.filter((i) => i.pending === pending).flatMap((i) => i.mismatches.map((m) => HEADING[m.kind] ?? m.kind))))];

const providers: MessageProvider[] = [];
afterEach(async () => {
  await Promise.all(providers.splice(0).map((p) => p.close()));
});

describe('compatibility suite: message provider scenarios', () => {
  it('has the 17 runnable V3 scenarios and the 2 V4 ones', () => {
    expect(scenarios.filter((s) => s.scenario.startsWith('V3'))).toHaveLength(17);
    expect(scenarios.filter((s) => s.scenario.startsWith('V4'))).toHaveLength(2);
  });

  it.each(scenarios.map((s) => [s.scenario, s] as const))('%s', async (_name, s) => {
    const messages: Record<string, ProvidedMessage> = {};
    for (const [description, m] of Object.entries(s.provider)) {
      messages[description] = {
        contents: m.encoding === 'base64' ? Buffer.from(m.contents, 'base64') : m.contents,
        contentType: m.contentType,
        ...(m.metadata ? { metadata: m.metadata } : {}),
      };
    }
    const provider = await startMessageProvider(messages);
    providers.push(provider);
    const dir = tempDir('pactship-compat-');
    const files = s.pacts.map((p, i) => writePact(dir, p, `pact-${i}.json`));
    let printed = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        printed += chunk.toString('utf8');
        done();
      },
    });

    const outcome = await verify({
      pacts: files,
      messageUrl: `${provider.url}/messages`,
      ...(s.stateCallback ? { stateChangeUrl: provider.stateChangeUrl } : {}),
      cwd: dir,
      env: {},
      stream,
    });

    expect(outcome.success).toBe(s.expected.success);
    expect(headings(outcome, false)).toEqual(expect.arrayContaining(s.expected.errors));
    if (s.expected.success) expect(headings(outcome, false)).toEqual([]);
    expect(headings(outcome, true)).toEqual(s.expected.pendingErrors);
    for (const text of s.expected.printed) expect(printed).toContain(text);
    expect(outcome.summary.interactions).toBe(s.pacts.length);
    if (s.stateCallback) {
      expect(provider.events.map((e) => (e.kind === 'state' ? `${e.call.action} ${e.call.state}` : 'message'))).toEqual([
        'setup state one',
        'message',
        'teardown state one',
      ]);
      expect(provider.messageRequests[0]?.providerStates).toEqual([{ name: 'state one', params: {} }]);
    }
  });
});

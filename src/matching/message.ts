/**
 * A message the provider produced, judged against the pact: contents by content type (the body
 * matcher, with the message's `body` rules) and metadata (metadata.ts). Pure; collects every
 * difference and never throws (an engine bug becomes a mismatch).
 */
import type { Body, Message, Mismatch } from '../pact/model.js';
import { matchBody } from './body/index.js';
import { matchMetadata } from './metadata.js';
import { mismatch } from './mismatch.js';
import { compileRules } from './rules.js';

/** What the provider (an HTTP endpoint or a JS handler) returned for one message. */
export interface ActualMessage {
  contents: Body;
  metadata: Record<string, unknown>;
}

export function matchMessage(expected: Message, actual: ActualMessage): Mismatch[] {
  const out: Mismatch[] = [];
  const section = (kind: Mismatch['kind'], run: () => Mismatch[]): void => {
    try {
      out.push(...run());
    } catch (error) {
      out.push(mismatch(kind, '', undefined, undefined, `Internal error while matching: ${(error as Error).message}`));
    }
  };
  let rules: ReturnType<typeof compileRules> | undefined;
  section('body', () => {
    rules = compileRules(expected.matchingRules);
    return [];
  });
  if (!rules) return out;
  const compiled = rules;
  section('body', () => matchBody({ body: expected.contents, headers: {} }, { body: actual.contents, headers: {} }, compiled));
  section('metadata', () => matchMetadata(expected.metadata, actual.metadata, compiled));
  return out;
}

/** Synchronous messages: as many responses as the pact has, each judged against its counterpart. */
export function matchMessages(expected: readonly Message[], actual: readonly ActualMessage[]): Mismatch[] {
  if (expected.length !== actual.length) {
    return [
      mismatch(
        'body',
        '$',
        expected.length,
        actual.length,
        `Expected a message with ${expected.length} response${expected.length === 1 ? '' : 's'}, but the actual response had ${actual.length}`,
      ),
    ];
  }
  return expected.flatMap((e, i) => {
    const found = matchMessage(e, actual[i] as ActualMessage);
    return expected.length === 1 ? found : found.map((m) => ({ ...m, message: `response ${i + 1}: ${m.message}` }));
  });
}

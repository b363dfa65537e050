/** The matching engine: pure functions that collect every difference and never throw. */
import type { ActualResponse, HttpResponse, MatchingRules, Mismatch } from '../pact/model.js';
import { matchBody } from './body/index.js';
import { matchHeaders } from './headers.js';
import { compileRules, type CompiledRules } from './rules.js';
import { matchStatus } from './status.js';

export { matchBody, type BodyPart } from './body/index.js';
export { matchHeaders, splitHeaderValues } from './headers.js';
export { matchQuery } from './query.js';
export { matchStatus } from './status.js';
export { compileRules, type CompiledRules } from './rules.js';
export { summarize } from './mismatch.js';
export { applyGenerators, type GeneratorContext } from './generators.js';
export { parseMediaType, sniffContentType, type MediaType } from './content-type.js';
export { compileFormat } from './time-format.js';
export type { Mismatch, MismatchKind } from '../pact/model.js';

export function matchResponse(
  expected: HttpResponse,
  actual: ActualResponse,
  rules: MatchingRules | CompiledRules = expected.matchingRules,
): Mismatch[] {
  const out: Mismatch[] = [];
  // Each section is guarded so an engine bug shows up as a mismatch, never as a thrown error.
  const section = (kind: Mismatch['kind'], run: () => Mismatch[]): void => {
    try {
      out.push(...run());
    } catch (error) {
      out.push({ kind, path: '', expected: undefined, actual: undefined, message: `Internal error while matching: ${(error as Error).message}` });
    }
  };
  let compiled: CompiledRules | undefined;
  section('body', () => {
    compiled = compileRules(rules);
    return [];
  });
  if (!compiled) return out;
  const c = compiled;
  section('status', () => matchStatus(expected.status, actual.status, c));
  section('header', () => matchHeaders(expected.headers, actual.headers, c));
  section('body', () => matchBody(expected, actual, c));
  return out;
}

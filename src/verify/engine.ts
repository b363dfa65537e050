/**
 * The seam to the matching engine (src/matching, owned elsewhere): the verifier only needs
 * "apply request generators", "match a response" and "match messages". Kept in one file so a
 * change of the engine's signatures touches one place.
 */
import { applyGenerators, matchResponse } from '../matching/index.js';
import { matchMessages, type ActualMessage } from '../matching/message.js';
import type { ActualResponse, HttpRequest, HttpResponse, Message, Mismatch } from '../pact/model.js';

export function generateRequest(request: HttpRequest, providerState: Record<string, unknown>): HttpRequest {
  return applyGenerators(request, { providerState });
}

export function compareResponse(expected: HttpResponse, actual: ActualResponse): Mismatch[] {
  return matchResponse(expected, actual);
}

/** A synchronous message's request with its body generators applied (ProviderState values included). */
export function generateMessage(message: Message, providerState: Record<string, unknown>): Message {
  if (!message.generators.body || message.contents.state !== 'present') return message;
  const asRequest: HttpRequest = {
    method: 'POST',
    path: '/',
    query: {},
    headers: {},
    body: message.contents,
    matchingRules: {},
    generators: { body: message.generators.body },
  };
  return { ...message, contents: applyGenerators(asRequest, { providerState }).body };
}

export function compareMessages(expected: readonly Message[], actual: readonly ActualMessage[]): Mismatch[] {
  return matchMessages(expected, actual);
}

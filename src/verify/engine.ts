/**
 * The seam to the matching engine (src/matching, owned elsewhere): the verifier only needs
 * "apply request generators" and "match a response". Kept in one file so a change of the
 * engine's signatures touches one place.
 */
import { applyGenerators, matchResponse } from '../matching/index.js';
import type { ActualResponse, HttpRequest, HttpResponse, Mismatch } from '../pact/model.js';

export function generateRequest(request: HttpRequest, providerState: Record<string, unknown>): HttpRequest {
  return applyGenerators(request, { providerState });
}

export function compareResponse(expected: HttpResponse, actual: ActualResponse): Mismatch[] {
  return matchResponse(expected, actual);
}

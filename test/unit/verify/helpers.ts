/** Builders of verification results for reporter and payload tests. */
import { summarizeRun, type InteractionResult, type PactResult, type VerificationResult } from '../../../src/verify/results.js';

export const interaction = (over: Partial<InteractionResult> = {}): InteractionResult => ({
  id: 'id-1',
  index: 0,
  type: 'Synchronous/HTTP',
  description: 'get item 1',
  providerStates: [],
  pending: false,
  status: 'passed',
  mismatches: [],
  errors: [],
  durationMs: 12,
  ...over,
});

export const pact = (interactions: InteractionResult[], over: Partial<PactResult> = {}): PactResult => ({
  consumer: 'Web',
  provider: 'Items',
  location: 'http://broker/pacts/x',
  origin: 'broker',
  specVersion: '3.0.0',
  pending: false,
  wip: false,
  notices: [],
  publishUrl: 'http://broker/pacts/x/verification-results',
  interactions,
  durationMs: 20,
  ...over,
});

export const run = (pacts: PactResult[]): VerificationResult => ({
  provider: 'Items',
  providerBaseUrl: 'http://localhost:8080',
  pacts,
  filtered: false,
  filters: [],
  summary: summarizeRun(pacts, 30),
  startedAt: '2026-01-01T00:00:00.000Z',
  interrupted: false,
});


/** Text renderers for the broker listing commands (JSON output is data or the broker's document). */
import type { EnvironmentVersion } from '../release/environment-versions.js';
import type { LatestPact } from '../release/latest-pacts.js';
import type { ProviderStatesResult } from '../release/provider-states.js';
import { textTable } from './text-table.js';

export function latestPactsTable(pacts: LatestPact[]): string[] {
  if (pacts.length === 0) return ['No pacts.'];
  return textTable(
    ['CONSUMER', 'CONSUMER_VERSION', 'PROVIDER', 'CREATED_AT'],
    pacts.map((p) => [p.consumer, p.consumerVersion, p.provider, p.createdAt ?? '']),
  );
}

export function providerStatesLines(r: ProviderStatesResult): string[] {
  const scope =
    r.scope.kind === 'branch'
      ? `the latest pacts from each consumer's branch ${r.scope.branch}`
      : r.scope.kind === 'environment'
        ? `the pacts of the consumer versions in ${r.scope.environment}`
        : "the latest pacts from each consumer's main branch";
  const lines = [`Provider states of ${r.provider} (${scope}):`, ''];
  if (r.states.length === 0) return [...lines, 'No provider states.'];
  return [
    ...lines,
    ...textTable(
      ['PROVIDER STATE', 'CONSUMERS', 'PARAMS'],
      r.states.map((s) => [s.name, s.consumers.join(', '), s.params ? JSON.stringify(s.params) : '']),
    ),
  ];
}

export function environmentVersionsTable(pacticipant: string, environment: string, versions: EnvironmentVersion[]): string[] {
  if (versions.length === 0) return [`${pacticipant} is not currently deployed or released in ${environment}.`];
  return textTable(
    ['VERSION', 'STATUS', 'ENVIRONMENT', 'APPLICATION INSTANCE', 'SINCE'],
    versions.map((v) => [v.version, v.status, v.environment, v.applicationInstance ?? '', v.since ?? '']),
  );
}

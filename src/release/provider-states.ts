/**
 * The provider states consumers expect from a provider. From the broker's aggregated resource
 * (pact_broker >= 2.113.0: `/pacts/provider/{provider}/provider-states[/branch/{b}|/environment/{uuid}]`,
 * which no relation links, so it is built from the index's self href like the matrix); a broker
 * without it answers 404, and then the same list is computed from the pacts the broker would select
 * for verification (latest from each consumer's main branch, or the branch, or the environment).
 */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import { isObj, rawInteractions, type Obj } from '../diff/raw.js';
import { getEnvironment } from './environments.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';

export interface ProviderStateEntry {
  name: string;
  params?: Record<string, unknown>;
  consumers: string[];
}

export type ProviderStatesScope = { kind: 'main-branch' } | { kind: 'branch'; branch: string } | { kind: 'environment'; environment: string };

export interface ProviderStatesResult {
  provider: string;
  scope: ProviderStatesScope;
  /** `broker`: its provider-states resource; `pacts`: computed here from the selected pacts. */
  source: 'broker' | 'pacts';
  states: ProviderStateEntry[];
  /** Why the list was computed (for --verbose). */
  note?: string;
}

function key(name: string, params: unknown): string {
  return JSON.stringify([name, params ?? null]);
}

function readEntries(body: unknown): ProviderStateEntry[] | undefined {
  if (!isObj(body) || !Array.isArray(body.providerStates)) return undefined;
  return body.providerStates.filter(isObj).map((s) => ({
    name: typeof s.name === 'string' ? s.name : '?',
    ...(isObj(s.params) ? { params: s.params } : {}),
    consumers: Array.isArray(s.consumers) ? s.consumers.filter((c): c is string => typeof c === 'string') : [],
  }));
}

/** Aggregates states over pacts: de-duplicated by name and params, with the consumers that expect them, sorted by name. */
export function aggregateStates(pacts: Obj[]): ProviderStateEntry[] {
  const byKey = new Map<string, ProviderStateEntry>();
  for (const pact of pacts) {
    const consumer = isObj(pact.consumer) && typeof pact.consumer.name === 'string' ? pact.consumer.name : '?';
    for (const i of rawInteractions(pact)) {
      for (const s of i.states) {
        const k = key(s.name, s.params);
        const entry = byKey.get(k) ?? { name: s.name, ...(s.params ? { params: s.params } : {}), consumers: [] };
        if (!entry.consumers.includes(consumer)) entry.consumers.push(consumer);
        byKey.set(k, entry);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
}

async function computed(client: BrokerClient, provider: string, scope: ProviderStatesScope): Promise<ProviderStateEntry[]> {
  const selector =
    scope.kind === 'branch' ? { branch: scope.branch } : scope.kind === 'environment' ? { environment: scope.environment } : { mainBranch: true };
  const res = await client.post(await client.href('pb:provider-pacts-for-verification', { provider }), {
    consumerVersionSelectors: [selector],
    includePendingStatus: false,
  });
  const pacts: Obj[] = [];
  for (const p of res.embedded<Obj>('pacts')) {
    const href = isObj(p._links) && isObj(p._links.self) && typeof p._links.self.href === 'string' ? p._links.self.href : undefined;
    if (href) pacts.push((await client.get(href)).data as Obj);
  }
  return aggregateStates(pacts);
}

export async function listProviderStates(client: BrokerClient, input: { provider: string; branch?: string; environment?: string }): Promise<ProviderStatesResult> {
  const { provider } = input;
  if (!(await findPacticipant(client, provider))) throw await unknownPacticipant(client, provider);
  const scope: ProviderStatesScope =
    input.branch !== undefined ? { kind: 'branch', branch: input.branch } : input.environment !== undefined ? { kind: 'environment', environment: input.environment } : { kind: 'main-branch' };
  const index = await client.index();
  const base = `${(index.links('self')[0]?.href ?? client.baseUrl).replace(/\/+$/, '')}/pacts/provider/${encodeURIComponent(provider)}/provider-states`;
  let url = base;
  if (scope.kind === 'branch') url = `${base}/branch/${encodeURIComponent(scope.branch)}`;
  if (scope.kind === 'environment') {
    const env = await getEnvironment(client, { name: scope.environment });
    url = `${base}/environment/${encodeURIComponent(String((env.data as Obj).uuid ?? ''))}`;
  }
  try {
    const entries = readEntries((await client.get(url)).data);
    if (entries) return { provider, scope, source: 'broker', states: entries };
  } catch (error) {
    if (!(error instanceof BrokerNotFoundError)) throw error;
  }
  return {
    provider,
    scope,
    source: 'pacts',
    states: await computed(client, provider, scope),
    note: `the broker has no provider-states resource at ${url} (pact_broker < 2.113.0?): computed from the pacts it selects for verification`,
  };
}

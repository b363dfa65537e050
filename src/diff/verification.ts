/**
 * Would publishing the local pact need new provider work? For each environment and each provider
 * version deployed or released there, the matrix (provider version × every consumer version) says
 * which published pacts that provider version verified; if one of them has the same interactions
 * as the local pact, this exact contract is already verified (or already failed) there.
 */
import type { BrokerClient } from '../broker/client.js';
import type { HalResource } from '../broker/hal.js';
import { versionsOfIn } from '../release/environment-versions.js';
import { getEnvironment, listEnvironments } from '../release/environments.js';
import { matrixUrlFor, parseMatrixResponse, type MatrixRow } from '../release/matrix.js';
import { sameInteractions } from './compare.js';
import type { Obj } from './raw.js';

export type ContractStatus = 'verified' | 'failed' | 'not-verified';

export interface ProviderVersionStatus {
  version: string;
  /** deployed / released */
  how: string[];
  /** The local pact's interactions, as verified by this provider version. */
  status: ContractStatus;
  /** The consumer version whose identical pact carried that result. */
  viaConsumerVersion?: string;
  /** How this provider version fared with the pact compared against (when there is one). */
  againstStatus?: ContractStatus;
}

export interface EnvironmentStatus {
  environment: string;
  production: boolean;
  providerVersions: ProviderVersionStatus[];
}

/** Fetches pacts once per URL for the whole run. */
export type PactFetcher = (url: string) => Promise<Obj>;

export function pactFetcher(client: BrokerClient): PactFetcher {
  const cache = new Map<string, Promise<Obj>>();
  return (url) => {
    let p = cache.get(url);
    if (!p) {
      p = client.get(url).then((res) => res.data as Obj);
      cache.set(url, p);
    }
    return p;
  };
}

const MAX_CANDIDATES = 20;

function statusOf(rows: MatrixRow[]): ContractStatus {
  if (rows.some((r) => r.verification?.success === true)) return 'verified';
  if (rows.some((r) => r.verification?.success === false)) return 'failed';
  return 'not-verified';
}

async function providerVersionStatus(
  client: BrokerClient,
  fetchPact: PactFetcher,
  input: { consumer: string; provider: string; providerVersion: string; local: Obj; againstVersions: string[] },
): Promise<Omit<ProviderVersionStatus, 'how'>> {
  const url = matrixUrlFor(await client.matrixUrl(), {
    selectors: [{ pacticipant: input.provider, version: input.providerVersion }, { pacticipant: input.consumer }],
    target: { kind: 'none' },
    ignore: [],
  });
  const rows = parseMatrixResponse((await client.get(url)).data).rows.filter(
    (r) => r.consumer.name === input.consumer && r.provider.name === input.provider && r.verification !== null && r.pactUrl,
  );
  const out: Omit<ProviderVersionStatus, 'how'> = { version: input.providerVersion, status: 'not-verified' };
  const ofAgainst = rows.filter((r) => r.consumer.version && input.againstVersions.includes(r.consumer.version.number));
  if (input.againstVersions.length > 0) out.againstStatus = statusOf(ofAgainst);
  // Successful, then recent results first: one identical verified pact is the answer.
  const when = (r: MatrixRow) => r.verification?.verifiedAt ?? '';
  const candidates = [...rows]
    .sort((a, b) => Number(b.verification?.success) - Number(a.verification?.success) || when(b).localeCompare(when(a)))
    .slice(0, MAX_CANDIDATES);
  const seen = new Set<string>();
  for (const row of candidates) {
    const pactUrl = row.pactUrl as string;
    if (seen.has(pactUrl)) continue;
    seen.add(pactUrl);
    if (!sameInteractions(await fetchPact(pactUrl), input.local)) continue;
    out.status = row.verification?.success ? 'verified' : 'failed';
    if (row.consumer.version) out.viaConsumerVersion = row.consumer.version.number;
    if (out.status === 'verified') break;
  }
  return out;
}

/** The environments with their resources, read once per run; undefined on brokers without environments. */
export async function environmentsOf(client: BrokerClient): Promise<{ name: string; production: boolean; resource: HalResource }[] | undefined> {
  const index = await client.index();
  if (!index.can('pb:environments')) return undefined;
  const out: { name: string; production: boolean; resource: HalResource }[] = [];
  for (const env of await listEnvironments(client)) out.push({ name: env.name, production: env.production, resource: await getEnvironment(client, { uuid: env.uuid }) });
  return out;
}

export async function verificationStatus(
  client: BrokerClient,
  fetchPact: PactFetcher,
  environments: { name: string; production: boolean; resource: HalResource }[],
  input: { consumer: string; provider: string; local: Obj; againstVersions: string[] },
): Promise<EnvironmentStatus[]> {
  const out: EnvironmentStatus[] = [];
  for (const env of environments) {
    const found = await versionsOfIn(client, env.resource, input.provider, { deployed: true, released: true });
    const byVersion = new Map<string, string[]>();
    for (const v of found) byVersion.set(v.version, [...(byVersion.get(v.version) ?? []), v.status]);
    const providerVersions: ProviderVersionStatus[] = [];
    for (const [version, how] of byVersion) {
      providerVersions.push({ ...(await providerVersionStatus(client, fetchPact, { ...input, providerVersion: version })), how: [...new Set(how)] });
    }
    out.push({ environment: env.name, production: env.production, providerVersions });
  }
  return out;
}

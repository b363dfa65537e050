/** `pb:latest-pact-versions`: the latest pact of every integration. */
import type { BrokerClient } from '../broker/client.js';

export interface LatestPact {
  consumer: string;
  consumerVersion: string;
  provider: string;
  createdAt?: string;
  url?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function readLatestPacts(body: unknown): LatestPact[] {
  const pacts = isObj(body) && Array.isArray(body.pacts) ? body.pacts.filter(isObj) : [];
  return pacts.map((p) => {
    const embedded = isObj(p._embedded) ? p._embedded : {};
    const consumer = isObj(embedded.consumer) ? embedded.consumer : {};
    const provider = isObj(embedded.provider) ? embedded.provider : {};
    const version = isObj(consumer._embedded) && isObj(consumer._embedded.version) ? consumer._embedded.version : {};
    const links = isObj(p._links) ? p._links : {};
    const selfs = Array.isArray(links.self) ? links.self : [links.self];
    // The second self link is the version-specific one; the first is …/latest.
    const url = str((selfs.filter(isObj).at(-1) ?? {}).href);
    const out: LatestPact = { consumer: str(consumer.name) ?? '?', consumerVersion: str(version.number) ?? '?', provider: str(provider.name) ?? '?' };
    if (str(p.createdAt)) out.createdAt = str(p.createdAt) as string;
    if (url) out.url = url;
    return out;
  });
}

/** The broker's document (what `-o json` prints, as the Ruby CLI does) and the rows read from it. */
export async function listLatestPactVersions(client: BrokerClient): Promise<{ document: unknown; pacts: LatestPact[] }> {
  const res = await client.follow('pb:latest-pact-versions');
  return { document: res.data, pacts: readLatestPacts(res.data) };
}

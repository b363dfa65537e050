/**
 * The versions of a pacticipant in an environment: currently deployed (per application instance)
 * and released-and-supported, from the environment's `pb:currently-*` relations.
 */
import type { BrokerClient } from '../broker/client.js';
import type { HalResource } from '../broker/hal.js';
import { withQuery } from './deployments.js';
import { getEnvironment } from './environments.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';

export interface EnvironmentVersion {
  pacticipant: string;
  version: string;
  environment: string;
  status: 'deployed' | 'released';
  applicationInstance?: string;
  /** When it was deployed / released. */
  since?: string;
  url?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function read(items: Obj[], base: Pick<EnvironmentVersion, 'pacticipant' | 'environment' | 'status'>): EnvironmentVersion[] {
  return items.flatMap((item) => {
    const embedded = isObj(item._embedded) ? item._embedded : {};
    const pacticipant = isObj(embedded.pacticipant) ? str(embedded.pacticipant.name) : undefined;
    // Filter again: a broker that ignores ?pacticipant= must not make us report another application.
    if (pacticipant !== undefined && pacticipant !== base.pacticipant) return [];
    const version = isObj(embedded.version) ? str(embedded.version.number) : undefined;
    if (version === undefined) return [];
    const out: EnvironmentVersion = { ...base, version };
    const instance = str(item.applicationInstance) ?? str(item.target);
    if (instance) out.applicationInstance = instance;
    if (str(item.createdAt)) out.since = str(item.createdAt) as string;
    const self = isObj(item._links) && isObj(item._links.self) ? str(item._links.self.href) : undefined;
    if (self) out.url = self;
    return [out];
  });
}

export async function versionsOfIn(client: BrokerClient, env: HalResource, pacticipant: string, kinds: { deployed: boolean; released: boolean }): Promise<EnvironmentVersion[]> {
  const environment = str((env.data as Obj).name) ?? '?';
  const out: EnvironmentVersion[] = [];
  if (kinds.deployed) {
    const res = await client.get(withQuery(env.href('pb:currently-deployed-deployed-versions'), { pacticipant }));
    out.push(...read(res.embedded<Obj>('deployedVersions'), { pacticipant, environment, status: 'deployed' }));
  }
  if (kinds.released) {
    const res = await client.get(withQuery(env.href('pb:currently-supported-released-versions'), { pacticipant }));
    out.push(...read(res.embedded<Obj>('releasedVersions'), { pacticipant, environment, status: 'released' }));
  }
  return out;
}

/** describe-version --environment: an unknown environment or pacticipant names what exists. */
export async function describeVersionsInEnvironment(
  client: BrokerClient,
  input: { pacticipant: string; environment: string; deployed?: boolean; released?: boolean },
): Promise<EnvironmentVersion[]> {
  const env = await getEnvironment(client, { name: input.environment });
  const both = !input.deployed && !input.released;
  const found = await versionsOfIn(client, env, input.pacticipant, { deployed: both || input.deployed === true, released: both || input.released === true });
  if (found.length === 0 && !(await findPacticipant(client, input.pacticipant))) throw await unknownPacticipant(client, input.pacticipant);
  return found;
}

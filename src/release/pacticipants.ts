/** Pacticipants: create or update (POST the collection, or merge-PATCH the resource), describe, list. */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { UnknownPacticipantError, listKnown } from './errors.js';

export interface Pacticipant {
  name: string;
  displayName?: string;
  mainBranch?: string;
  repositoryUrl?: string;
  latestVersion?: string;
  createdAt?: string;
  updatedAt?: string;
  url?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function toPacticipant(data: Obj): Pacticipant {
  const links = (data._links ?? {}) as Record<string, { href?: string }>;
  const embedded = (data._embedded ?? {}) as Record<string, Obj | undefined>;
  const latest = str(embedded.latestVersion?.number);
  const out: Pacticipant = { name: str(data.name) ?? '?' };
  const set = (k: keyof Pacticipant, v: string | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('displayName', str(data.displayName));
  set('mainBranch', str(data.mainBranch));
  set('repositoryUrl', str(data.repositoryUrl));
  set('latestVersion', latest);
  set('createdAt', str(data.createdAt));
  set('updatedAt', str(data.updatedAt));
  set('url', str(links.self?.href));
  return out;
}

/** The pacticipant resource, or undefined when the broker does not know the name. */
export async function findPacticipant(client: BrokerClient, name: string): Promise<HalResource | undefined> {
  try {
    return await client.follow('pb:pacticipant', { pacticipant: name });
  } catch (error) {
    if (error instanceof BrokerNotFoundError) return undefined;
    throw error;
  }
}

export async function listPacticipants(client: BrokerClient): Promise<Pacticipant[]> {
  const res = await client.follow('pb:pacticipants');
  const embedded = res.embedded<Obj>('pacticipants');
  if (embedded.length > 0) return embedded.map(toPacticipant);
  // Older brokers list them as links only.
  return res.links('pacticipants').map((l) => ({ name: l.name ?? l.title ?? l.href, url: l.href }));
}

/** Names the broker knows, for "what exists" messages; never throws. */
export async function knownPacticipantNames(client: BrokerClient): Promise<string[]> {
  try {
    return (await listPacticipants(client)).map((p) => p.name).sort();
  } catch {
    return [];
  }
}

export async function unknownPacticipant(client: BrokerClient, name: string): Promise<UnknownPacticipantError> {
  const known = await knownPacticipantNames(client);
  return new UnknownPacticipantError(`the Pact Broker has no pacticipant named '${name}'`, known, {
    details: [`pacticipants: ${listKnown(known, 20)}`],
    hint: 'Check the spelling (names are case-sensitive), or publish a pact / create the pacticipant first.',
  });
}

export async function describePacticipant(client: BrokerClient, name: string): Promise<Pacticipant> {
  const res = await findPacticipant(client, name);
  if (!res) throw await unknownPacticipant(client, name);
  return toPacticipant(res.data);
}

export interface PacticipantInput {
  name: string;
  displayName?: string;
  mainBranch?: string;
  repositoryUrl?: string;
}

export interface CreateOrUpdateResult {
  action: 'created' | 'updated' | 'unchanged';
  pacticipant: Pacticipant;
}

export async function createOrUpdatePacticipant(client: BrokerClient, input: PacticipantInput): Promise<CreateOrUpdateResult> {
  const fields: Obj = {};
  if (input.displayName !== undefined) fields.displayName = input.displayName;
  if (input.mainBranch !== undefined) fields.mainBranch = input.mainBranch;
  if (input.repositoryUrl !== undefined) fields.repositoryUrl = input.repositoryUrl;
  const existing = await findPacticipant(client, input.name);
  if (!existing) {
    const created = await client.post(await client.href('pb:pacticipants'), { name: input.name, ...fields });
    return { action: 'created', pacticipant: toPacticipant(created.data) };
  }
  const changed = Object.fromEntries(Object.entries(fields).filter(([k, v]) => existing.data[k] !== v));
  if (Object.keys(changed).length === 0) return { action: 'unchanged', pacticipant: toPacticipant(existing.data) };
  const updated = await client.patch(existing.link('self').href, changed);
  // Some brokers answer a PATCH with an empty body: read it back.
  const data = typeof updated.data.name === 'string' ? updated.data : (await client.get(existing.link('self').href)).data;
  return { action: 'updated', pacticipant: toPacticipant(data) };
}

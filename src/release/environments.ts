/** Environments: list, find by name or uuid (naming what exists), create, update (PUT), delete. */
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { UsageError } from '../errors.js';
import { UnknownEnvironmentError } from './errors.js';

export interface Contact {
  name?: string;
  details?: Record<string, unknown>;
}

export interface Environment {
  uuid: string;
  name: string;
  displayName?: string;
  production: boolean;
  contacts?: unknown;
  createdAt?: string;
  updatedAt?: string;
  url?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function toEnvironment(data: Obj): Environment {
  const links = (data._links ?? {}) as Record<string, { href?: string } | undefined>;
  const env: Environment = { uuid: str(data.uuid) ?? '?', name: str(data.name) ?? '?', production: data.production === true };
  if (str(data.displayName)) env.displayName = str(data.displayName) as string;
  if (data.contacts !== undefined && data.contacts !== null) env.contacts = data.contacts;
  if (str(data.createdAt)) env.createdAt = str(data.createdAt) as string;
  if (str(data.updatedAt)) env.updatedAt = str(data.updatedAt) as string;
  if (str(links.self?.href)) env.url = str(links.self?.href) as string;
  return env;
}

export async function listEnvironments(client: BrokerClient): Promise<Environment[]> {
  const res = await client.follow('pb:environments');
  return res.embedded<Obj>('environments').map(toEnvironment);
}

export type EnvironmentRef = { uuid: string } | { name: string };

function describeRef(ref: EnvironmentRef): string {
  return 'uuid' in ref ? `uuid '${ref.uuid}'` : `'${ref.name}'`;
}

export async function unknownEnvironment(client: BrokerClient, ref: EnvironmentRef, known?: Environment[]): Promise<UnknownEnvironmentError> {
  let envs = known;
  if (!envs) {
    try {
      envs = await listEnvironments(client);
    } catch {
      envs = [];
    }
  }
  const names = envs.map((e) => e.name);
  return new UnknownEnvironmentError(`the Pact Broker has no environment ${describeRef(ref)}`, names, {
    details: [
      `environments: ${envs.length === 0 ? '(none)' : envs.map((e) => ('uuid' in ref ? `${e.name} (${e.uuid})` : `'${e.name}'`)).join(', ')}`,
    ],
    hint: "Check the name (case-sensitive), or create it: pactship create-environment --name NAME [--production]",
  });
}

/** The environment resource (GET of its self link), by name or uuid. */
export async function getEnvironment(client: BrokerClient, ref: EnvironmentRef): Promise<HalResource> {
  if ('uuid' in ref) {
    try {
      return await client.follow('pb:environment', { uuid: ref.uuid });
    } catch (error) {
      if (error instanceof BrokerNotFoundError) throw await unknownEnvironment(client, ref);
      throw error;
    }
  }
  const envs = await listEnvironments(client);
  const found = envs.find((e) => e.name === ref.name);
  if (!found) throw await unknownEnvironment(client, ref, envs);
  const url = found.url ?? (await client.href('pb:environment', { uuid: found.uuid }));
  return client.get(url);
}

export async function describeEnvironment(client: BrokerClient, ref: EnvironmentRef): Promise<Environment> {
  return toEnvironment((await getEnvironment(client, ref)).data);
}

export interface EnvironmentInput {
  name: string;
  displayName?: string;
  production?: boolean;
  contacts?: Contact[];
}

export async function createEnvironment(client: BrokerClient, input: EnvironmentInput): Promise<Environment> {
  if (!input.name.trim()) throw new UsageError('--name must not be empty');
  const body: Obj = { name: input.name, production: input.production ?? false };
  if (input.displayName !== undefined) body.displayName = input.displayName;
  if (input.contacts && input.contacts.length > 0) body.contacts = input.contacts;
  const res = await client.post(await client.href('pb:environments'), body);
  return toEnvironment(res.data);
}

export async function updateEnvironment(
  client: BrokerClient,
  ref: EnvironmentRef,
  changes: Partial<EnvironmentInput>,
): Promise<{ before: Environment; after: Environment }> {
  const res = await getEnvironment(client, ref);
  const before = toEnvironment(res.data);
  const body: Obj = {
    name: changes.name ?? before.name,
    displayName: changes.displayName ?? before.displayName ?? before.name,
    production: changes.production ?? before.production,
  };
  const contacts = changes.contacts && changes.contacts.length > 0 ? changes.contacts : before.contacts;
  if (contacts !== undefined) body.contacts = contacts;
  const url = res.link('self').href;
  const put = await client.put(url, body);
  const after = typeof put.data.uuid === 'string' ? toEnvironment(put.data) : toEnvironment((await client.get(url)).data);
  return { before, after };
}

export async function deleteEnvironment(client: BrokerClient, ref: EnvironmentRef): Promise<Environment> {
  const res = await getEnvironment(client, ref);
  await client.delete(res.link('self').href);
  return toEnvironment(res.data);
}

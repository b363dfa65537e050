/**
 * Deployments and releases: record-deployment / record-release follow the version's named
 * `pb:record-*` link for the environment; undeploy and end-of-support PATCH the currently
 * deployed/supported versions listed under the environment.
 */
import type { BrokerClient } from '../broker/client.js';
import { MissingRelationError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { NothingToRecordError } from './errors.js';
import { getEnvironment, listEnvironments, unknownEnvironment } from './environments.js';
import { findPacticipant, unknownPacticipant } from './pacticipants.js';
import { getVersion } from './versions.js';

export interface DeploymentRecord {
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance?: string;
  uuid?: string;
  currentlyDeployed?: boolean;
  currentlySupported?: boolean;
  url?: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The version's record link for an environment; an unknown environment names the ones that exist. */
async function recordLink(client: BrokerClient, version: HalResource, rel: 'pb:record-deployment' | 'pb:record-release', environment: string): Promise<string> {
  const links = version.links(rel);
  if (links.length === 0) throw new MissingRelationError(rel, version.url, version.relations);
  const link = links.find((l) => l.name === environment);
  if (link) return link.href;
  let envs;
  try {
    envs = await listEnvironments(client);
  } catch {
    envs = links.map((l) => ({ uuid: '?', name: l.name ?? l.href, production: false }));
  }
  throw await unknownEnvironment(client, { name: environment }, envs);
}

function readRecord(data: Obj, base: DeploymentRecord): DeploymentRecord {
  const out: DeploymentRecord = { ...base };
  const links = (data._links ?? {}) as Record<string, { href?: string } | undefined>;
  if (str(data.uuid)) out.uuid = str(data.uuid) as string;
  if (typeof data.currentlyDeployed === 'boolean') out.currentlyDeployed = data.currentlyDeployed;
  if (typeof data.currentlySupported === 'boolean') out.currentlySupported = data.currentlySupported;
  const instance = str(data.applicationInstance) ?? str(data.target);
  if (instance) out.applicationInstance = instance;
  if (str(links.self?.href)) out.url = str(links.self?.href) as string;
  return out;
}

export async function recordDeployment(
  client: BrokerClient,
  input: { pacticipant: string; version: string; environment: string; applicationInstance?: string },
): Promise<DeploymentRecord> {
  const version = await getVersion(client, input.pacticipant, input.version);
  const href = await recordLink(client, version, 'pb:record-deployment', input.environment);
  const body = input.applicationInstance !== undefined ? { applicationInstance: input.applicationInstance } : {};
  const res = await client.post(href, body);
  const base: DeploymentRecord = { pacticipant: input.pacticipant, version: input.version, environment: input.environment };
  if (input.applicationInstance !== undefined) base.applicationInstance = input.applicationInstance;
  return readRecord(res.data, base);
}

export async function recordRelease(
  client: BrokerClient,
  input: { pacticipant: string; version: string; environment: string },
): Promise<DeploymentRecord> {
  const version = await getVersion(client, input.pacticipant, input.version);
  const href = await recordLink(client, version, 'pb:record-release', input.environment);
  const res = await client.post(href, {});
  return readRecord(res.data, { pacticipant: input.pacticipant, version: input.version, environment: input.environment });
}

export function withQuery(href: string, params: Record<string, string | undefined>): string {
  const url = new URL(href);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

interface Listed {
  pacticipant?: string;
  version?: string;
  applicationInstance?: string;
  self: string;
}

function listed(items: Obj[]): Listed[] {
  return items.flatMap((item) => {
    const embedded = (item._embedded ?? {}) as Record<string, Obj | undefined>;
    const self = str(((item._links ?? {}) as Record<string, { href?: string } | undefined>).self?.href);
    if (!self) return [];
    const l: Listed = { self };
    const p = str(embedded.pacticipant?.name);
    const v = str(embedded.version?.number);
    const i = str(item.applicationInstance) ?? str(item.target);
    if (p) l.pacticipant = p;
    if (v) l.version = v;
    if (i) l.applicationInstance = i;
    return [l];
  });
}

export interface UndeployResult {
  pacticipant: string;
  environment: string;
  applicationInstance?: string;
  undeployed: { version: string; applicationInstance?: string; url: string }[];
}

export async function recordUndeployment(
  client: BrokerClient,
  input: { pacticipant: string; environment: string; applicationInstance?: string },
): Promise<UndeployResult> {
  const env = await getEnvironment(client, { name: input.environment });
  const href = withQuery(env.href('pb:currently-deployed-deployed-versions'), {
    pacticipant: input.pacticipant,
    applicationInstance: input.applicationInstance,
  });
  const all = listed((await client.get(href)).embedded<Obj>('deployedVersions'));
  // Filter again here: a broker that ignores a query parameter must not make us undeploy something else.
  const ofPacticipant = all.filter((d) => d.pacticipant === undefined || d.pacticipant === input.pacticipant);
  const matching = ofPacticipant.filter((d) => input.applicationInstance === undefined || d.applicationInstance === input.applicationInstance);
  if (matching.length === 0) {
    if (!(await findPacticipant(client, input.pacticipant))) throw await unknownPacticipant(client, input.pacticipant);
    const instance = input.applicationInstance !== undefined ? ` (application instance '${input.applicationInstance}')` : '';
    const others = input.applicationInstance !== undefined ? await currentlyDeployedOf(client, env, input.pacticipant) : [];
    throw new NothingToRecordError(`${input.pacticipant} is not currently deployed to ${input.environment}${instance}`, {
      details: others.length > 0 ? [`currently deployed there: ${others.map((o) => `${o.version ?? '?'}${o.applicationInstance ? ` (instance '${o.applicationInstance}')` : ''}`).join(', ')}`] : [],
      hint: 'Nothing was changed. Check the pacticipant, environment and application instance.',
    });
  }
  const undeployed: UndeployResult['undeployed'] = [];
  for (const d of matching) {
    await client.patch(d.self, { currentlyDeployed: false });
    undeployed.push({ version: d.version ?? '?', url: d.self, ...(d.applicationInstance ? { applicationInstance: d.applicationInstance } : {}) });
  }
  const result: UndeployResult = { pacticipant: input.pacticipant, environment: input.environment, undeployed };
  if (input.applicationInstance !== undefined) result.applicationInstance = input.applicationInstance;
  return result;
}

/**
 * The versions of a pacticipant in an environment: currently deployed, then released and still
 * supported. Used to name them when can-i-deploy explains what is missing.
 */
export async function versionsInEnvironment(client: BrokerClient, environment: string, pacticipant: string): Promise<string[]> {
  const env = await getEnvironment(client, { name: environment });
  const deployed = (await currentlyDeployedOf(client, env, pacticipant)).map((d) => d.version);
  let released: (string | undefined)[] = [];
  try {
    const href = withQuery(env.href('pb:currently-supported-released-versions'), { pacticipant });
    released = listed((await client.get(href)).embedded<Obj>('releasedVersions'))
      .filter((r) => r.pacticipant === undefined || r.pacticipant === pacticipant)
      .map((r) => r.version);
  } catch {
    /* deployments alone still say something */
  }
  return [...new Set([...deployed, ...released].filter((v): v is string => v !== undefined))];
}

async function currentlyDeployedOf(client: BrokerClient, env: HalResource, pacticipant: string): Promise<Listed[]> {
  try {
    const href = withQuery(env.href('pb:currently-deployed-deployed-versions'), { pacticipant });
    return listed((await client.get(href)).embedded<Obj>('deployedVersions')).filter((d) => d.pacticipant === undefined || d.pacticipant === pacticipant);
  } catch {
    return [];
  }
}

export interface SupportEndedResult {
  pacticipant: string;
  version: string;
  environment: string;
  ended: { url: string }[];
}

export async function recordSupportEnded(
  client: BrokerClient,
  input: { pacticipant: string; version: string; environment: string },
): Promise<SupportEndedResult> {
  await getVersion(client, input.pacticipant, input.version);
  const env = await getEnvironment(client, { name: input.environment });
  const base = env.href('pb:currently-supported-released-versions');
  const all = listed((await client.get(withQuery(base, { pacticipant: input.pacticipant, version: input.version }))).embedded<Obj>('releasedVersions'));
  const ofPacticipant = all.filter((r) => r.pacticipant === undefined || r.pacticipant === input.pacticipant);
  const matching = ofPacticipant.filter((r) => r.version === undefined || r.version === input.version);
  if (matching.length === 0) {
    let supported: Listed[] = [];
    try {
      supported = listed((await client.get(withQuery(base, { pacticipant: input.pacticipant }))).embedded<Obj>('releasedVersions')).filter(
        (r) => r.pacticipant === undefined || r.pacticipant === input.pacticipant,
      );
    } catch {
      /* the message below is still right */
    }
    throw new NothingToRecordError(`${input.pacticipant} ${input.version} is not currently released and supported in ${input.environment}`, {
      details: [`versions of ${input.pacticipant} supported there: ${supported.length ? supported.map((s) => `'${s.version ?? '?'}'`).join(', ') : '(none)'}`],
      hint: 'Nothing was changed. Record a release first with: pactship record-release --pacticipant NAME --version VERSION --environment ENV',
    });
  }
  const ended: SupportEndedResult['ended'] = [];
  for (const r of matching) {
    await client.patch(r.self, { currentlySupported: false });
    ended.push({ url: r.self });
  }
  return { pacticipant: input.pacticipant, version: input.version, environment: input.environment, ended };
}

/** Environments, deployed versions and released versions (section 7). */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { isNonBlankString, isRecord, notFound, Problems, validationError } from '../http.js';
import { deployedVersionResource, environmentResource, releasedVersionResource } from '../resources.js';
import type { Environment } from '../state.js';
import { requireEnvironment, requireVersion } from '../state.js';
import { randomUUID } from 'node:crypto';

type R = { status: number; body?: unknown; headers?: Record<string, string> };

function validateEnvironment(ctx: Ctx, self: Environment | undefined): { name: string; displayName?: string; production: boolean; contacts?: unknown } {
  const body = ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const problems = new Problems();
  const { name, displayName, production, contacts } = body;
  if (!isNonBlankString(name)) problems.add('name', 'name is missing or blank');
  else if (/\s/.test(name)) problems.add('name', 'name cannot contain spaces');
  else if (ctx.state.environments.some((e) => e.name === name && e !== self)) {
    problems.add('name', `Another environment with name '${name}' already exists.`);
  }
  if (displayName !== undefined && displayName !== null && typeof displayName !== 'string') problems.add('displayName', 'displayName must be a string');
  if (production !== undefined && typeof production !== 'boolean') problems.add('production', 'production must be true or false');
  if (contacts !== undefined && !Array.isArray(contacts)) problems.add('contacts', 'contacts must be an array');
  problems.throwIfAny();
  return {
    name: name as string,
    ...(typeof displayName === 'string' ? { displayName } : {}),
    production: production === true,
    ...(contacts === undefined ? {} : { contacts }),
  };
}

function list(ctx: Ctx): R {
  const name = ctx.query.get('name');
  const envs = ctx.state.environments.filter((e) => name === null || e.name === name);
  return {
    status: 200,
    body: {
      _embedded: { environments: envs.map((e) => environmentResource(ctx.urls, e)) },
      _links: {
        self: { title: 'Environments', href: ctx.urls.environments() },
        'pb:create': { title: 'Create an environment', href: ctx.urls.environments() },
        'pb:environments': envs.map((e) => ({ title: 'Environment', name: e.name, href: ctx.urls.environment(e.uuid) })),
      },
    },
  };
}

function create(ctx: Ctx): R {
  const v = validateEnvironment(ctx, undefined);
  const now = new Date();
  const env: Environment = {
    uuid: randomUUID(),
    name: v.name,
    displayName: v.displayName ?? v.name,
    production: v.production,
    ...(v.contacts === undefined ? {} : { contacts: v.contacts }),
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.environments.push(env);
  return { status: 201, body: environmentResource(ctx.urls, env), headers: { Location: ctx.urls.environment(env.uuid) } };
}

function update(ctx: Ctx): R {
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const v = validateEnvironment(ctx, env);
  env.name = v.name;
  env.displayName = v.displayName ?? v.name;
  env.production = v.production;
  if (v.contacts === undefined) delete env.contacts;
  else env.contacts = v.contacts;
  env.updatedAt = new Date();
  return { status: 200, body: environmentResource(ctx.urls, env) };
}

function remove(ctx: Ctx): R {
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const s = ctx.state;
  s.environments = s.environments.filter((e) => e !== env);
  s.deployedVersions = s.deployedVersions.filter((d) => d.environment !== env.uuid);
  s.releasedVersions = s.releasedVersions.filter((r) => r.environment !== env.uuid);
  return { status: 204 };
}

function currentlyDeployed(ctx: Ctx): R {
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const pacticipant = ctx.query.get('pacticipant');
  const instance = ctx.query.get('applicationInstance') ?? ctx.query.get('target');
  const version = ctx.query.get('version');
  const found = ctx.state.deployedVersions.filter(
    (d) =>
      d.currentlyDeployed &&
      d.environment === env.uuid &&
      (pacticipant === null || d.pacticipant === pacticipant) &&
      (instance === null || d.applicationInstance === instance) &&
      (version === null || d.version === version),
  );
  return {
    status: 200,
    body: {
      _embedded: { deployedVersions: found.map((d) => deployedVersionResource(ctx.urls, d, ctx.state)) },
      _links: { self: { title: `Currently deployed versions in ${env.displayName}`, href: ctx.urls.currentlyDeployed(env.uuid) } },
    },
  };
}

function currentlySupported(ctx: Ctx): R {
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const pacticipant = ctx.query.get('pacticipant');
  const version = ctx.query.get('version');
  const found = ctx.state.releasedVersions.filter(
    (r) =>
      r.currentlySupported &&
      r.environment === env.uuid &&
      (pacticipant === null || r.pacticipant === pacticipant) &&
      (version === null || r.version === version),
  );
  return {
    status: 200,
    body: {
      _embedded: { releasedVersions: found.map((r) => releasedVersionResource(ctx.urls, r, ctx.state)) },
      _links: { self: { title: `Currently supported released versions in ${env.displayName}`, href: ctx.urls.currentlySupported(env.uuid) } },
    },
  };
}

function recordDeployment(ctx: Ctx): R {
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  requireVersion(ctx.state, p, n);
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const body = ctx.json === undefined ? {} : ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const instance = body['applicationInstance'] ?? body['target'];
  if (instance !== undefined && instance !== null && !isNonBlankString(instance)) {
    throw validationError({ applicationInstance: ['applicationInstance must be a non-blank string'] });
  }
  const { deployed, created } = ctx.state.recordDeployment(p, n, env.uuid, isNonBlankString(instance) ? instance : null);
  return {
    status: created ? 201 : 200,
    body: deployedVersionResource(ctx.urls, deployed, ctx.state),
    headers: { Location: ctx.urls.deployedVersion(deployed.uuid) },
  };
}

function recordRelease(ctx: Ctx): R {
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  requireVersion(ctx.state, p, n);
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const { released, created } = ctx.state.recordRelease(p, n, env.uuid);
  return {
    status: created ? 201 : 200,
    body: releasedVersionResource(ctx.urls, released, ctx.state),
    headers: { Location: ctx.urls.releasedVersion(released.uuid) },
  };
}

function deploymentsOfVersion(ctx: Ctx): R {
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const found = ctx.state.deployedVersions.filter((d) => d.pacticipant === p && d.version === n && d.environment === env.uuid);
  return { status: 200, body: { _embedded: { deployedVersions: found.map((d) => deployedVersionResource(ctx.urls, d, ctx.state)) } } };
}

function releasesOfVersion(ctx: Ctx): R {
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  const env = requireEnvironment(ctx.state, param(ctx, 'uuid'));
  const found = ctx.state.releasedVersions.filter((r) => r.pacticipant === p && r.version === n && r.environment === env.uuid);
  return { status: 200, body: { _embedded: { releasedVersions: found.map((r) => releasedVersionResource(ctx.urls, r, ctx.state)) } } };
}

function getDeployed(ctx: Ctx): R {
  const d = ctx.state.deployedVersions.find((x) => x.uuid === param(ctx, 'uuid'));
  if (!d) throw notFound();
  return { status: 200, body: deployedVersionResource(ctx.urls, d, ctx.state) };
}

function patchDeployed(ctx: Ctx): R {
  const d = ctx.state.deployedVersions.find((x) => x.uuid === param(ctx, 'uuid'));
  if (!d) throw notFound();
  const body = ctx.json === undefined ? {} : ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const value = body['currentlyDeployed'];
  if (value !== undefined && typeof value !== 'boolean') throw validationError({ currentlyDeployed: ['currentlyDeployed must be true or false'] });
  if (value === true && !d.currentlyDeployed) throw validationError({ currentlyDeployed: ['currentlyDeployed can only be set to false'] });
  if (value === false && d.currentlyDeployed) {
    d.currentlyDeployed = false;
    d.undeployedAt = new Date();
  }
  return { status: 200, body: deployedVersionResource(ctx.urls, d, ctx.state) };
}

function getReleased(ctx: Ctx): R {
  const r = ctx.state.releasedVersions.find((x) => x.uuid === param(ctx, 'uuid'));
  if (!r) throw notFound();
  return { status: 200, body: releasedVersionResource(ctx.urls, r, ctx.state) };
}

function patchReleased(ctx: Ctx): R {
  const r = ctx.state.releasedVersions.find((x) => x.uuid === param(ctx, 'uuid'));
  if (!r) throw notFound();
  const body = ctx.json === undefined ? {} : ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const value = body['currentlySupported'];
  if (value !== undefined && typeof value !== 'boolean') throw validationError({ currentlySupported: ['currentlySupported must be true or false'] });
  if (value === false && r.currentlySupported) {
    r.currentlySupported = false;
    r.supportEndedAt = new Date();
  } else if (value === true && !r.currentlySupported) {
    r.currentlySupported = true;
    r.supportEndedAt = null;
  }
  return { status: 200, body: releasedVersionResource(ctx.urls, r, ctx.state) };
}

const MERGE_PATCH = ['application/merge-patch+json'];
const V = 'pacticipants/:pacticipant/versions/:version';

export const environmentRoutes: Route[] = [
  { method: 'GET', path: 'environments', handler: list },
  { method: 'POST', path: 'environments', handler: create },
  { method: 'GET', path: 'environments/:uuid', handler: (ctx) => ({ status: 200, body: environmentResource(ctx.urls, requireEnvironment(ctx.state, param(ctx, 'uuid'))) }) },
  { method: 'PUT', path: 'environments/:uuid', handler: update },
  { method: 'DELETE', path: 'environments/:uuid', handler: remove },
  { method: 'GET', path: 'environments/:uuid/deployed-versions/currently-deployed', handler: currentlyDeployed },
  { method: 'GET', path: 'environments/:uuid/released-versions/currently-supported', handler: currentlySupported },
  { method: 'POST', path: `${V}/deployed-versions/environment/:uuid`, handler: recordDeployment },
  { method: 'GET', path: `${V}/deployed-versions/environment/:uuid`, handler: deploymentsOfVersion },
  { method: 'POST', path: `${V}/released-versions/environment/:uuid`, handler: recordRelease },
  { method: 'GET', path: `${V}/released-versions/environment/:uuid`, handler: releasesOfVersion },
  { method: 'GET', path: 'deployed-versions/:uuid', handler: getDeployed },
  { method: 'PATCH', path: 'deployed-versions/:uuid', handler: patchDeployed, contentTypes: MERGE_PATCH },
  { method: 'GET', path: 'released-versions/:uuid', handler: getReleased },
  { method: 'PATCH', path: 'released-versions/:uuid', handler: patchReleased, contentTypes: MERGE_PATCH },
];

/** Pacticipants, versions, branches and tags (sections 5 and 8). */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { isNonBlankString, isRecord, notFound, Problems, validationError } from '../http.js';
import { pacticipantResource, versionResource, versionSummary } from '../resources.js';
import type { Pacticipant } from '../state.js';
import { requireVersion } from '../state.js';

type R = { status: number; body?: unknown; headers?: Record<string, string> };

const FIELDS = ['displayName', 'mainBranch', 'repositoryUrl'] as const;

function requirePacticipant(ctx: Ctx): Pacticipant {
  const p = ctx.state.pacticipant(param(ctx, 'pacticipant'));
  if (!p) throw notFound();
  return p;
}

function validateFields(body: Record<string, unknown>, problems: Problems): void {
  for (const k of FIELDS) {
    if (k in body && body[k] !== null && typeof body[k] !== 'string') problems.add(k, `${k} must be a string`);
  }
}

function applyFields(p: Pacticipant, body: Record<string, unknown>, replace: boolean): void {
  for (const k of FIELDS) {
    const v = body[k];
    if (typeof v === 'string') p[k] = v;
    else if (v === null || (replace && v === undefined)) delete p[k];
  }
  p.updatedAt = new Date();
}

function list(ctx: Ctx): R {
  const pacticipants = ctx.state.pacticipants.map((p) => pacticipantResource(ctx.urls, p, ctx.state));
  return {
    status: 200,
    body: {
      _embedded: { pacticipants },
      _links: {
        self: { href: ctx.urls.pacticipants() },
        'pb:pacticipants': ctx.state.pacticipants.map((p) => ({ title: 'Pacticipant', name: p.name, href: ctx.urls.pacticipant(p.name) })),
      },
    },
  };
}

function create(ctx: Ctx): R {
  const body = ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const problems = new Problems();
  if (!isNonBlankString(body['name'])) problems.add('name', 'name is missing or blank');
  validateFields(body, problems);
  const name = body['name'];
  if (isNonBlankString(name) && ctx.state.pacticipant(name)) problems.add('name', `A pacticipant with name '${name}' already exists`);
  problems.throwIfAny();
  const p = ctx.state.ensurePacticipant(name as string);
  applyFields(p, body, false);
  return { status: 201, body: pacticipantResource(ctx.urls, p, ctx.state), headers: { Location: ctx.urls.pacticipant(p.name) } };
}

function update(ctx: Ctx, replace: boolean): R {
  const body = ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const problems = new Problems();
  validateFields(body, problems);
  problems.throwIfAny();
  const existing = ctx.state.pacticipant(param(ctx, 'pacticipant'));
  if (!existing && !replace) throw notFound();
  const p = existing ?? ctx.state.ensurePacticipant(param(ctx, 'pacticipant'));
  applyFields(p, body, replace);
  return { status: existing ? 200 : 201, body: pacticipantResource(ctx.urls, p, ctx.state) };
}

function versions(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  const all = ctx.state.versionsOf(p.name).reverse();
  return {
    status: 200,
    body: {
      _embedded: { versions: all.map((v) => versionResource(ctx.urls, v, ctx.state)) },
      _links: { self: { href: ctx.urls.versions(p.name) } },
    },
  };
}

function getVersion(ctx: Ctx): R {
  const v = requireVersion(ctx.state, param(ctx, 'pacticipant'), param(ctx, 'version'));
  return { status: 200, body: versionResource(ctx.urls, v, ctx.state) };
}

/** PUT a version: `{branch?, buildUrl?}` creates it (and the pacticipant) as needed. */
function putVersion(ctx: Ctx): R {
  const body = ctx.json === undefined ? {} : ctx.json;
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  const existed = ctx.state.version(p, n) !== undefined;
  const v = ctx.state.ensureVersion(p, n);
  if (isNonBlankString(body['branch'])) ctx.state.addBranch(p, n, body['branch']);
  if (typeof body['buildUrl'] === 'string') v.buildUrl = body['buildUrl'];
  return { status: existed ? 200 : 201, body: versionResource(ctx.urls, v, ctx.state) };
}

function latestVersion(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  const tag = ctx.params['tag'];
  const v = ctx.state.latestVersion(p.name, (x) => tag === undefined || x.tags.includes(tag));
  if (!v) throw notFound();
  return { status: 200, body: versionResource(ctx.urls, v, ctx.state) };
}

function branches(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  const names = ctx.state.branchesOf(p.name);
  return {
    status: 200,
    body: {
      _embedded: {
        branches: names.map((b) => ({ name: b, _links: { self: { href: ctx.urls.branch(p.name, b) } } })),
      },
      _links: { self: { href: ctx.urls.branches(p.name) } },
    },
  };
}

function branch(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  const b = param(ctx, 'branch');
  const latest = ctx.state.latestVersion(p.name, (v) => v.branches.includes(b));
  if (!latest) throw notFound();
  return {
    status: 200,
    body: {
      name: b,
      _embedded: { latestVersion: versionSummary(ctx.urls, latest) },
      _links: {
        self: { href: ctx.urls.branch(p.name, b) },
        'pb:latest-version': { href: ctx.urls.version(p.name, latest.number) },
      },
    },
  };
}

/** DELETE pb:pacticipant-branch: the versions stay, they just no longer belong to the branch. */
function deleteBranch(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  if (!ctx.state.deleteBranch(p.name, param(ctx, 'branch'))) throw notFound();
  return { status: 204 };
}

function putLabel(ctx: Ctx): R {
  const p = requirePacticipant(ctx);
  const label = param(ctx, 'label');
  const existed = (p.labels ?? []).includes(label);
  if (!existed) p.labels = [...(p.labels ?? []), label];
  return { status: existed ? 200 : 201, body: { name: label, _links: { self: { href: ctx.urls.label(p.name, label) }, 'pb:pacticipant': { href: ctx.urls.pacticipant(p.name) } } } };
}

function branchVersion(ctx: Ctx, create: boolean): R {
  const [p, b, n] = [param(ctx, 'pacticipant'), param(ctx, 'branch'), param(ctx, 'version')];
  const existing = ctx.state.version(p, n);
  const already = existing?.branches.includes(b) ?? false;
  if (!create && !already) throw notFound();
  const v = create ? ctx.state.addBranch(p, n, b) : (existing as NonNullable<typeof existing>);
  return {
    status: create && !already ? 201 : 200,
    body: {
      name: b,
      _embedded: { version: versionSummary(ctx.urls, v) },
      _links: {
        self: { href: ctx.urls.branchVersion(p, b, n) },
        'pb:version': { href: ctx.urls.version(p, n) },
        'pb:branch': { href: ctx.urls.branch(p, b) },
      },
    },
  };
}

function tagBody(ctx: Ctx, p: string, n: string, t: string): unknown {
  return {
    name: t,
    _links: {
      self: { title: 'Tag', name: t, href: ctx.urls.tag(p, n, t) },
      'pb:version': { title: 'Version', name: n, href: ctx.urls.version(p, n) },
      'pb:pacticipant': { title: 'Pacticipant', name: p, href: ctx.urls.pacticipant(p) },
    },
  };
}

function putTag(ctx: Ctx): R {
  const [p, n, t] = [param(ctx, 'pacticipant'), param(ctx, 'version'), param(ctx, 'tag')];
  const already = ctx.state.version(p, n)?.tags.includes(t) ?? false;
  ctx.state.addTag(p, n, t);
  return { status: already ? 200 : 201, body: tagBody(ctx, p, n, t), headers: { Location: ctx.urls.tag(p, n, t) } };
}

function getTag(ctx: Ctx): R {
  const [p, n, t] = [param(ctx, 'pacticipant'), param(ctx, 'version'), param(ctx, 'tag')];
  if (!ctx.state.version(p, n)?.tags.includes(t)) throw notFound();
  return { status: 200, body: tagBody(ctx, p, n, t) };
}

function deleteTag(ctx: Ctx): R {
  const [p, n, t] = [param(ctx, 'pacticipant'), param(ctx, 'version'), param(ctx, 'tag')];
  const v = ctx.state.version(p, n);
  if (!v?.tags.includes(t)) throw notFound();
  v.tags = v.tags.filter((x) => x !== t);
  return { status: 204 };
}

function tags(ctx: Ctx): R {
  const [p, n] = [param(ctx, 'pacticipant'), param(ctx, 'version')];
  const v = requireVersion(ctx.state, p, n);
  return { status: 200, body: { _embedded: { tags: v.tags.map((t) => tagBody(ctx, p, n, t)) }, _links: { self: { href: `${ctx.urls.version(p, n)}/tags` } } } };
}

const P = 'pacticipants/:pacticipant';
const V = `${P}/versions/:version`;

export const pacticipantRoutes: Route[] = [
  { method: 'GET', path: 'pacticipants', handler: list },
  { method: 'POST', path: 'pacticipants', handler: create },
  { method: 'GET', path: P, handler: (ctx) => ({ status: 200, body: pacticipantResource(ctx.urls, requirePacticipant(ctx), ctx.state) }) },
  { method: 'PATCH', path: P, handler: (ctx) => update(ctx, false) },
  { method: 'PUT', path: P, handler: (ctx) => update(ctx, true) },
  { method: 'GET', path: `${P}/versions`, handler: versions },
  { method: 'GET', path: V, handler: getVersion },
  { method: 'PUT', path: V, handler: putVersion },
  { method: 'GET', path: `${P}/latest-version`, handler: latestVersion },
  { method: 'GET', path: `${P}/latest-version/:tag`, handler: latestVersion },
  { method: 'GET', path: `${P}/branches`, handler: branches },
  { method: 'GET', path: `${P}/branches/:branch`, handler: branch },
  { method: 'DELETE', path: `${P}/branches/:branch`, handler: deleteBranch },
  { method: 'PUT', path: `${P}/labels/:label`, handler: putLabel },
  { method: 'GET', path: `${P}/branches/:branch/versions/:version`, handler: (ctx) => branchVersion(ctx, false) },
  { method: 'PUT', path: `${P}/branches/:branch/versions/:version`, handler: (ctx) => branchVersion(ctx, true) },
  { method: 'GET', path: `${V}/tags`, handler: tags },
  { method: 'GET', path: `${V}/tags/:tag`, handler: getTag },
  { method: 'PUT', path: `${V}/tags/:tag`, handler: putTag },
  { method: 'DELETE', path: `${V}/tags/:tag`, handler: deleteTag },
];

/** Webhooks (section 10): list/create, get/create-or-update/delete by uuid, execute now. */
import { randomUUID } from 'node:crypto';
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { notFound, Problems, validationError } from '../http.js';
import type { Webhook } from '../state.js';
import { executeWebhook, executionResource, testContext, uuidProblem, validateWebhook, webhookResource, webhooksResource } from '../webhooks.js';

type R = { status: number; body?: unknown; headers?: Record<string, string> };

function requireWebhook(ctx: Ctx): Webhook {
  const w = ctx.state.webhook(param(ctx, 'uuid'));
  if (!w) throw notFound();
  return w;
}

function list(ctx: Ctx): R {
  return { status: 200, body: webhooksResource(ctx.urls, ctx.state.webhooks) };
}

function create(ctx: Ctx): R {
  const problems = new Problems();
  const input = validateWebhook(ctx.json, ctx.state, ctx.options.webhookWhitelist, problems);
  problems.throwIfAny();
  if (!input) throw validationError({ body: ['must be a JSON object'] });
  const now = new Date();
  const w: Webhook = { uuid: randomUUID(), ...input, createdAt: now, updatedAt: now };
  ctx.state.webhooks.push(w);
  return { status: 201, body: webhookResource(ctx.urls, w), headers: { Location: ctx.urls.webhook(w.uuid) } };
}

/** PUT: 201 for a new uuid, 200 replacing an existing one (a password not sent again is kept). */
function put(ctx: Ctx): R {
  const uuid = param(ctx, 'uuid');
  const problems = new Problems();
  const bad = uuidProblem(uuid);
  if (bad) problems.add('uuid', bad);
  const input = validateWebhook(ctx.json, ctx.state, ctx.options.webhookWhitelist, problems);
  problems.throwIfAny();
  if (!input) throw validationError({ body: ['must be a JSON object'] });
  const existing = ctx.state.webhook(uuid);
  const now = new Date();
  if (existing) {
    // Fields are replaced; the stored password survives a PUT that does not send one for the same user.
    const keepPassword = input.request.password === undefined && input.request.username === existing.request.username;
    const request = keepPassword && existing.request.password !== undefined ? { ...input.request, password: existing.request.password } : input.request;
    const replaced: Webhook = { uuid, ...input, request, createdAt: existing.createdAt, updatedAt: now };
    ctx.state.webhooks = ctx.state.webhooks.map((x) => (x === existing ? replaced : x));
    return { status: 200, body: webhookResource(ctx.urls, replaced) };
  }
  const w: Webhook = { uuid, ...input, createdAt: now, updatedAt: now };
  ctx.state.webhooks.push(w);
  return { status: 201, body: webhookResource(ctx.urls, w), headers: { Location: ctx.urls.webhook(uuid) } };
}

function remove(ctx: Ctx): R {
  const w = requireWebhook(ctx);
  ctx.state.webhooks = ctx.state.webhooks.filter((x) => x !== w);
  return { status: 204 };
}

async function execute(ctx: Ctx): Promise<R> {
  const w = requireWebhook(ctx);
  const outcome = await executeWebhook(w, testContext(ctx.state, ctx.urls, w), ctx.options.webhookWhitelist, 'test');
  ctx.state.webhookExecutions.push(outcome.execution);
  return { status: 200, body: executionResource(ctx.urls, outcome) };
}

export const webhookRoutes: Route[] = [
  { method: 'GET', path: 'webhooks', handler: list },
  { method: 'POST', path: 'webhooks', handler: create },
  { method: 'GET', path: 'webhooks/:uuid', handler: (ctx) => ({ status: 200, body: webhookResource(ctx.urls, requireWebhook(ctx)) }) },
  { method: 'PUT', path: 'webhooks/:uuid', handler: put },
  { method: 'DELETE', path: 'webhooks/:uuid', handler: remove },
  { method: 'POST', path: 'webhooks/:uuid/execute', handler: execute },
];

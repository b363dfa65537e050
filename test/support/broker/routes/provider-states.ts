/**
 * GET /pacts/provider/{provider}/provider-states[/branch/{branch}|/environment/{uuid}] (pact_broker
 * >= 2.113.0, no index relation): the de-duplicated provider states of the latest pact from each
 * consumer's main branch (or the given branch, or the versions deployed/released in the environment).
 * Off with `providerStatesResource: false`, as on older brokers (404).
 */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { isRecord, notFound } from '../http.js';
import type { PactPublication } from '../state.js';
import { requireEnvironment } from '../state.js';

type R = { status: number; body: unknown };

function statesOf(content: Record<string, unknown>): { name: string; params?: Record<string, unknown> }[] {
  const out: { name: string; params?: Record<string, unknown> }[] = [];
  for (const list of ['interactions', 'messages']) {
    const items = content[list];
    if (!Array.isArray(items)) continue;
    for (const i of items) {
      if (!isRecord(i)) continue;
      if (typeof i['providerState'] === 'string') out.push({ name: i['providerState'] });
      if (typeof i['provider_state'] === 'string') out.push({ name: i['provider_state'] });
      if (Array.isArray(i['providerStates'])) {
        for (const s of i['providerStates']) {
          if (isRecord(s) && typeof s['name'] === 'string') out.push({ name: s['name'], ...(isRecord(s['params']) ? { params: s['params'] } : {}) });
        }
      }
    }
  }
  return out;
}

function pactsInScope(ctx: Ctx, provider: string): PactPublication[] {
  const { state } = ctx;
  const branch = ctx.params['branch'];
  const envUuid = ctx.params['uuid'];
  const env = envUuid === undefined ? undefined : requireEnvironment(state, envUuid);
  const found: PactPublication[] = [];
  for (const consumer of state.consumersOf(provider)) {
    const pacts = state.pactsFor(consumer, provider);
    if (env) {
      const versions = new Set(state.versionsInEnvironment(consumer, env.uuid, 'either').map((v) => v.number));
      found.push(...pacts.filter((p) => versions.has(p.consumerVersion)));
      continue;
    }
    const b = branch ?? state.pacticipant(consumer)?.mainBranch;
    if (b === undefined) continue;
    const latest = pacts.filter((p) => state.version(consumer, p.consumerVersion)?.branches.includes(b)).at(-1);
    if (latest) found.push(latest);
  }
  return found;
}

function providerStates(ctx: Ctx): R {
  if (!ctx.options.providerStatesResource) throw notFound();
  const provider = param(ctx, 'provider');
  if (!ctx.state.pacticipant(provider)) throw notFound();
  const byKey = new Map<string, { name: string; params?: Record<string, unknown>; consumers: string[] }>();
  for (const pact of pactsInScope(ctx, provider)) {
    for (const s of statesOf(pact.content)) {
      const key = JSON.stringify([s.name, s.params ?? null]);
      const entry = byKey.get(key) ?? { ...s, consumers: [] };
      if (!entry.consumers.includes(pact.consumer)) entry.consumers.push(pact.consumer);
      byKey.set(key, entry);
    }
  }
  const list = [...byKey.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { status: 200, body: { providerStates: list } };
}

const base = 'pacts/provider/:provider/provider-states';

export const providerStateRoutes: Route[] = [
  { method: 'GET', path: base, handler: providerStates },
  { method: 'GET', path: `${base}/branch/:branch`, handler: providerStates },
  { method: 'GET', path: `${base}/environment/:uuid`, handler: providerStates },
];

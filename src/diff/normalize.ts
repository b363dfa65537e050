/**
 * One comparable shape per interaction, so a V3 pact and its V4 rewrite differ only where the
 * contract does. What is smoothed over (and why):
 *  - V4 bodies `{content, contentType, encoded}` → the content (the type is in the headers);
 *  - header names lower-cased (HTTP), single values unwrapped from lists;
 *  - a V2 query string → a name → value(s) map, like V3;
 *  - V2 flat matching rules (`$.body.x`, `$.headers.H`) → V3 categories; a bare rule → `{matchers, combine}`;
 *  - ignored: `_id` (added by the broker), V4 `key` (a hash of the rest), `comments` (not part of the contract),
 *    V4 `pending: false` (the default).
 * Everything else is kept as written, so no change goes unreported.
 */
import { isObj, type Json, type Obj, type RawInteraction } from './raw.js';

const IGNORED = new Set(['_id', 'key', 'comments', 'description', 'providerState', 'provider_state', 'providerStates', 'type']);

function single(values: Json[]): Json {
  return values.length === 1 ? (values[0] as Json) : values;
}

function headers(v: Json | undefined): Json | undefined {
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) out[k.toLowerCase()] = Array.isArray(x) ? single(x) : x;
  return out;
}

function query(v: Json | undefined): Json | undefined {
  if (typeof v === 'string') {
    const map: Record<string, Json[]> = {};
    for (const [k, x] of new URLSearchParams(v)) (map[k] ??= []).push(x);
    return Object.fromEntries(Object.entries(map).map(([k, xs]) => [k, single(xs)]));
  }
  if (!isObj(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, Array.isArray(x) ? single(x) : x]));
}

/** A V4 body `{content, contentType?, encoded?}` → its content (kept whole when encoded, e.g. base64). */
function body(v: Json | undefined): Json | undefined {
  if (isObj(v) && 'content' in v && Object.keys(v).every((k) => ['content', 'contentType', 'encoded', 'contentTypeHint'].includes(k))) {
    return v.encoded !== undefined && v.encoded !== false ? { content: v.content ?? null, encoded: v.encoded } : (v.content ?? null);
  }
  return v;
}

function ruleList(v: Json): Json {
  if (isObj(v) && Array.isArray(v.matchers)) return { matchers: v.matchers, combine: typeof v.combine === 'string' ? v.combine : 'AND' };
  return { matchers: [v], combine: 'AND' };
}

/** V2 `$.body.x` keys → `{body: {'$.x': …}}`; V3+ categories kept, each rule normalized; header names lower-cased. */
function matchingRules(v: Json | undefined): Json | undefined {
  if (!isObj(v)) return v;
  const out: Record<string, Obj> = {};
  const put = (category: string, path: string, rule: Json) => {
    (out[category] ??= {})[category === 'header' ? path.toLowerCase() : path] = ruleList(rule);
  };
  for (const [key, value] of Object.entries(v)) {
    const v2 = /^\$\.(body|headers|query|path|status|method)(.*)$/.exec(key);
    if (v2) {
      const category = v2[1] === 'headers' ? 'header' : (v2[1] as string);
      const tail = v2[2] as string;
      put(category, category === 'body' ? `$${tail}` : tail.replace(/^\.|^\[['"]?|['"]?\]$/g, ''), value);
      continue;
    }
    if (isObj(value) && Array.isArray(value.matchers)) {
      // V3 `path`/`status`/`method`: the category is the rule list itself.
      put(key === 'headers' ? 'header' : key, '', value);
      continue;
    }
    if (isObj(value)) for (const [path, rule] of Object.entries(value)) put(key === 'headers' ? 'header' : key, path, rule);
    else out[key] = { '': value };
  }
  return out;
}

function defined(o: Record<string, Json | undefined>): Obj {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Obj;
}

function rest(raw: Obj, known: string[]): Obj {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !known.includes(k) && !IGNORED.has(k)));
}

function httpPart(p: Json | undefined, which: 'request' | 'response'): Json | undefined {
  if (!isObj(p)) return p;
  const known = which === 'request' ? ['method', 'path', 'query', 'headers', 'body', 'matchingRules', 'generators'] : ['status', 'headers', 'body', 'matchingRules', 'generators'];
  return defined({
    ...(which === 'request' ? { method: typeof p.method === 'string' ? p.method.toUpperCase() : p.method, path: p.path, query: query(p.query) } : { status: p.status }),
    headers: headers(p.headers),
    body: body(p.body),
    matchingRules: matchingRules(p.matchingRules),
    generators: p.generators,
    ...rest(p, known),
  });
}

function messagePart(p: Json | undefined): Json | undefined {
  if (!isObj(p)) return p;
  return defined({
    contents: body(p.contents),
    metadata: p.metadata,
    matchingRules: matchingRules(p.matchingRules),
    generators: p.generators,
    ...rest(p, ['contents', 'metadata', 'matchingRules', 'generators']),
  });
}

/** The interaction as compared: provider states, then the parts that make up the contract. */
export function normalizeInteraction(i: RawInteraction): Obj {
  const states = i.states.map((s) => defined({ name: s.name, params: s.params }));
  // V4 `pending: false` is the default, not a difference from an older pact.
  const { pending, ...r } = i.raw;
  if (pending !== undefined && pending !== false) r.pending = pending;
  if (i.kind === 'http') {
    return defined({ providerStates: states, request: httpPart(r.request, 'request'), response: httpPart(r.response, 'response'), ...rest(r, ['request', 'response']) });
  }
  if (i.kind === 'message') return defined({ providerStates: states, ...(messagePart(r) as Obj) });
  if (i.kind === 'sync-message') {
    return defined({
      providerStates: states,
      request: messagePart(r.request),
      response: Array.isArray(r.response) ? r.response.map((x) => messagePart(x) ?? null) : r.response,
      ...rest(r, ['request', 'response']),
    });
  }
  return defined({ providerStates: states, ...rest(r, []) });
}

/** A one-line summary of what the interaction is: `GET /users/1`, `message`, … */
export function interactionSummary(i: RawInteraction): string {
  if (i.kind === 'http' && isObj(i.raw.request)) {
    const method = typeof i.raw.request.method === 'string' ? i.raw.request.method.toUpperCase() : '?';
    return `${method} ${typeof i.raw.request.path === 'string' ? i.raw.request.path : '?'}`;
  }
  if (i.kind === 'message') return 'message';
  if (i.kind === 'sync-message') return 'synchronous message';
  return i.kind;
}

/**
 * A structural diff of two pacts: interactions are matched by identity (kind, description, provider
 * state names — what a verifier tells them apart by), never by position; each matched pair is then
 * compared field by field on its normalized shape. Pure.
 */
import { interactionSummary, normalizeInteraction } from './normalize.js';
import { declaredSpecVersion, isObj, rawInteractions, type InteractionKind, type Json, type Obj, type RawInteraction } from './raw.js';

export interface InteractionRef {
  kind: InteractionKind;
  description: string;
  providerStates: string[];
  /** `GET /users/1`, `message`, … */
  summary: string;
}

/** One difference inside an interaction; `path` is readable (`response.body.items[0].id`). */
export interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: Json;
  after?: Json;
}

export interface ChangedInteraction {
  interaction: InteractionRef;
  changes: FieldChange[];
}

export interface ContentDiff {
  added: InteractionRef[];
  removed: InteractionRef[];
  changed: ChangedInteraction[];
  unchanged: number;
  /** Set when the declared spec version differs. */
  specVersion?: { from: string; to: string };
}

function ref(i: RawInteraction): InteractionRef {
  return { kind: i.kind, description: i.description, providerStates: i.states.map((s) => s.name), summary: interactionSummary(i) };
}

/** Every interaction of a pact, as listed in a diff. */
export function interactionRefs(pact: Obj): InteractionRef[] {
  return rawInteractions(pact).map(ref);
}

/** Identity; a repeated identity gets `#2`, `#3`… in order of appearance. */
function keyed(list: RawInteraction[]): Map<string, RawInteraction> {
  const out = new Map<string, RawInteraction>();
  for (const i of list) {
    const base = JSON.stringify([i.kind, i.description, i.states.map((s) => s.name).sort()]);
    let key = base;
    for (let n = 2; out.has(key); n++) key = `${base}#${n}`;
    out.set(key, i);
  }
  return out;
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  return canonical(a) === canonical(b);
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function canonical(v: Json | undefined): string {
  const sort = (x: Json | undefined): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (isObj(x)) return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])]));
    return x;
  };
  return JSON.stringify(sort(v)) ?? 'undefined';
}

export function diffTrees(before: Json | undefined, after: Json | undefined, segments: (string | number)[] = [], out: FieldChange[] = []): FieldChange[] {
  if (equal(before, after)) return out;
  const path = formatPath(segments);
  if (before === undefined) out.push({ path, change: 'added', after: after as Json });
  else if (after === undefined) out.push({ path, change: 'removed', before });
  else if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) diffTrees(before[k], after[k], [...segments, k], out);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) diffTrees(before[i], after[i], [...segments, i], out);
  } else out.push({ path, change: 'changed', before, after });
  return out;
}

/** `against` is what the broker has, `local` what would be published. */
export function diffPactContent(against: Obj, local: Obj): ContentDiff {
  const a = keyed(rawInteractions(against));
  const b = keyed(rawInteractions(local));
  const diff: ContentDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [key, i] of b) {
    const old = a.get(key);
    if (!old) {
      diff.added.push(ref(i));
      continue;
    }
    const changes = diffTrees(normalizeInteraction(old), normalizeInteraction(i));
    if (changes.length === 0) diff.unchanged++;
    else diff.changed.push({ interaction: ref(i), changes });
  }
  for (const [key, i] of a) if (!b.has(key)) diff.removed.push(ref(i));
  const [from, to] = [declaredSpecVersion(against), declaredSpecVersion(local)];
  if (from !== undefined && to !== undefined && from !== to) diff.specVersion = { from, to };
  return diff;
}

export function hasChanges(d: ContentDiff): boolean {
  return d.added.length + d.removed.length + d.changed.length > 0;
}

/** Same interactions (in any order)? Decides whether a published, verified pact counts as this one. */
export function sameInteractions(a: Obj, b: Obj): boolean {
  const norm = (p: Obj) =>
    rawInteractions(p)
      .map((i) => canonical([i.kind, i.description, normalizeInteraction(i)]))
      .sort();
  const [x, y] = [norm(a), norm(b)];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

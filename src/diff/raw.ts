/**
 * Interactions read straight from pact JSON, whatever the spec version: V1–V3 `interactions`
 * (HTTP) and `messages`, V4 `interactions` with a `type`. Deliberately independent of src/pact's
 * model: diff and provider-states look at the JSON as written.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `http`, `message` (V3 messages and V4 Asynchronous/Messages), `sync-message`, or a V4 type we do not know. */
export type InteractionKind = 'http' | 'message' | 'sync-message' | (string & {});

export interface ProviderStateRef {
  name: string;
  params?: Obj;
}

export interface RawInteraction {
  kind: InteractionKind;
  description: string;
  states: ProviderStateRef[];
  /** Position in its list, for duplicate identities. */
  index: number;
  raw: Obj;
}

const V4_KINDS: Record<string, InteractionKind> = {
  'Synchronous/HTTP': 'http',
  'Asynchronous/Messages': 'message',
  'Synchronous/Messages': 'sync-message',
};

/** V2 `providerState` (or V1 `provider_state`) string, V3/V4 `providerStates: [{name, params}]`. */
export function rawProviderStates(i: Obj): ProviderStateRef[] {
  const out: ProviderStateRef[] = [];
  for (const key of ['providerState', 'provider_state'] as const) {
    const v = i[key];
    if (typeof v === 'string' && v !== '') out.push({ name: v });
  }
  if (Array.isArray(i.providerStates)) {
    for (const s of i.providerStates) {
      if (isObj(s) && typeof s.name === 'string') out.push({ name: s.name, ...(isObj(s.params) && Object.keys(s.params).length > 0 ? { params: s.params } : {}) });
    }
  }
  return out;
}

export function rawInteractions(pact: Obj): RawInteraction[] {
  const out: RawInteraction[] = [];
  for (const list of ['interactions', 'messages'] as const) {
    const items = pact[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      if (!isObj(item)) return;
      const type = typeof item.type === 'string' ? item.type : undefined;
      const kind: InteractionKind = type !== undefined ? (V4_KINDS[type] ?? type) : list === 'messages' ? 'message' : 'http';
      out.push({ kind, description: typeof item.description === 'string' ? item.description : '', states: rawProviderStates(item), index, raw: item });
    });
  }
  return out;
}

/** The spec version a pact declares (`metadata.pactSpecification.version` and its older spellings). */
export function declaredSpecVersion(pact: Obj): string | undefined {
  const meta = isObj(pact.metadata) ? pact.metadata : {};
  const candidates = [isObj(meta.pactSpecification) ? meta.pactSpecification.version : undefined, isObj(meta['pact-specification']) ? meta['pact-specification'].version : undefined, meta.pactSpecificationVersion];
  const found = candidates.find((v) => typeof v === 'string' || typeof v === 'number');
  return found === undefined || found === null ? undefined : String(found);
}

/**
 * Rack-style nested query parsing, as the broker (Ruby/Rack) does it:
 * `q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar` → `{q: [{pacticipant: 'Foo', version: '1'}, {pacticipant: 'Bar'}]}`.
 * A new hash starts in `x[][k]` whenever the last one already has `k`.
 */
export type QueryValue = string | QueryValue[] | { [key: string]: QueryValue };
export type QueryObject = { [key: string]: QueryValue };

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function isObject(v: QueryValue | undefined): v is QueryObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalize(params: QueryObject, name: string, value: string): void {
  const m = /^\[?([^[\]]+)\]?(.*)$/.exec(name);
  if (!m) return;
  const key = m[1] as string;
  const after = m[2] as string;
  if (after === '') {
    params[key] = value;
  } else if (after === '[]') {
    const list = Array.isArray(params[key]) ? (params[key] as QueryValue[]) : [];
    list.push(value);
    params[key] = list;
  } else if (after.startsWith('[]')) {
    const child = after.slice(2);
    const childKey = /^\[?([^[\]]+)/.exec(child)?.[1] ?? '';
    const list = Array.isArray(params[key]) ? (params[key] as QueryValue[]) : [];
    const last = list.at(-1);
    if (isObject(last) && !(childKey in last)) normalize(last, child, value);
    else {
      const fresh: QueryObject = {};
      normalize(fresh, child, value);
      list.push(fresh);
    }
    params[key] = list;
  } else {
    const existing = params[key];
    const nested: QueryObject = isObject(existing) ? existing : {};
    normalize(nested, after, value);
    params[key] = nested;
  }
}

export function parseRackQuery(raw: string): QueryObject {
  const out: QueryObject = {};
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    normalize(out, name, value);
  }
  return out;
}

/**
 * From a pact request (after generators) to the request sent to the provider: base path join,
 * query, headers, body; then the --header overrides and the JS request filter. Pure except for
 * the user's filter.
 */
import type { ProviderRequest } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { Body, HttpRequest, MultiMap } from '../pact/model.js';

/** Characters kept as written in a path (RFC 3986 pchar + `/` + `%` of existing escapes). */
const PATH_UNSAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]|%(?![0-9A-Fa-f]{2})/g;

export function encodePath(path: string): string {
  return path.replace(PATH_UNSAFE, (c) => encodeURIComponent(c));
}

export function encodeQuery(query: MultiMap): string {
  const parts: string[] = [];
  for (const [name, values] of Object.entries(query)) {
    for (const value of values) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return parts.join('&');
}

/** `http://h:1/api` + `/items/1` → `http://h:1/api/items/1` (the base path is kept). */
export function joinUrl(baseUrl: string, path: string, query: MultiMap = {}): string {
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const rel = path === '' ? '/' : path.startsWith('/') ? path : `/${path}`;
  const qs = encodeQuery(query);
  return `${base.origin}${basePath}${encodePath(rel)}${qs ? `?${qs}` : ''}`;
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

function bodyBytes(body: Body): Uint8Array | string | undefined {
  switch (body.state) {
    case 'present':
      return body.bytes;
    case 'empty':
      return '';
    case 'null':
      return 'null';
    default:
      return undefined;
  }
}

export function buildRequest(request: HttpRequest, baseUrl: string): ProviderRequest {
  const headers: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(request.headers)) {
    if (values.length === 0) continue;
    headers[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const body = bodyBytes(request.body);
  if (body !== undefined && request.body.contentType && !hasHeader(headers, 'content-type')) {
    headers['Content-Type'] = request.body.contentType;
  }
  return {
    method: request.method.toUpperCase(),
    url: joinUrl(baseUrl, request.path, request.query),
    headers,
    ...(body !== undefined ? { body } : {}),
  };
}

export interface HeaderOverride {
  name: string;
  value: string;
}

/** `'Name: value'` flags → overrides; every malformed one is reported at once. */
export function parseHeaderFlags(flags: string[], flagName = '--header'): HeaderOverride[] {
  const problems: string[] = [];
  const out: HeaderOverride[] = [];
  for (const flag of flags) {
    const colon = flag.indexOf(':');
    const name = colon > 0 ? flag.slice(0, colon).trim() : '';
    if (!name || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
      problems.push(`${flagName} '${flag}': expected 'Name: value'`);
      continue;
    }
    out.push({ name, value: flag.slice(colon + 1).trim() });
  }
  if (problems.length) {
    throw new UsageError(problems.length === 1 ? (problems[0] as string) : `${problems.length} malformed headers`, {
      details: problems.length === 1 ? [] : problems,
      hint: "Write headers as 'Name: value', e.g. --header 'Authorization: Bearer abc'.",
    });
  }
  return out;
}

/** Same-named headers (any case) are replaced, not doubled. */
export function applyHeaderOverrides(request: ProviderRequest, overrides: HeaderOverride[]): ProviderRequest {
  if (overrides.length === 0) return request;
  const headers = { ...request.headers };
  for (const { name, value } of overrides) {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
    headers[name] = value;
  }
  return { ...request, headers };
}

/** Header and query values from a response, as the engine's MultiMap. */
export function toMultiMap(headers: Record<string, string | string[] | undefined>): MultiMap {
  const map: MultiMap = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    map[name] = Array.isArray(value) ? value : [value];
  }
  return map;
}

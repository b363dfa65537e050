/** Shared helpers for the stand-in broker's own black-box tests. */
import { Buffer } from 'node:buffer';

export function pact(consumer: string, provider: string, descriptions: string[] = ['get a thing']): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: descriptions.map((description) => ({
      description,
      providerState: 'a thing exists',
      request: { method: 'GET', path: `/things/${description.length}` },
      response: { status: 200, body: { description } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  };
}

export function contractsBody(
  p: Record<string, unknown>,
  version: string,
  extra: { branch?: string; tags?: string[]; onConflict?: string } = {},
): Record<string, unknown> {
  const consumer = (p['consumer'] as { name: string }).name;
  const provider = (p['provider'] as { name: string }).name;
  return {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    ...(extra.branch === undefined ? {} : { branch: extra.branch }),
    ...(extra.tags === undefined ? {} : { tags: extra.tags }),
    contracts: [
      {
        consumerName: consumer,
        providerName: provider,
        specification: 'pact',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify(p)).toString('base64'),
        ...(extra.onConflict === undefined ? {} : { onConflict: extra.onConflict }),
      },
    ],
  };
}

export interface Json {
  status: number;
  headers: Headers;
  /** Parsed JSON; `any` because these tests are black-box over arbitrary HAL bodies. */
  body: any;
}

export async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Json> {
  const headers: Record<string, string> = { Accept: 'application/hal+json', ...init.headers };
  if (init.body !== undefined && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) };
}

export function expand(href: string, params: Record<string, string>): string {
  return href.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? ''));
}

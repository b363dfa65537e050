/** Fetching pacts (by consumer version, latest, content sha + metadata) and `pb:latest-pact-versions`. */
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import { notFound } from '../http.js';
import { decodeMetadata, encodeMetadata } from '../metadata.js';
import { pactResource } from '../resources.js';
import type { PactPublication } from '../state.js';

function reply(ctx: Ctx, pact: PactPublication | undefined, self: string, versions?: string[]): { status: number; body: unknown } {
  if (!pact) throw notFound();
  const cv = versions ?? [pact.consumerVersion];
  return { status: 200, body: pactResource(ctx.urls, pact, self, encodeMetadata({ cv }), cv) };
}

function byVersion(ctx: Ctx): { status: number; body: unknown } {
  const [provider, consumer, version] = [param(ctx, 'provider'), param(ctx, 'consumer'), param(ctx, 'version')];
  return reply(ctx, ctx.state.pact(consumer, provider, version), ctx.urls.pactForVersion(provider, consumer, version));
}

function latest(ctx: Ctx): { status: number; body: unknown } {
  const [provider, consumer] = [param(ctx, 'provider'), param(ctx, 'consumer')];
  const tag = ctx.params['tag'];
  const pacts = ctx.state.pactsFor(consumer, provider);
  const pact =
    tag === undefined ? pacts.at(-1) : pacts.filter((p) => ctx.state.version(consumer, p.consumerVersion)?.tags.includes(tag)).at(-1);
  const self = `${ctx.urls.latestPact(provider, consumer)}${tag === undefined ? '' : `/${encodeURIComponent(tag)}`}`;
  return reply(ctx, pact, self);
}

function bySha(ctx: Ctx): { status: number; body: unknown } {
  const [provider, consumer, sha] = [param(ctx, 'provider'), param(ctx, 'consumer'), param(ctx, 'sha')];
  const pacts = ctx.state.pactsBySha(consumer, provider, sha);
  const rawMetadata = ctx.params['metadata'];
  const metadata = rawMetadata === undefined ? undefined : decodeMetadata(rawMetadata);
  const known = metadata?.cv.filter((v) => pacts.some((p) => p.consumerVersion === v)) ?? [];
  const versions = known.length ? known : pacts.at(-1) ? [pacts.at(-1)?.consumerVersion as string] : [];
  const pact = pacts.find((p) => p.consumerVersion === versions.at(-1)) ?? pacts.at(-1);
  const self = ctx.urls.pactVersion(provider, consumer, sha, rawMetadata);
  return reply(ctx, pact, self, versions);
}

function latestPactVersions(ctx: Ctx): { status: number; body: unknown } {
  const { state, urls } = ctx;
  const integrations = new Map<string, PactPublication>();
  for (const p of state.pacts) integrations.set(JSON.stringify([p.consumer, p.provider]), p);
  const pacts = [...integrations.values()]
    .map((p) => state.pactsFor(p.consumer, p.provider).at(-1) as PactPublication)
    .map((p) => ({
      createdAt: p.createdAt.toISOString(),
      _embedded: {
        consumer: {
          name: p.consumer,
          _links: { self: { href: urls.pacticipant(p.consumer) } },
          _embedded: { version: { number: p.consumerVersion } },
        },
        provider: { name: p.provider, _links: { self: { href: urls.pacticipant(p.provider) } } },
      },
      _links: {
        self: [
          { href: urls.latestPact(p.provider, p.consumer) },
          { href: urls.pactForVersion(p.provider, p.consumer, p.consumerVersion) },
        ],
      },
    }));
  return { status: 200, body: { pacts, _links: { self: { href: `${urls.base}/pacts/latest` } } } };
}

const integration = 'pacts/provider/:provider/consumer/:consumer';

export const pactRoutes: Route[] = [
  { method: 'GET', path: 'pacts/latest', handler: latestPactVersions },
  { method: 'GET', path: `${integration}/version/:version`, handler: byVersion },
  { method: 'GET', path: `${integration}/latest`, handler: latest },
  { method: 'GET', path: `${integration}/latest/:tag`, handler: latest },
  { method: 'GET', path: `${integration}/pact-version/:sha`, handler: bySha },
  { method: 'GET', path: `${integration}/pact-version/:sha/metadata/:metadata`, handler: bySha },
];

/**
 * Where pacts come from: local files (--pact), URLs (--pact-url) and the broker's
 * `pb:provider-pacts-for-verification`. Every pact is fetched by its `self.href` exactly as the
 * broker returned it (the `/metadata/…` part decides which consumer versions a result is for).
 */
import { readFile } from 'node:fs/promises';
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError } from '../broker/errors.js';
import type { HalResource } from '../broker/hal.js';
import { PactshipError } from '../errors.js';
import { findPactFiles } from '../files/find-pacts.js';
import { parsePact, parsePactText, type Pact } from '../pact/index.js';
import { PactSourceError, UnknownProviderError } from './errors.js';
import type { BrokerNoticeText, PactOrigin } from './results.js';

export interface LoadedPact {
  pact: Pact;
  origin: PactOrigin;
  /** File path or URL it was read from. */
  location: string;
  pending: boolean;
  wip: boolean;
  shortDescription?: string;
  notices: BrokerNoticeText[];
  publishUrl?: string;
  providerUrl?: string;
  consumerVersionUrl?: string;
  consumerVersion?: string;
  /** The pact JSON without the broker's `_links` (what `pacts --out` writes). */
  content: Record<string, unknown>;
}

export async function loadLocalPacts(inputs: string[], cwd: string): Promise<LoadedPact[]> {
  if (inputs.length === 0) return [];
  const files = await findPactFiles(inputs, { cwd, recursive: true });
  const loaded: LoadedPact[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new PactSourceError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    const pact = parsePactText(text, file);
    loaded.push({ pact, origin: 'file', location: file, pending: false, wip: false, notices: [], content: JSON.parse(text) as Record<string, unknown> });
  }
  return loaded;
}

function stripBrokerFields(data: Record<string, unknown>): Record<string, unknown> {
  const { _links: _l, _embedded: _e, createdAt: _c, ...content } = data;
  return content;
}

function fromResource(resource: HalResource, origin: PactOrigin, extra: Partial<LoadedPact> = {}): LoadedPact {
  const data = resource.data as Record<string, unknown>;
  const content = stripBrokerFields(data);
  const pact = parsePact(content, resource.url);
  const publish = resource.links('pb:publish-verification-results')[0]?.href;
  const provider = resource.links('pb:provider')[0]?.href;
  const cv = resource.links('pb:consumer-version')[0];
  return {
    pact,
    origin,
    location: resource.url,
    pending: false,
    wip: false,
    notices: [],
    content,
    ...(publish ? { publishUrl: publish } : {}),
    ...(provider ? { providerUrl: provider } : {}),
    ...(cv?.href ? { consumerVersionUrl: cv.href } : {}),
    ...(cv?.name ? { consumerVersion: cv.name } : {}),
    ...extra,
  };
}

/** GET each URL (broker auth is added by the client only for the broker's own origin). */
export async function loadPactUrls(urls: string[], client: (url: string) => BrokerClient): Promise<LoadedPact[]> {
  const loaded: LoadedPact[] = [];
  for (const url of urls) {
    let resource: HalResource;
    try {
      resource = await client(url).get(url);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new PactSourceError(`could not fetch the pact at ${url}: ${reason}`, {
        cause: error,
        ...(error instanceof PactshipError && error.hint ? { hint: error.hint } : {}),
      });
    }
    loaded.push(fromResource(resource, 'url'));
  }
  return loaded;
}

export interface ForVerificationRequest {
  provider: string;
  consumerVersionSelectors: Record<string, unknown>[];
  providerVersionBranch?: string;
  providerVersionTags: string[];
  includePendingStatus: boolean;
  includeWipPactsSince?: string;
}

export interface SelectedPact {
  href: string;
  name?: string;
  shortDescription?: string;
  pending: boolean;
  wip: boolean;
  notices: BrokerNoticeText[];
}

/** The request body exactly as sent (also shown in "verified nothing"). */
export function forVerificationBody(r: ForVerificationRequest): Record<string, unknown> {
  return {
    consumerVersionSelectors: r.consumerVersionSelectors,
    ...(r.providerVersionBranch ? { providerVersionBranch: r.providerVersionBranch } : {}),
    providerVersionTags: r.providerVersionTags,
    includePendingStatus: r.includePendingStatus,
    ...(r.includeWipPactsSince ? { includeWipPactsSince: r.includeWipPactsSince } : {}),
  };
}

interface RawSelected {
  shortDescription?: unknown;
  verificationProperties?: { pending?: unknown; wip?: unknown; notices?: unknown };
  _links?: { self?: { href?: unknown; name?: unknown } };
}

export async function selectPacts(broker: BrokerClient, r: ForVerificationRequest): Promise<SelectedPact[]> {
  let url: string;
  let resource: HalResource;
  try {
    url = await broker.href('pb:provider-pacts-for-verification', { provider: r.provider });
    resource = await broker.post(url, forVerificationBody(r));
  } catch (error) {
    if (error instanceof BrokerNotFoundError) {
      throw new UnknownProviderError(`the Pact Broker does not know a provider named '${r.provider}' (404 from ${error.url})`, {
        cause: error,
        hint: 'Check --provider (names are case-sensitive) and --broker-base-url. A provider exists once a pact naming it was published.',
      });
    }
    throw error;
  }
  return resource.embedded<RawSelected>('pacts').flatMap((p): SelectedPact[] => {
    const href = p._links?.self?.href;
    if (typeof href !== 'string') return [];
    const props = p.verificationProperties ?? {};
    const notices = Array.isArray(props.notices)
      ? props.notices.flatMap((n: { when?: unknown; text?: unknown }) =>
          typeof n?.text === 'string' ? [{ text: n.text, ...(typeof n.when === 'string' ? { when: n.when } : {}) }] : [],
        )
      : [];
    return [
      {
        href,
        ...(typeof p._links?.self?.name === 'string' ? { name: p._links.self.name } : {}),
        ...(typeof p.shortDescription === 'string' ? { shortDescription: p.shortDescription } : {}),
        pending: props.pending === true,
        wip: props.wip === true,
        notices,
      },
    ];
  });
}

export async function fetchSelected(broker: BrokerClient, selected: SelectedPact[]): Promise<LoadedPact[]> {
  const out: LoadedPact[] = [];
  for (const s of selected) {
    const resource = await broker.get(s.href);
    out.push(
      fromResource(resource, 'broker', {
        pending: s.pending || s.wip,
        wip: s.wip,
        notices: s.notices,
        ...(s.shortDescription ? { shortDescription: s.shortDescription } : {}),
      }),
    );
  }
  return out;
}

/** Notices printed before verifying: the broker's reasons for selecting each pact. */
export function beforeNotices(p: { notices: BrokerNoticeText[] }): string[] {
  return p.notices.filter((n) => n.when === undefined || n.when === 'before_verification').map((n) => n.text);
}

/** The after-verification notice that matches the outcome (`after_verification:success_true_published_false`). */
export function afterNotices(p: { notices: BrokerNoticeText[] }, success: boolean, published: boolean): string[] {
  const exact = `after_verification:success_${success}_published_${published}`;
  return p.notices.filter((n) => n.when === exact).map((n) => n.text);
}

export interface CollectInput {
  pacts: string[];
  pactUrls: string[];
  cwd: string;
  /** The configured broker, if any: used for `--pact-url`s on its origin and for selection. */
  broker: BrokerClient | undefined;
  /** A client for a pact URL outside the broker (no credentials). */
  clientFor: (url: string) => BrokerClient;
  /** The for-verification request when pacts come from the broker. */
  request?: ForVerificationRequest;
}

/** Every source of a verify run, in a stable order: local files, URLs, then the broker's selection. */
export async function collectPacts(input: CollectInput): Promise<LoadedPact[]> {
  const pacts = [
    ...(await loadLocalPacts(input.pacts, input.cwd)),
    ...(await loadPactUrls(input.pactUrls, (url) => input.broker ?? input.clientFor(url))),
  ];
  if (input.request && input.broker) {
    pacts.push(...(await fetchSelected(input.broker, await selectPacts(input.broker, input.request))));
  }
  return pacts;
}

/**
 * Where pacts come from: local files (--pact), URLs (--pact-url) and the broker's
 * `pb:provider-pacts-for-verification`. Every pact is fetched by its `self.href` exactly as the
 * broker returned it (the `/metadata/…` part decides which consumer versions a result is for).
 * Every pact, wherever it comes from, is parsed once, by the lossless reader local files use.
 */
import { readFile } from 'node:fs/promises';
import type { BrokerClient } from '../broker/client.js';
import { BrokerNotFoundError, BrokerResponseError } from '../broker/errors.js';
import { HalResource } from '../broker/hal.js';
import { InvalidPactError, PactshipError } from '../errors.js';
import { findPactSources } from '../files/find-pacts.js';
import { parsePact, type Pact } from '../pact/index.js';
import { describeJson, isObject } from '../pact/describe.js';
import { JsonTextError, parseJsonText } from '../pact/json-text.js';
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
  /** `pb:latest-verification-results`: where to look whether a result arrived after an ambiguous POST. */
  latestVerificationUrl?: string;
  providerUrl?: string;
  consumerVersionUrl?: string;
  consumerVersion?: string;
  /**
   * Pacts read from a broker or URL: the pact JSON without the broker's `_links` (what `pacts
   * --out` writes), numbers as the lossless reader read them. Not kept for local files.
   */
  content?: Record<string, unknown>;
}

export interface LocalPacts {
  pacts: LoadedPact[];
  /** JSON files found in a directory (or by a glob) that are not pacts, with why. */
  skipped: string[];
}

/** A pact has a consumer, a provider and interactions or messages; anything else in a pact folder is not one. */
function looksLikePact(json: unknown): boolean {
  return isObject(json) && 'consumer' in json && 'provider' in json && ('interactions' in json || 'messages' in json);
}

/** For a file that is not even JSON: does its text name the keys a pact has? Then it is a broken pact. */
function textLooksLikePact(text: string): boolean {
  return /"consumer"\s*:/.test(text) && /"provider"\s*:/.test(text) && /"(interactions|messages)"\s*:/.test(text);
}

/**
 * Local pact files, each read and parsed once (with the lossless reader). A file the user named
 * must be a pact; a JSON file found in a directory or by a glob that is not one is skipped.
 */
export async function loadLocalPacts(inputs: string[], cwd: string): Promise<LocalPacts> {
  if (inputs.length === 0) return { pacts: [], skipped: [] };
  const files = await findPactSources(inputs, { cwd, recursive: true });
  const pacts: LoadedPact[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch (error) {
      throw new PactSourceError(`cannot read ${file.path}: ${(error as Error).message}`, { cause: error });
    }
    let json: unknown;
    try {
      json = parseJsonText(text);
    } catch (error) {
      if (!(error instanceof JsonTextError)) throw error;
      if (!file.named && !textLooksLikePact(text)) {
        skipped.push(`${file.path}: not JSON`);
        continue;
      }
      throw new InvalidPactError(file.path, [error.message], { cause: error });
    }
    if (!file.named && !looksLikePact(json)) {
      skipped.push(`${file.path}: not a pact (no consumer, provider and interactions/messages)`);
      continue;
    }
    pacts.push({ pact: parsePact(json, file.path), origin: 'file', location: file.path, pending: false, wip: false, notices: [] });
  }
  if (pacts.length === 0 && skipped.length > 0) {
    throw new PactSourceError(`no pact files found in ${inputs.join(', ')}: ${skipped.length} JSON file(s) there are not pacts`, {
      details: skipped.slice(0, 20).concat(skipped.length > 20 ? [`… and ${skipped.length - 20} more`] : []),
      hint: 'Point --pact at the directory the consumer tests write pacts to (usually ./pacts), or name the files.',
    });
  }
  return { pacts, skipped };
}

function stripBrokerFields(data: Record<string, unknown>): Record<string, unknown> {
  const { _links: _l, _embedded: _e, createdAt: _c, ...content } = data;
  return content;
}

/** A fetched pact: parsed as fetched (one lossless parse in the client), links read through the HAL reader. */
function fromResource(resource: HalResource, origin: PactOrigin, extra: Partial<LoadedPact> = {}): LoadedPact {
  const data = resource.data as unknown;
  const pact = parsePact(data, resource.url);
  const content = stripBrokerFields(data as Record<string, unknown>);
  const publish = resource.links('pb:publish-verification-results')[0]?.href;
  const latest = resource.links('pb:latest-verification-results')[0]?.href;
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
    ...(latest ? { latestVerificationUrl: latest } : {}),
    ...(provider ? { providerUrl: provider } : {}),
    ...(cv?.href ? { consumerVersionUrl: cv.href } : {}),
    ...(cv?.name ? { consumerVersion: cv.name } : {}),
    ...extra,
  };
}

/** Pacts are read with the same lossless reader as local files: `677.0` stays a decimal, big integers stay exact. */
const PACT_BODY = { parse: parseJsonText } as const;

/** GET each URL (broker auth is added by the client only for the broker's own origin). */
export async function loadPactUrls(urls: string[], client: (url: string) => BrokerClient): Promise<LoadedPact[]> {
  const loaded: LoadedPact[] = [];
  for (const url of urls) {
    let resource: HalResource;
    try {
      resource = await client(url).get(url, PACT_BODY);
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

export async function selectPacts(broker: BrokerClient, r: ForVerificationRequest): Promise<SelectedPact[]> {
  let resource: HalResource;
  try {
    const url = await broker.href('pb:provider-pacts-for-verification', { provider: r.provider });
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
  return readSelection(resource);
}

const label = (entry: Record<string, unknown>, i: number): string => {
  const name = isObject(entry._links) && isObject(entry._links.self) ? entry._links.self.name : undefined;
  const why = typeof name === 'string' ? name : typeof entry.shortDescription === 'string' ? entry.shortDescription : undefined;
  return `_embedded.pacts[${i}]${why ? ` (${why})` : ''}`;
};

/**
 * The for-verification answer, every entry read through the HAL reader (`_links.self` may be one
 * link or an array). A body of another shape, or an entry without a usable `self` link, fails
 * the run: skipping it would verify less than the broker selected and could pass on nothing.
 */
export function readSelection(resource: HalResource): SelectedPact[] {
  const data = resource.data as unknown;
  const list = isObject(data) && isObject(data._embedded) ? data._embedded.pacts : undefined;
  if (!Array.isArray(list)) {
    const keys = isObject(data) ? Object.keys(data) : [];
    const got = !isObject(data)
      ? `the body is ${describeJson(data)}`
      : !isObject(data._embedded)
        ? keys.length === 0
          ? 'the body is an empty object'
          : `the body has only ${keys.join(', ')}`
        : list === undefined
          ? '_embedded has no pacts'
          : `_embedded.pacts is ${describeJson(list)}`;
    throw new BrokerResponseError(resource.url, `the Pact Broker's answer to the pacts-for-verification query has no _embedded.pacts list (${got})`, {
      details: [`from POST ${resource.url}`],
      hint: 'Nothing was verified. Check that the base URL points at a Pact Broker (not a proxy or login page) and look at the broker\'s logs.',
    });
  }
  const problems: string[] = [];
  const selected: SelectedPact[] = [];
  list.forEach((entry: unknown, i) => {
    if (!isObject(entry)) {
      problems.push(`_embedded.pacts[${i}]: expected an object, got ${describeJson(entry)}`);
      return;
    }
    const self = new HalResource(resource.url, entry as never).links('self')[0];
    const href = self && URL.canParse(self.href) ? self.href : undefined;
    if (!href) {
      problems.push(`${label(entry, i)}: no _links.self with an absolute href (got ${describeJson(isObject(entry._links) ? entry._links.self : entry._links)})`);
      return;
    }
    const props = isObject(entry.verificationProperties) ? entry.verificationProperties : {};
    const notices = Array.isArray(props.notices)
      ? props.notices.flatMap((n: unknown) =>
          isObject(n) && typeof n.text === 'string' ? [{ text: n.text, ...(typeof n.when === 'string' ? { when: n.when } : {}) }] : [],
        )
      : [];
    selected.push({
      href,
      ...(typeof self?.name === 'string' ? { name: self.name } : {}),
      ...(typeof entry.shortDescription === 'string' ? { shortDescription: entry.shortDescription } : {}),
      pending: props.pending === true,
      wip: props.wip === true,
      notices,
    });
  });
  if (problems.length > 0) {
    throw new BrokerResponseError(
      resource.url,
      `the Pact Broker's pacts-for-verification answer has ${problems.length} of ${list.length} entr${list.length === 1 ? 'y' : 'ies'} pactship cannot read; nothing was verified`,
      {
        details: [...problems.map((p) => `skipped ${p}`), `from POST ${resource.url}`],
        hint: 'Verifying only the readable pacts could pass on less than the broker selected. Check the broker (or the proxy in front of it) and its logs.',
      },
    );
  }
  return selected;
}

export async function fetchSelected(broker: BrokerClient, selected: SelectedPact[]): Promise<LoadedPact[]> {
  const out: LoadedPact[] = [];
  for (const s of selected) {
    const resource = await broker.get(s.href, PACT_BODY);
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
  /** The configured broker, if any: used for `--pact-url`s (credentials to its origin only) and for selection. */
  broker: BrokerClient | undefined;
  /** A client for pact URLs when no broker is configured (broker settings, no credentials). */
  clientFor: (url: string) => BrokerClient;
  /** The for-verification request when pacts come from the broker. */
  request?: ForVerificationRequest;
  /** Verbose notes (JSON files skipped as not pacts). */
  debug?: (message: string) => void;
}

/** Every source of a verify run, in a stable order: local files, URLs, then the broker's selection. */
export async function collectPacts(input: CollectInput): Promise<LoadedPact[]> {
  const local = await loadLocalPacts(input.pacts, input.cwd);
  for (const s of local.skipped) input.debug?.(`skipped ${s}`);
  const pacts = [...local.pacts, ...(await loadPactUrls(input.pactUrls, (url) => input.broker ?? input.clientFor(url)))];
  if (input.request && input.broker) {
    pacts.push(...(await fetchSelected(input.broker, await selectPacts(input.broker, input.request))));
  }
  return pacts;
}

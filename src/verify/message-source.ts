/**
 * Where a provider's messages come from: a JS handler for the message's description
 * (verify.messageHandlers), else an HTTP endpoint (--message-url) speaking the protocol of the
 * reference verifier and the pact-python/pact-go message providers:
 *
 *   POST <url>  Content-Type: application/json
 *   {"description": "...", "providerStates": [{"name": "...", "params": {...}}],
 *    "request": <the pact's request part as written: {"contents": {...}, "metadata": {...}, ...}>}   (synchronous messages only)
 *   → 2xx, body = the message contents, Content-Type = their content type,
 *     Pact-Message-Metadata = base64 of the metadata as JSON.
 *
 * A message with neither is an error for that interaction, never a skip.
 */
import type { MessageHandler, MessageReply, ProviderRequest } from '../config/types.js';
import { excerpt } from '../broker/errors.js';
import { sniffContentType } from '../matching/content-type.js';
import type { ActualMessage } from '../matching/message.js';
import { metadataContentType } from '../pact/message-parts.js';
import type { Body, Message, MessageInteraction, ProviderState } from '../pact/model.js';
import { ProviderRequestError, type ProviderClient } from './provider-client.js';
import { applyHeaderOverrides, toMultiMap, type HeaderOverride } from './request.js';

/** Why a message could not be obtained; the interaction fails with it. */
export class MessageSourceError extends Error {
  constructor(
    message: string,
    readonly kind: 'message-source' | 'handler' | 'request' | 'filter',
    /** The HTTP request that was sent, when there was one. */
    readonly request?: { method: string; url: string },
    /** The handler that failed, when it was one. */
    readonly handler?: string,
  ) {
    super(message);
    this.name = 'MessageSourceError';
  }
}

export interface MessageSourceOptions {
  url?: string;
  handlers?: Record<string, MessageHandler>;
  client: ProviderClient;
  headers: HeaderOverride[];
  requestFilter?: (request: ProviderRequest) => ProviderRequest | Promise<ProviderRequest>;
}

export interface ObtainedMessages {
  messages: ActualMessage[];
  /** The request sent (HTTP), or the handler's key. */
  request?: { method: string; url: string };
  handler?: string;
}

export interface MessageSource {
  /** The provider's message(s) for this interaction; `request` is the synchronous request after generators (for handlers). */
  obtain(i: MessageInteraction, states: ProviderState[], request?: Message): Promise<ObtainedMessages>;
}

const METADATA_HEADER = 'Pact-Message-Metadata';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

export function createMessageSource(o: MessageSourceOptions): MessageSource {
  const handlers = o.handlers ?? {};
  return {
    async obtain(i, states, request) {
      const handler = Object.hasOwn(handlers, i.description) ? handlers[i.description] : undefined;
      if (handler) return { messages: await viaHandler(handler, i, states, request), handler: i.description };
      if (o.url) return viaUrl(o, o.url, i, states);
      throw new MessageSourceError(
        `no source for the message '${i.description}': pass --message-url <url> (an endpoint answering POST {description, providerStates} with the message) ` +
          `or add verify.messageHandlers[${JSON.stringify(i.description)}] to a JS/TS config`,
        'message-source',
      );
    },
  };
}

async function viaHandler(handler: MessageHandler, i: MessageInteraction, states: ProviderState[], request?: Message): Promise<ActualMessage[]> {
  const where = `verify.messageHandlers[${JSON.stringify(i.description)}]`;
  let reply: unknown;
  try {
    reply = await handler({
      description: i.description,
      providerStates: states.map((s) => ({ name: s.name, params: s.params })),
      params: Object.assign({}, ...states.map((s) => s.params)) as Record<string, unknown>,
      ...(request ? { request: handlerRequest(request) } : {}),
    });
  } catch (error) {
    throw new MessageSourceError(`${where} threw: ${error instanceof Error ? error.message : String(error)}`, 'handler', undefined, i.description);
  }
  const replies = i.type === 'Synchronous/Messages' && Array.isArray(reply) ? reply : [reply];
  return replies.map((r, n) => {
    if (!isRecord(r) || !('contents' in r)) {
      const what = `${describe(r)}${replies.length > 1 ? ` as response ${n + 1}` : ''}`;
      throw new MessageSourceError(`${where} returned ${what}: expected { contents, metadata?, contentType? }`, 'handler', undefined, i.description);
    }
    const bad = (what: string) => new MessageSourceError(`${where} returned ${what}`, 'handler', undefined, i.description);
    if (r.metadata !== undefined && !isRecord(r.metadata)) throw bad('metadata that is not an object');
    if (r.contentType !== undefined && typeof r.contentType !== 'string') throw bad('a contentType that is not a string');
    return actualFromReply(r as unknown as MessageReply);
  });
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object without contents' : `a ${typeof value}`;
}

const encoder = new TextEncoder();

/** A handler's reply → bytes + content type + metadata (the content type also as metadata, as over HTTP). */
function actualFromReply(r: MessageReply): ActualMessage {
  const metadata = { ...(r.metadata ?? {}) };
  const declared = r.contentType ?? metadataContentType(metadata);
  let bytes: Uint8Array | undefined;
  let json = false;
  if (r.contents instanceof Uint8Array) bytes = r.contents;
  else if (r.contents instanceof ArrayBuffer) bytes = new Uint8Array(r.contents);
  else if (typeof r.contents === 'string') bytes = encoder.encode(r.contents);
  else if (r.contents !== undefined) {
    bytes = encoder.encode(JSON.stringify(r.contents));
    json = true;
  }
  const contentType = declared ?? (json ? 'application/json' : bytes && bytes.length > 0 ? sniffContentType(bytes) : undefined);
  if (contentType && metadataContentType(metadata) === undefined) metadata.contentType = contentType;
  return { contents: body(bytes, contentType), metadata };
}

function body(bytes: Uint8Array | undefined, contentType: string | undefined): Body {
  const ct = contentType ? { contentType } : {};
  if (!bytes) return { state: 'missing', ...ct };
  return bytes.length === 0 ? { state: 'empty', ...ct } : { state: 'present', bytes, ...ct };
}

const decoder = new TextDecoder();

/** The request message as a handler sees it: JSON parsed, text as a string, other bytes as a Buffer. */
function handlerRequest(m: Message): NonNullable<Parameters<MessageHandler>[0]['request']> {
  const { contents } = m;
  const ct = contents.contentType;
  let value: unknown;
  if (contents.state === 'null') value = null;
  else if (contents.state !== 'present' || !contents.bytes) value = contents.state === 'empty' ? '' : undefined;
  else if (isJson(ct)) value = JSON.parse(decoder.decode(contents.bytes));
  else if (isText(ct, contents.bytes)) value = decoder.decode(contents.bytes);
  else value = Buffer.from(contents.bytes);
  return { contents: value, ...(ct ? { contentType: ct } : {}), metadata: { ...m.metadata } };
}

const base = (ct: string | undefined) => (ct ?? '').split(';')[0]!.trim().toLowerCase();
const isJson = (ct: string | undefined) => /^(application|text)\/(.+\+)?json$/.test(base(ct));
function isText(ct: string | undefined, bytes: Uint8Array): boolean {
  const b = base(ct || sniffContentType(bytes));
  return b.startsWith('text/') || /[+/]xml$/.test(b) || b === 'application/x-www-form-urlencoded';
}

async function viaUrl(o: MessageSourceOptions, url: string, i: MessageInteraction, states: ProviderState[]): Promise<ObtainedMessages> {
  const payload = {
    description: i.description,
    providerStates: states.map((s) => ({ name: s.name, params: s.params })),
    // As the reference verifier: the request part of the pact as written (generators not applied).
    ...(i.type === 'Synchronous/Messages' ? { request: i.rawRequest } : {}),
  };
  let sent: ProviderRequest = applyHeaderOverrides(
    { method: 'POST', url, headers: { 'Content-Type': 'application/json', Accept: '*/*' }, body: JSON.stringify(payload) },
    o.headers,
  );
  if (o.requestFilter) {
    try {
      sent = await o.requestFilter(sent);
    } catch (error) {
      throw new MessageSourceError(`verify.requestFilter threw: ${(error as Error).message}`, 'filter');
    }
  }
  const shown = { method: sent.method, url: sent.url };
  let response;
  try {
    response = await o.client.send(sent);
  } catch (error) {
    if (!(error instanceof ProviderRequestError)) throw error;
    const advice =
      error.kind === 'refused' ? ` — is the message endpoint running at ${url}? (--message-url)` : error.kind === 'timeout' ? ' (raise --timeout if the provider is slow)' : '';
    throw new MessageSourceError(`${error.message}${advice}`, 'request', shown);
  }
  const text = () => Buffer.from(response.body).toString('utf8');
  if (response.status < 200 || response.status > 299) {
    const said = response.body.length ? `: ${excerpt(text(), 200)}` : '';
    throw new MessageSourceError(`the message endpoint answered ${response.status} for '${i.description}'${said}`, 'request', shown);
  }
  const headers = toMultiMap(response.headers);
  const header = (name: string) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1]?.[0];
  let metadata: Record<string, unknown> = {};
  const encodedMetadata = header(METADATA_HEADER);
  if (encodedMetadata !== undefined && encodedMetadata.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(encodedMetadata.trim(), 'base64').toString('utf8'));
      if (!isRecord(parsed)) throw new Error('not a JSON object');
      metadata = parsed;
    } catch (error) {
      const reason = `the ${METADATA_HEADER} header of the answer for '${i.description}' is not base64-encoded JSON: ${(error as Error).message}`;
      throw new MessageSourceError(reason, 'request', shown);
    }
  }
  const contentType = header('content-type');
  return {
    messages: [actualFromReply({ contents: response.body, metadata, ...(contentType ? { contentType } : {}) })],
    request: shown,
  };
}

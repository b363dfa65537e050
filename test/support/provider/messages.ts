/**
 * A real message provider over HTTP, speaking the protocol `--message-url` uses (the reference
 * verifier's): POST {description, providerStates[, request]} → the message as the body, its
 * content type as Content-Type, its metadata base64-encoded JSON in Pact-Message-Metadata.
 * Built on startTestProvider, so requests and state calls land in the same ordered event log.
 */
import { startTestProvider, type ProviderOptions, type ProviderRequestRecord, type Reply, type TestProvider } from './index.js';

export interface MessageRequest {
  description: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request?: { contents: { content: unknown; contentType?: string; encoded?: unknown }; metadata?: Record<string, unknown> };
}

export interface ProvidedMessage {
  /** Strings are sent as they are, Buffers as bytes, anything else as JSON. */
  contents: unknown;
  contentType?: string;
  metadata?: Record<string, unknown>;
}

export type MessageResponder = ProvidedMessage | Reply | ((request: MessageRequest) => ProvidedMessage | Reply);

export interface MessageProvider extends TestProvider {
  /** The message requests received, parsed. */
  messageRequests: MessageRequest[];
}

const isReply = (r: ProvidedMessage | Reply): r is Reply => !('contents' in r);

export function messageReply(m: ProvidedMessage): Reply {
  const headers: Record<string, string> = {};
  const json = !(typeof m.contents === 'string' || Buffer.isBuffer(m.contents));
  const contentType = m.contentType ?? (json ? 'application/json' : undefined);
  if (contentType) headers['Content-Type'] = contentType;
  if (m.metadata) headers['Pact-Message-Metadata'] = Buffer.from(JSON.stringify(m.metadata)).toString('base64');
  return { status: 200, headers, body: json ? JSON.stringify(m.contents) : (m.contents as string | Buffer) };
}

/** Answers each message by its description; an unknown description gets a 404. */
export async function startMessageProvider(messages: Record<string, MessageResponder>, options: ProviderOptions = {}): Promise<MessageProvider> {
  const messageRequests: MessageRequest[] = [];
  const provider = await startTestProvider((req: ProviderRequestRecord) => {
    const body = JSON.parse(req.text || '{}') as MessageRequest;
    messageRequests.push(body);
    const responder = Object.hasOwn(messages, body.description) ? messages[body.description] : undefined;
    if (!responder) return { status: 404, body: `no message called '${body.description}'` };
    const answer = typeof responder === 'function' ? responder(body) : responder;
    return isReply(answer) ? answer : messageReply(answer);
  }, options);
  return Object.assign(provider, { messageRequests });
}

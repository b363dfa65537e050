/** The resolved configuration every command receives (flags > env > file > defaults). */

export interface BrokerConfig {
  baseUrl?: string;
  token?: string;
  username?: string;
  password?: string;
  retries: number;
  timeoutMs: number;
  /** Budget for all broker requests of one run (retries and back-off included). */
  deadlineMs: number;
  caFile?: string;
  /** 'Name: value' lines, sent to the broker's origin only. */
  customHeaders: string[];
  skipSslVerification: boolean;
  /** Largest response body read from the broker (and, by verify, from the provider), in MB. */
  maxResponseMb: number;
}


export interface PublishConfig {
  pactFiles: string[];
  consumerVersion?: string;
  branch?: string;
  tags: string[];
  tagWithGitBranch: boolean;
  buildUrl?: string;
  autoDetectVersionProperties?: boolean;
  merge: boolean;
}

export interface StateHandlerObject {
  setup?: (params: Record<string, unknown>) => unknown;
  teardown?: (params: Record<string, unknown>) => unknown;
}
export type StateHandler = ((params: Record<string, unknown>) => unknown) | StateHandlerObject;

/** What a message handler is asked: which message, in which provider states (and the request, for synchronous messages). */
export interface MessageHandlerInput {
  description: string;
  providerStates: { name: string; params: Record<string, unknown> }[];
  /** The params of all provider states merged (later states win). */
  params: Record<string, unknown>;
  /** Synchronous messages: the request message, generators applied (JSON parsed, text as a string, binary as a Buffer). */
  request?: { contents: unknown; contentType?: string; metadata: Record<string, unknown> };
}

/**
 * A message as a handler returns it. `contents`: objects, arrays, numbers, booleans and null are
 * sent as JSON; strings as text; Buffers/Uint8Arrays as bytes. `contentType` defaults to
 * `metadata.contentType`, else JSON for JSON values, else what the bytes look like.
 */
export interface MessageReply {
  contents: unknown;
  metadata?: Record<string, unknown>;
  contentType?: string;
}

/** Asynchronous messages return one reply; synchronous ones one or a list (the responses). */
export type MessageHandler = (input: MessageHandlerInput) => MessageReply | MessageReply[] | Promise<MessageReply | MessageReply[]>;

export interface ProviderRequest {
  method: string;
  /** Full URL the request is sent to. */
  url: string;
  headers: Record<string, string | string[]>;
  body?: Uint8Array | string;
}

export interface VerifyConfig {
  provider?: string;
  providerBaseUrl: string;
  providerStart?: string;
  providerReadyUrl?: string;
  providerStartTimeoutMs: number;
  stateChangeUrl?: string;
  stateChangeAsQuery: boolean;
  stateChangeTeardown: boolean;
  /** Do not verify the provider's TLS certificate. */
  skipSslVerification: boolean;
  stateHandlers?: Record<string, StateHandler>;
  requestFilter?: (request: ProviderRequest) => ProviderRequest | Promise<ProviderRequest>;
  /** Where messages are requested: POST {description, providerStates[, request]}. */
  messageUrl?: string;
  /** JS config/API only: message description → handler. */
  messageHandlers?: Record<string, MessageHandler>;
  headers: string[];
  pacts: string[];
  pactUrls: string[];
  consumerVersionSelectors: Record<string, unknown>[];
  consumerVersionTags: string[];
  enablePending: boolean;
  includeWipPactsSince?: string;
  providerVersion?: string;
  providerVersionBranch?: string;
  providerVersionTags: string[];
  buildUrl?: string;
  publish: boolean;
  timeoutMs: number;
  concurrency: number;
  failIfNoPacts: boolean;
}

export interface CanIDeployConfig {
  retryWhileUnknown: number;
  retryInterval: number;
  ignore: string[];
  dryRun: boolean;
}

export interface Config {
  broker: BrokerConfig;
  publish: PublishConfig;
  verify: VerifyConfig;
  canIDeploy: CanIDeployConfig;
}

export type Source =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | { kind: 'file'; file: string }
  | { kind: 'default' };

export interface ResolvedConfig {
  config: Config;
  /** Where each set key came from, by dotted path. */
  sources: Map<string, Source>;
  /** The config file that was loaded, if any. */
  file?: string;
  /** Things worth saying at --verbose (e.g. which credentials won). */
  notes: string[];
}

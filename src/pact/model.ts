/**
 * The one normalized shape of a pact, whatever spec version it was written in.
 * The spec version is decided by the parser; nothing downstream branches on it.
 * (Contract between src/pact (parser), src/matching (engine) and src/verify (runner).)
 */

export type SpecVersion = '1.0.0' | '1.1.0' | '2.0.0' | '3.0.0' | '4.0.0';

/** Matching-rule and generator categories (V3+ names; V2 flat keys are converted at the parser). */
export type Category = 'body' | 'header' | 'query' | 'path' | 'status' | 'metadata' | 'method';

/** One matcher as written in the pact: `{ match: 'type', min: 1 }`, `{ match: 'regex', regex: '\\d+' }`, ... */
export interface Matcher {
  match: string;
  [option: string]: unknown;
}

export interface RuleList {
  matchers: Matcher[];
  combine: 'AND' | 'OR';
}

/** category → path expression (e.g. `$.items[*].id`, or a header/query name) → rules. */
export type MatchingRules = Partial<Record<Category, Record<string, RuleList>>>;

/** `{ type: 'RandomInt', min: 0, max: 10 }`, `{ type: 'ProviderState', expression: '${id}' }`, ... */
export interface Generator {
  type: string;
  [option: string]: unknown;
}

/** category → path expression → generator. For `path`, `method`, `status` the key is `''`. */
export type Generators = Partial<Record<Category, Record<string, Generator>>>;

/**
 * A body as bytes plus what we know of its type. `missing` = not given in the pact (anything goes),
 * `empty` = given as an empty string, `null` = JSON null given explicitly.
 */
export interface Body {
  state: 'missing' | 'empty' | 'null' | 'present';
  /** Exact bytes (JSON bodies are serialized compactly); undefined unless `present`. */
  bytes?: Uint8Array;
  /** Content type declared by the pact (V4 `contentType`, else from the Content-Type header). */
  contentType?: string;
}

/** Header and query values are always lists (names as written; compare header names case-insensitively). */
export type MultiMap = Record<string, string[]>;

export interface HttpRequest {
  method: string;
  path: string;
  query: MultiMap;
  headers: MultiMap;
  body: Body;
  matchingRules: MatchingRules;
  generators: Generators;
}

export interface HttpResponse {
  status: number;
  headers: MultiMap;
  body: Body;
  matchingRules: MatchingRules;
  generators: Generators;
}

/** What the provider actually returned, as handed to the matching engine. */
export interface ActualResponse {
  status: number;
  headers: MultiMap;
  body: Body;
}

export interface ProviderState {
  name: string;
  params: Record<string, unknown>;
}

/** V4 `comments`: free text shown with the interaction's result, and the consumer test's name. */
export interface Comments {
  text: string[];
  testname?: string;
}

interface InteractionBase {
  /** Stable id for results: V4 `key`, else `_id` (broker-assigned), else a hash of description+states. */
  id: string;
  /** Position in its list in the pact file (0-based). */
  index: number;
  description: string;
  providerStates: ProviderState[];
  /** V4 `pending: true` on the interaction. */
  pending: boolean;
  comments?: Comments;
}

export interface HttpInteraction extends InteractionBase {
  type: 'Synchronous/HTTP';
  request: HttpRequest;
  response: HttpResponse;
}

/**
 * One message: contents as bytes plus content type (V3 `contents` + `metadata.contentType`, V4
 * `contents: {content, contentType, encoded}`), metadata, and the rules and generators of both
 * (`body` — V4 writers may say `content` — and `metadata` categories).
 */
export interface Message {
  contents: Body;
  /** As written; V4 adds the contents' content type as `contentType` when the metadata has none (as the reference does). */
  metadata: Record<string, unknown>;
  matchingRules: MatchingRules;
  generators: Generators;
}

/** V3 `messages[]` and V4 `Asynchronous/Messages`: the provider produces one message. */
export interface AsyncMessageInteraction extends InteractionBase {
  type: 'Asynchronous/Messages';
  message: Message;
}

/** V4 `Synchronous/Messages`: the provider gets a request message and answers with response message(s). */
export interface SyncMessageInteraction extends InteractionBase {
  type: 'Synchronous/Messages';
  request: Message;
  response: Message[];
  /** The request part exactly as written in the pact: what the reference verifier sends to a message endpoint. */
  rawRequest: Record<string, unknown>;
}

export type MessageInteraction = AsyncMessageInteraction | SyncMessageInteraction;

export type Interaction = HttpInteraction | MessageInteraction;

/** The V4 interaction types; a pact naming any other is rejected at parse time. */
export const INTERACTION_TYPES = ['Synchronous/HTTP', 'Asynchronous/Messages', 'Synchronous/Messages'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export interface Pact {
  consumer: { name: string };
  provider: { name: string };
  specVersion: SpecVersion;
  /** True when the file named no spec version and V3 was assumed. */
  specVersionAssumed: boolean;
  interactions: Interaction[];
  metadata: Record<string, unknown>;
  /** Where it came from: a file path or URL (used in messages). */
  source: string;
}

export function isHttpInteraction(i: Interaction): i is HttpInteraction {
  return i.type === 'Synchronous/HTTP';
}

export type MismatchKind =
  | 'status'
  | 'header'
  | 'body'
  | 'bodyType'
  | 'query'
  | 'method'
  | 'path'
  | 'metadata';

/** One difference between expected and actual. The engine collects these; it never throws. */
export interface Mismatch {
  kind: MismatchKind;
  /** `$.items[0].id` for bodies, the header/query name for those, `''` for status/method/path. */
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
}

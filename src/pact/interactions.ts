/**
 * One interaction → the model. Version differences are handled here and nowhere downstream:
 * V1/V2 `providerState` string, V1/V2 query strings, V2 flat rules, V4 typed interactions and bodies.
 */
import {
  INTERACTION_TYPES,
  type Comments,
  type HttpInteraction,
  type HttpRequest,
  type HttpResponse,
  type Interaction,
  type InteractionType,
  type Message,
  type ProviderState,
  type SpecVersion,
} from './model.js';
import { describeJson, isObject, type Problems } from './describe.js';
import { readHeaders, readPlainBody, readQuery, readV4Body } from './http-parts.js';
import { readMessage } from './message-parts.js';
import { readGenerators, readMatchingRules } from './rules.js';
import { sha1Hex } from './sha1.js';

export interface ReadContext {
  version: SpecVersion;
  problems: Problems;
  /** `interactions` or `messages`, for messages. */
  list: string;
}

export function readInteraction(raw: unknown, index: number, ctx: ReadContext): Interaction | undefined {
  const { problems } = ctx;
  if (!isObject(raw)) {
    problems.wrongType('', `${ctx.list}[${index}]`, 'an object', raw);
    return undefined;
  }
  const description = typeof raw.description === 'string' ? raw.description : undefined;
  const where = description === undefined ? `${ctx.list}[${index}]: ` : `${ctx.list}[${index}] (${JSON.stringify(description)}): `;
  if (raw.description === undefined) problems.add(where, 'description', 'missing');
  else if (description === undefined) problems.wrongType(where, 'description', 'a string', raw.description);

  const providerStates = readProviderStates(raw, problems, where);
  const base = {
    index,
    description: description ?? '',
    providerStates,
    pending: readPending(raw, problems, where),
    id: readId(raw, description ?? '', providerStates),
    ...readComments(raw, problems, where),
  };

  const declared = interactionType(raw, ctx, problems, where);
  // A V4 interaction without a (known) type but with request/response is still read as HTTP so its
  // own problems are reported too (the pact is rejected for the type anyway).
  const type = declared ?? ('request' in raw || 'response' in raw ? 'Synchronous/HTTP' : undefined);
  switch (type) {
    case undefined:
      return undefined;
    case 'Asynchronous/Messages':
      return { ...base, type, message: readMessage(raw, ctx.version, problems, where, '') };
    case 'Synchronous/Messages':
      return {
        ...base,
        type,
        request: readMessagePart(raw.request, 'request', ctx, where),
        response: readResponses(raw.response, ctx, where),
        rawRequest: isObject(raw.request) ? raw.request : {},
      };
    case 'Synchronous/HTTP': {
      const interaction: HttpInteraction = { ...base, type, request: readRequest(raw.request, ctx, where), response: readResponse(raw.response, ctx, where) };
      return interaction;
    }
  }
}

const KNOWN_TYPES = INTERACTION_TYPES.map((t) => `"${t}"`).join(', ');

function interactionType(
  raw: Record<string, unknown>,
  ctx: ReadContext,
  problems: Problems,
  where: string,
): InteractionType | undefined {
  if (ctx.list === 'messages') return 'Asynchronous/Messages';
  if (ctx.version !== '4.0.0') return 'Synchronous/HTTP';
  if ((INTERACTION_TYPES as readonly unknown[]).includes(raw.type)) return raw.type as InteractionType;
  if (raw.type === undefined) problems.add(where, 'type', `missing (expected one of ${KNOWN_TYPES})`);
  else if (typeof raw.type === 'string') problems.add(where, 'type', `unknown interaction type ${JSON.stringify(raw.type)} (known: ${KNOWN_TYPES})`);
  else problems.wrongType(where, 'type', 'a string', raw.type);
  return undefined;
}

function readComments(raw: Record<string, unknown>, problems: Problems, where: string): { comments?: Comments } {
  const c = raw.comments;
  if (c === undefined || c === null) return {};
  if (!isObject(c)) {
    problems.wrongType(where, 'comments', 'an object', c);
    return {};
  }
  const text: string[] = [];
  if (Array.isArray(c.text)) {
    c.text.forEach((t, i) => {
      if (typeof t === 'string') text.push(t);
      else problems.wrongType(where, `comments.text[${i}]`, 'a string', t);
    });
  } else if (typeof c.text === 'string') text.push(c.text);
  else if (c.text !== undefined) problems.wrongType(where, 'comments.text', 'a list of strings', c.text);
  if (c.testname !== undefined && typeof c.testname !== 'string') problems.wrongType(where, 'comments.testname', 'a string', c.testname);
  const testname = typeof c.testname === 'string' && c.testname !== '' ? c.testname : undefined;
  if (text.length === 0 && testname === undefined) return {};
  return { comments: { text, ...(testname !== undefined ? { testname } : {}) } };
}

function readMessagePart(raw: unknown, field: string, ctx: ReadContext, where: string): Message {
  if (raw === undefined) ctx.problems.add(where, field, 'missing');
  else if (!isObject(raw)) ctx.problems.wrongType(where, field, 'an object', raw);
  return readMessage(isObject(raw) ? raw : {}, ctx.version, ctx.problems, where, `${field}.`);
}

/** Synchronous/Messages `response`: a list of messages (one object is read as a list of one). */
function readResponses(raw: unknown, ctx: ReadContext, where: string): Message[] {
  if (raw === undefined || raw === null) return [];
  if (isObject(raw)) return [readMessagePart(raw, 'response', ctx, where)];
  if (!Array.isArray(raw)) {
    ctx.problems.wrongType(where, 'response', 'a list of messages', raw);
    return [];
  }
  return raw.map((r, i) => readMessagePart(r, `response[${i}]`, ctx, where));
}

function readProviderStates(raw: Record<string, unknown>, problems: Problems, where: string): ProviderState[] {
  if (raw.providerStates !== undefined) {
    if (!Array.isArray(raw.providerStates)) {
      problems.wrongType(where, 'providerStates', 'an array', raw.providerStates);
      return [];
    }
    const states: ProviderState[] = [];
    raw.providerStates.forEach((s, i) => {
      if (!isObject(s) || typeof s.name !== 'string') {
        problems.add(where, `providerStates[${i}].name`, isObject(s) ? (s.name === undefined ? 'missing' : `must be a string, got ${describeJson(s.name)}`) : `must be an object, got ${describeJson(s)}`);
        return;
      }
      if (s.params !== undefined && s.params !== null && !isObject(s.params)) {
        problems.wrongType(where, `providerStates[${i}].params`, 'an object', s.params);
        return;
      }
      states.push({ name: s.name, params: isObject(s.params) ? s.params : {} });
    });
    return states;
  }
  // V1/V2 (also `provider_state` from the Ruby era).
  const single = raw.providerState ?? raw.provider_state;
  if (single === undefined || single === null || single === '') return [];
  if (typeof single !== 'string') {
    problems.wrongType(where, 'providerState', 'a string', single);
    return [];
  }
  return [{ name: single, params: {} }];
}

function readPending(raw: Record<string, unknown>, problems: Problems, where: string): boolean {
  if (raw.pending === undefined || raw.pending === null) return false;
  if (typeof raw.pending !== 'boolean') {
    problems.wrongType(where, 'pending', 'a boolean', raw.pending);
    return false;
  }
  return raw.pending;
}

function readId(raw: Record<string, unknown>, description: string, states: ProviderState[]): string {
  if (typeof raw.key === 'string' && raw.key !== '') return raw.key;
  if (typeof raw._id === 'string' && raw._id !== '') return raw._id;
  let text = description;
  for (const s of states) text += `\u0000${s.name}\u0000${paramsText(s.params)}`;
  return sha1Hex(text).slice(0, 12);
}

/** Params as JSON; params nested too deep to serialize get a fixed stand-in rather than a crash. */
function paramsText(params: Record<string, unknown>): string {
  try {
    return JSON.stringify(params);
  } catch {
    return '\u0000unserializable';
  }
}

function readRequest(raw: unknown, ctx: ReadContext, where: string): HttpRequest {
  const { problems } = ctx;
  const part = isObject(raw) ? raw : {};
  if (raw === undefined) problems.add(where, 'request', 'missing');
  else if (!isObject(raw)) problems.wrongType(where, 'request', 'an object', raw);

  let method = 'GET';
  if (typeof part.method === 'string' && part.method.trim() !== '') method = part.method.toUpperCase();
  else if (part.method !== undefined) problems.wrongType(where, 'request.method', 'a non-empty string', part.method);

  let path = '/';
  if (typeof part.path === 'string') path = part.path;
  else if (part.path !== undefined) problems.wrongType(where, 'request.path', 'a string', part.path);

  const headers = readHeaders(part.headers, problems, where, 'request.headers');
  return {
    method,
    path,
    query: readQuery(part.query, problems, where, 'request.query'),
    headers,
    body: readBody(part, headers, ctx, where, 'request.body'),
    matchingRules: readMatchingRules(part.matchingRules, problems, where, 'request.matchingRules'),
    generators: readGenerators(part.generators, problems, where, 'request.generators'),
  };
}

function readResponse(raw: unknown, ctx: ReadContext, where: string): HttpResponse {
  const { problems } = ctx;
  const part = isObject(raw) ? raw : {};
  if (raw === undefined) problems.add(where, 'response', 'missing');
  else if (!isObject(raw)) problems.wrongType(where, 'response', 'an object', raw);

  let status = 200;
  if (typeof part.status === 'number' && Number.isInteger(part.status)) {
    status = part.status;
    if (status < 100 || status > 599) problems.add(where, 'response.status', `must be between 100 and 599, got ${status}`);
  } else if (part.status !== undefined) {
    problems.wrongType(where, 'response.status', 'an integer', part.status);
  } // absent: 200, as pact-reference and pact-jvm read it (the spec's own test cases omit it)

  const headers = readHeaders(part.headers, problems, where, 'response.headers');
  return {
    status,
    headers,
    body: readBody(part, headers, ctx, where, 'response.body'),
    matchingRules: readMatchingRules(part.matchingRules, problems, where, 'response.matchingRules'),
    generators: readGenerators(part.generators, problems, where, 'response.generators'),
  };
}

function readBody(part: Record<string, unknown>, headers: Record<string, string[]>, ctx: ReadContext, where: string, field: string) {
  return ctx.version === '4.0.0'
    ? readV4Body(part, headers, ctx.problems, where, field)
    : readPlainBody(part, headers);
}

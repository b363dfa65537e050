/**
 * Pact JSON → the normalized model. The spec version is decided here (detect.ts) and every
 * structural problem is collected before failing once with InvalidPactError.
 */
import { InvalidPactError } from '../errors.js';
import type { Interaction, Pact } from './model.js';
import { describeJson, isObject, Problems } from './describe.js';
import { detectWithProblem } from './detect.js';
import { checkInteraction, depthExceeds, MAX_BODY_DEPTH, MAX_PART_DEPTH } from './http-checks.js';
import { readInteraction } from './interactions.js';
import { JsonTextError, parsedDepth, parseJsonText } from './json-text.js';

export { detectSpecVersion } from './detect.js';

export function parsePactText(text: string, source: string): Pact {
  let json: unknown;
  try {
    json = parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonTextError) throw new InvalidPactError(source, [error.message], { cause: error });
    throw error;
  }
  return parsePact(json, source);
}

export function parsePact(json: unknown, source: string): Pact {
  if (!isObject(json)) {
    throw new InvalidPactError(source, [`a pact must be a JSON object, got ${describeJson(json)}`]);
  }
  const problems = new Problems();
  const detected = detectWithProblem(json);
  if (detected.problem) problems.list.push(detected.problem);

  const consumer = readParty(json, 'consumer', problems);
  const provider = readParty(json, 'provider', problems);

  let metadata: Record<string, unknown> = {};
  if (isObject(json.metadata) && depthExceeds(json.metadata, MAX_PART_DEPTH)) problems.add('', 'metadata', `is nested deeper than ${MAX_PART_DEPTH} levels`);
  else if (isObject(json.metadata)) metadata = json.metadata;
  else if (json.metadata !== undefined) problems.wrongType('', 'metadata', 'an object', json.metadata);

  const interactions: Interaction[] = [];
  let count = 0;
  // A file that nests no deeper than a body may (plus the pact's own levels) needs no body walk.
  const shallow = (parsedDepth(json) ?? Infinity) <= MAX_BODY_DEPTH;
  for (const list of ['interactions', 'messages'] as const) {
    const raw = json[list];
    if (raw === undefined || raw === null) continue;
    if (!Array.isArray(raw)) {
      problems.wrongType('', list, 'an array', raw);
      count++; // a wrong type is its own problem; do not also claim the list is absent
      continue;
    }
    count += raw.length;
    raw.forEach((item, i) => {
      // Checked first: a body nested 10,000 deep must become a located problem, not a stack overflow.
      if (isObject(item)) {
        const where = typeof item.description === 'string' ? `${list}[${i}] (${JSON.stringify(item.description)}): ` : `${list}[${i}]: `;
        if (!checkInteraction(item, where, detected.version === '4.0.0', problems, shallow)) return;
      }
      const interaction = readInteraction(item, i, { version: detected.version, problems, list });
      if (interaction) interactions.push(interaction);
    });
  }
  if (count === 0) problems.list.push('no interactions or messages');

  if (problems.list.length > 0) throw new InvalidPactError(source, problems.list);
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    specVersion: detected.version,
    specVersionAssumed: detected.assumed,
    interactions,
    metadata,
    source,
  };
}

function readParty(json: Record<string, unknown>, key: 'consumer' | 'provider', problems: Problems): string {
  const party = json[key];
  if (party === undefined || party === null) {
    problems.add('', `${key}.name`, 'missing');
    return '';
  }
  if (!isObject(party)) {
    problems.wrongType('', key, 'an object with a name', party);
    return '';
  }
  if (party.name === undefined) problems.add('', `${key}.name`, 'missing');
  else if (typeof party.name !== 'string') problems.wrongType('', `${key}.name`, 'a string', party.name);
  else if (party.name.trim() === '') problems.add('', `${key}.name`, 'must not be empty');
  else return party.name;
  return '';
}

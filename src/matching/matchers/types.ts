/** A matcher is a small object: what it checks (`describe`) and whether an actual value passes (`match`). */
import { JsonNumber, numberText } from '../../pact/json-number.js';
import { stringifyJson } from '../../pact/json-text.js';

export interface MatchContext {
  /** The rule was written for an ancestor of this node and inherited (size checks do not apply). */
  cascaded: boolean;
  /** Levels between the node the rule was written for and this one (0 when not cascaded). */
  distance: number;
  /** Values come from text (headers, query, XML, forms): numbers and booleans are judged by their text. */
  stringly: boolean;
}

export interface ValueMatcher {
  readonly name: string;
  /** Lists: each actual element is compared with the expected element at its index, else the first; no length equality. */
  readonly typeLike?: boolean;
  /** Maps: actual entries are compared with an exemplar; expected keys are not required. */
  readonly keysIgnored?: boolean;
  /** Only about the node it was written for; inherited by children it neither passes nor fails them. */
  readonly structural?: boolean;
  /** Judges the whole value: when it passes, the contents are not compared (e.g. `contentType`). */
  readonly terminal?: boolean;
  /** Maps: only the keys are judged, the values are free (`eachKey` without `eachValue`, as the reference). */
  readonly valuesFree?: boolean;
  describe(): string;
  /** Undefined when `actual` passes, else the mismatch message. */
  match(expected: unknown, actual: unknown, ctx: MatchContext): string | undefined;
}

export type MatcherOptions = Record<string, unknown>;

/** A matcher that always fails: unknown names and unusable options must never pass silently. */
export function failing(name: string, message: string): ValueMatcher {
  return { name, describe: () => message, match: () => message };
}

export type Kind = 'map' | 'list' | 'string' | 'number' | 'boolean' | 'null' | 'other';

export function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return value instanceof JsonNumber ? 'number' : 'map';
    default:
      return 'other';
  }
}

/**
 * The text a regex or include judges, as the reference forms it: strings as they are, numbers as
 * it prints them (`677.0`, `12.5`), `true`, `null`, and collections as compact JSON.
 */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || value instanceof JsonNumber) return numberText(value);
  if (value === undefined) return '';
  return stringifyJson(value);
}

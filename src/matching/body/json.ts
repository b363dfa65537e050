/**
 * JSON bodies, Postel-style for responses: expected keys must be present, unexpected keys are fine;
 * lists keep length and order unless a type-like rule says otherwise. One pass over the actual
 * document, carrying the live rules in a cursor (linear in the body size).
 */
import { JsonNumber } from '../../pact/json-number.js';
import { JsonDepthError, parseJsonValue } from '../../pact/json-text.js';
import { sameScalar } from '../matchers/equality.js';
import { mismatch, plural, show, typeName, type Mismatch } from '../mismatch.js';
import { kindOf } from '../matchers/types.js';
import { formatSegment, type RuleCursor, type Segment } from '../path.js';
import { applyRuleList, bodyCursor, type BodyRules, type CompiledRuleList } from '../rules.js';

/** A node's path as a parent chain: strings are only built for mismatches. */
export interface PathNode {
  parent: PathNode | undefined;
  segment: Segment;
}

export function pathText(node: PathNode | undefined): string {
  const segments: Segment[] = [];
  for (let n = node; n; n = n.parent) segments.push(n.segment);
  let out = '$';
  for (let i = segments.length - 1; i >= 0; i--) out += formatSegment(segments[i] as Segment);
  return out;
}

const at = (parent: PathNode | undefined, segment: Segment): PathNode => ({ parent, segment });

type Json = unknown;
type Cursor = RuleCursor<CompiledRuleList>;

/**
 * Arrays/objects may nest 127 deep, as the reference's JSON parser allows (it fails the 128th level):
 * deeper actual bodies are a mismatch, never a stack overflow, and never greener than the reference.
 */
export const MAX_JSON_DEPTH = 127;

export function parseBody(text: string): unknown {
  return parseJsonValue(text, MAX_JSON_DEPTH);
}

function reason(e: unknown): string {
  return e instanceof JsonDepthError ? `${e.message} (the limit is ${MAX_JSON_DEPTH})` : (e as Error).message;
}

/** `known`: the expected value already parsed (a pact's JSON body), so `expectedText` is not read. */
export function matchJsonText(expectedText: string | (() => string), actualText: string, rules: BodyRules, known?: { value: unknown }): Mismatch[] {
  const out: Mismatch[] = [];
  let expected: Json;
  let actual: Json;
  try {
    expected = known ? known.value : parseBody(typeof expectedText === 'string' ? expectedText : expectedText());
  } catch (e) {
    out.push(mismatch('body', '$', undefined, actualText, `Failed to parse the expected body: ${reason(e)}`));
    return out;
  }
  try {
    actual = parseBody(actualText);
  } catch (e) {
    out.push(mismatch('body', '$', expected, actualText, `Failed to parse the actual body: ${reason(e)}`));
    return out;
  }
  compareJson(expected, actual, bodyCursor(rules), undefined, out);
  return out;
}

/** Compares two parsed JSON values under body rules (also used for arrayContains variants). */
export function compareJsonValues(expected: Json, actual: Json, rules: BodyRules): Mismatch[] {
  const out: Mismatch[] = [];
  compareJson(expected, actual, bodyCursor(rules), undefined, out);
  return out;
}

export function compareJson(expected: Json, actual: Json, cursor: Cursor, path: PathNode | undefined, out: Mismatch[]): void {
  walk(expected, actual, cursor, path, undefined, out);
}

/**
 * One node: its path is `parent` plus `segment` (`parent` itself when `segment` is undefined),
 * made into a PathNode only for a mismatch or to descend: a body's leaves allocate nothing.
 */
function walk(expected: Json, actual: Json, cursor: Cursor, parent: PathNode | undefined, segment: Segment | undefined, out: Mismatch[]): void {
  const selected = cursor.best();
  let list: CompiledRuleList | undefined;
  if (selected) {
    const problems = applyRuleList(selected.value, expected, actual, selected.json);
    if (problems !== null) {
      if (problems.length > 0) {
        const where = pathText(here(parent, segment));
        for (const message of problems) out.push(mismatch('body', where, expected, actual, message));
        return;
      }
      list = selected.value;
      if (list.terminal && !selected.cascaded) return;
      // The rules judged this scalar and passed it (most nodes of a body under rules).
      if (typeof actual !== 'object' || actual === null || actual instanceof JsonNumber) return;
    }
  }
  const ek = kindOf(expected);
  const ak = kindOf(actual);
  if (ek === 'map' && ak === 'map') {
    compareMaps(expected as Record<string, Json>, actual as Record<string, Json>, cursor, here(parent, segment), list, out);
    return;
  }
  if (ek === 'list' && ak === 'list') {
    compareLists(expected as Json[], actual as Json[], cursor, here(parent, segment), list, out);
    return;
  }
  if (list) return; // the rules judged this value and passed it
  if (ek === 'map' || ek === 'list' || ak === 'map' || ak === 'list') {
    if (ek !== ak)
      out.push(
        mismatch('body', pathText(here(parent, segment)), expected, actual, `Type mismatch: Expected ${typeName(expected)} ${show(expected)} but received ${typeName(actual)} ${show(actual)}`),
      );
    return;
  }
  if (!sameScalar(expected, actual)) {
    out.push(
      mismatch('body', pathText(here(parent, segment)), expected, actual, `Expected ${show(actual)} (${typeName(actual)}) to be equal to ${show(expected)} (${typeName(expected)})`),
    );
  }
}

const here = (parent: PathNode | undefined, segment: Segment | undefined): PathNode | undefined => (segment === undefined ? parent : at(parent, segment));

function compareMaps(
  expected: Record<string, Json>,
  actual: Record<string, Json>,
  cursor: Cursor,
  path: PathNode | undefined,
  list: CompiledRuleList | undefined,
  out: Mismatch[],
): void {
  if (list?.keysIgnored) {
    // values/eachKey/eachValue: keys are free, each actual value is compared with an exemplar;
    // under eachKey alone (no values/eachValue) the reference compares no values at all.
    if (list.valuesFree) return;
    const keys = Object.keys(expected);
    if (keys.length === 0) return;
    const first = expected[keys[0] as string];
    for (const key of Object.keys(actual)) {
      walk(Object.hasOwn(expected, key) ? expected[key] : first, actual[key], cursor.child(key), path, key, out);
    }
    return;
  }
  let missing: string[] | undefined;
  for (const key in expected) {
    if (!Object.hasOwn(expected, key)) continue;
    if (!Object.hasOwn(actual, key)) {
      (missing ??= []).push(key);
      continue;
    }
    walk(expected[key], actual[key], cursor.child(key), path, key, out);
  }
  if (missing !== undefined) {
    out.push(mismatch('body', pathText(path), expected, actual, `Actual map is missing the following keys: ${missing.join(', ')}`));
  }
}

function compareLists(
  expected: Json[],
  actual: Json[],
  cursor: Cursor,
  path: PathNode | undefined,
  list: CompiledRuleList | undefined,
  out: Mismatch[],
): void {
  if (list?.arrayContains) {
    list.arrayContains.variants.forEach((variant) => {
      const example = expected[variant.index];
      if (example === undefined) {
        out.push(mismatch('body', pathText(path), expected, actual, `arrayContains variant ${variant.index} has no example in the expected list`));
        return;
      }
      const found = actual.some((item) => compareJsonValues(example, item, variant.rules).length === 0);
      if (!found)
        out.push(
          mismatch('body', pathText(path), example, actual, `Variant at index ${variant.index} (${show(example)}) was not found in the actual list`),
        );
    });
    return;
  }
  if (list?.typeLike) {
    if (expected.length === 0) return;
    const first = expected[0];
    for (let i = 0; i < actual.length; i++) {
      walk(i < expected.length ? expected[i] : first, actual[i], cursor.child(i), path, i, out);
    }
    return;
  }
  if (expected.length === 0 && actual.length > 0) {
    out.push(mismatch('body', pathText(path), expected, actual, `Expected an empty List but received ${show(actual)}`));
    return;
  }
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) walk(expected[i], actual[i], cursor.child(i), path, i, out);
  if (expected.length !== actual.length) {
    out.push(
      mismatch(
        'body',
        pathText(path),
        expected,
        actual,
        `Expected a List with ${plural(expected.length, 'element')} but received ${plural(actual.length, 'element')}`,
      ),
    );
  }
}

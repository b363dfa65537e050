/**
 * Name → list-of-values comparison shared by query strings and url-encoded forms: every expected
 * name present, values compared in order (or by a rule on the name, against each actual value).
 */
import type { MismatchKind, MultiMap } from '../../pact/model.js';
import { mismatch, plural, show, type Mismatch } from '../mismatch.js';
import { applyRuleList, type CompiledRuleList } from '../rules.js';

export interface MultiMapOptions {
  kind: MismatchKind;
  /** `query parameter`, `form post parameter`. */
  noun: string;
  /** Requests reject unexpected names; responses (Postel) accept them. */
  strict: boolean;
  ruleFor(name: string, index: number): CompiledRuleList | undefined;
  pathFor(name: string): string;
}

export function compareMultiMaps(expected: MultiMap, actual: MultiMap, o: MultiMapOptions): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [name, expectedValues] of Object.entries(expected)) {
    const actualValues = actual[name];
    const path = o.pathFor(name);
    if (actualValues === undefined) {
      out.push(mismatch(o.kind, path, expectedValues, undefined, `Expected ${o.noun} '${name}' but was missing`));
      continue;
    }
    const rule = o.ruleFor(name, 0);
    if (rule) {
      let judged = true;
      actualValues.forEach((value, i) => {
        const list = o.ruleFor(name, i) ?? rule;
        const problems = applyRuleList(list, expectedValues[i] ?? expectedValues[0], value, { cascaded: false, distance: 0, stringly: true });
        if (problems === null) judged = false;
        for (const message of problems ?? []) out.push(mismatch(o.kind, path, expectedValues, actualValues, `Expected ${o.noun} '${name}': ${message}`));
      });
      if (judged) {
        if (!rule.typeLike && actualValues.length < expectedValues.length)
          out.push(
            mismatch(o.kind, path, expectedValues, actualValues, `Expected ${o.noun} '${name}' with ${plural(expectedValues.length, 'value')} but received ${plural(actualValues.length, 'value')}`),
          );
        continue;
      }
    }
    if (expectedValues.length !== actualValues.length) {
      out.push(
        mismatch(o.kind, path, expectedValues, actualValues, `Expected ${o.noun} '${name}' with ${plural(expectedValues.length, 'value')} but received ${plural(actualValues.length, 'value')}`),
      );
    }
    const n = Math.min(expectedValues.length, actualValues.length);
    for (let i = 0; i < n; i++) {
      if (expectedValues[i] !== actualValues[i])
        out.push(
          mismatch(o.kind, path, expectedValues[i], actualValues[i], `Expected ${o.noun} '${name}' with value ${show(expectedValues[i])} but was ${show(actualValues[i])}`),
        );
    }
  }
  if (o.strict) {
    for (const name of Object.keys(actual)) {
      if (!Object.hasOwn(expected, name))
        out.push(mismatch(o.kind, o.pathFor(name), undefined, actual[name], `Unexpected ${o.noun} '${name}' received`));
    }
  }
  return out;
}

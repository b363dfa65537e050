/**
 * XML bodies. Paths: `$.root.child` for elements (an index after a name is optional in rules:
 * `$.root.item[*].@id` and `$.root.item.@id` both work), `@name` for attributes, `#text` for text.
 * Postel for responses: unexpected attributes and child elements are fine; a type matcher on an
 * element makes its children a list of the first expected child, so a child with another name is
 * then a mismatch. Names are namespace URI + local name, as in the spec's V3/V4 cases and the
 * reference: prefixes may differ, but an element in a namespace never matches one in none (either way).
 */
import { mismatch, show, type Mismatch } from '../mismatch.js';
import type { RuleCursor } from '../path.js';
import { applyRuleList, bodyCursor, type BodyRules, type CompiledRuleList } from '../rules.js';
import { pathText, type PathNode } from './json.js';
import { childElements, nameKey, parseXml, textOf, XmlParseError, type XmlElement } from './xml-parse.js';

type Cursor = RuleCursor<CompiledRuleList>;
const at = (parent: PathNode | undefined, segment: string | number): PathNode => ({ parent, segment });

export function matchXmlText(expectedText: string, actualText: string, rules: BodyRules): Mismatch[] {
  const out: Mismatch[] = [];
  let expected: XmlElement;
  let actual: XmlElement;
  try {
    expected = parseXml(expectedText);
  } catch (e) {
    out.push(mismatch('body', '$', expectedText, actualText, `Failed to parse the expected body: ${reason(e)}`));
    return out;
  }
  try {
    actual = parseXml(actualText);
  } catch (e) {
    out.push(mismatch('body', '$', expectedText, actualText, `Failed to parse the actual body: ${reason(e)}`));
    return out;
  }
  const path = at(undefined, segmentOf(expected));
  if (nameKey(expected) !== nameKey(actual)) {
    out.push(mismatch('body', pathText(path), expected.name, actual.name, `Expected element <${qualified(expected)}/> but received <${qualified(actual)}/>`));
    return out;
  }
  compareElement(expected, actual, bodyCursor(rules).child(segmentOf(expected)), path, out);
  return out;
}

/** A name for messages: as written, plus its namespace when it has one, so `<a/>` vs `<a/>` never reads as equal. */
function qualified(e: XmlElement): string {
  return e.ns ? `${e.name} xmlns${e.prefix ? `:${e.prefix}` : ''}="${e.ns}"` : e.name;
}

/**
 * A name as rule paths spell it: the local name, or `uri:local` in a namespace (as the reference:
 * `$['urn:x:order'].line` — a rule written with the document's prefix does not apply).
 */
function segmentOf(node: { ns: string | undefined; local: string; name: string }): string {
  return node.ns === undefined ? node.name : `${node.ns}:${node.local}`;
}

function reason(e: unknown): string {
  return e instanceof XmlParseError || e instanceof Error ? e.message : String(e);
}

function compareElement(expected: XmlElement, actual: XmlElement, cursor: Cursor, path: PathNode, out: Mismatch[]): void {
  compareAttributes(expected, actual, cursor, path, out);
  compareChildren(expected, actual, cursor, path, out);
  const expectedChildren = childElements(expected);
  const expectedText = textOf(expected);
  // Text is compared when the expected element has some, or is a leaf (then the actual must be empty too).
  if (expectedText !== '' || expectedChildren.length === 0) {
    compareScalar(expectedText, textOf(actual), cursor.child('#text'), at(path, '#text'), out);
  }
}

function compareAttributes(expected: XmlElement, actual: XmlElement, cursor: Cursor, path: PathNode, out: Mismatch[]): void {
  for (const attr of expected.attributes) {
    const key = nameKey(attr);
    const found = actual.attributes.find((a) => nameKey(a) === key);
    const segment = `@${segmentOf(attr)}`;
    if (!found) {
      out.push(mismatch('body', pathText(at(path, segment)), attr.value, undefined, `Expected attribute '${attr.name}'='${attr.value}' but was missing`));
      continue;
    }
    compareScalar(attr.value, found.value, cursor.child(segment), at(path, segment), out);
  }
}

function group(elements: XmlElement[]): Map<string, XmlElement[]> {
  const groups = new Map<string, XmlElement[]>();
  for (const el of elements) {
    const k = nameKey(el);
    const list = groups.get(k);
    if (list) list.push(el);
    else groups.set(k, [el]);
  }
  return groups;
}

function compareChildren(expected: XmlElement, actual: XmlElement, cursor: Cursor, path: PathNode, out: Mismatch[]): void {
  const actualChildren = childElements(actual);
  const expectedChildren = childElements(expected);
  const actualGroups = group(actualChildren);
  const own = cursor.best();
  const template = expectedChildren[0];
  if (own && !own.cascaded && own.value.typeLike && template) {
    const keys = new Set(expectedChildren.map(nameKey));
    for (const el of actualChildren) {
      if (!keys.has(nameKey(el))) {
        out.push(mismatch('body', pathText(path), template.name, el.name, `Unexpected child <${el.name}/>: the type matcher on this element expects children like <${template.name}/>`));
      }
    }
  }
  for (const [key, expectedList] of group(expectedChildren)) {
    const first = expectedList[0] as XmlElement;
    const actualList = actualGroups.get(key) ?? [];
    const childCursor = cursor.child(segmentOf(first));
    const childPath = at(path, segmentOf(first));
    const selected = childCursor.best();
    if (selected?.value.typeLike) {
      // eachLike over same-named siblings: size bounds on the group, each one against the first example.
      const problems = applyRuleList(
        selected.value,
        expectedList.map((e) => `<${e.name}/>`),
        actualList.map((e) => `<${e.name}/>`),
        { cascaded: selected.cascaded, distance: selected.distance, stringly: false },
      );
      for (const message of problems ?? []) out.push(mismatch('body', pathText(childPath), expectedList.length, actualList.length, message));
      actualList.forEach((el, i) => {
        compareElement(expectedList[i] ?? first, el, childCursor.optionalIndex(i), at(childPath, i), out);
      });
      continue;
    }
    expectedList.forEach((el, i) => {
      const other = actualList[i];
      if (!other) {
        out.push(mismatch('body', pathText(path), el.name, undefined, `Expected child <${el.name}/> but was missing`));
        return;
      }
      compareElement(el, other, childCursor.optionalIndex(i), expectedList.length > 1 ? at(childPath, i) : childPath, out);
    });
  }
}

function compareScalar(expected: string, actual: string, cursor: Cursor, path: PathNode, out: Mismatch[]): void {
  const selected = cursor.best();
  if (selected) {
    const problems = applyRuleList(selected.value, expected, actual, {
      cascaded: selected.cascaded,
      distance: selected.distance,
      stringly: true,
    });
    if (problems !== null) {
      for (const message of problems) out.push(mismatch('body', pathText(path), expected, actual, message));
      return;
    }
  }
  if (expected !== actual) out.push(mismatch('body', pathText(path), expected, actual, `Expected ${show(actual)} to be equal to ${show(expected)}`));
}

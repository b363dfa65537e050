import { describe, expect, it } from 'vitest';
import { childElements, parseXml, textOf } from '../../../src/matching/body/xml-parse.js';

describe('parseXml', () => {
  it('reads elements, attributes, namespaces, text, CDATA and entities', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE r [<!ELEMENT r ANY>]>\n<!-- c -->' +
        '<r xmlns="urn:d" xmlns:p="urn:p" p:id="1" a=\'x &amp; y\'><p:c>&lt;&#65;&#x42;&gt;</p:c><d><![CDATA[<raw>]]></d></r>',
    );
    expect(root).toMatchObject({ name: 'r', local: 'r', ns: 'urn:d' });
    expect(root.attributes).toEqual([
      { name: 'p:id', local: 'id', ns: 'urn:p', value: '1' },
      { name: 'a', local: 'a', ns: undefined, value: 'x & y' },
    ]);
    const [c, d] = childElements(root);
    expect(c).toMatchObject({ name: 'p:c', local: 'c', prefix: 'p', ns: 'urn:p' });
    expect(textOf(c!)).toBe('<AB>');
    expect(d).toMatchObject({ ns: 'urn:d' });
    expect(textOf(d!)).toBe('<raw>');
  });

  it.each([
    ['<a><b></a>', 'expected </b> but found </a> at line 1 column 10'],
    ['<a x=1/>', 'attribute value must be quoted'],
    ['<a x="1" x="2"/>', "duplicate attribute 'x'"],
    ['<a>&nbsp;</a>', "unknown entity '&nbsp;'"],
    ['<a>x & y</a>', "'&' must start an entity reference"],
    ['<p:a/>', "undeclared namespace prefix 'p'"],
    ['<a/><b/>', 'unexpected content after the root element'],
    ['just text', 'expected a root element'],
    ['<a>\n<b>', 'element <b> is not closed at line 2 column 1'],
  ])('rejects %j', (text, message) => {
    expect(() => parseXml(text)).toThrow(message);
  });
});

/**
 * A small, strict XML parser: declaration, comments, processing instructions, DOCTYPE (skipped),
 * elements, attributes, namespaces (prefix → URI, default namespace), text, CDATA and entities.
 * Enough for comparing bodies; no DTD processing and no external entities, on purpose.
 */

export interface XmlAttribute {
  /** As written: `xml:lang`, `p:id`, `id`. */
  name: string;
  local: string;
  ns: string | undefined;
  value: string;
}

export interface XmlElement {
  type: 'element';
  name: string;
  local: string;
  prefix: string | undefined;
  ns: string | undefined;
  attributes: XmlAttribute[];
  children: XmlNode[];
}

export interface XmlText {
  type: 'text';
  text: string;
}

export type XmlNode = XmlElement | XmlText;

export class XmlParseError extends Error {}

/** Parsing and comparing recurse per level: a bound keeps a hostile document from overflowing the stack. */
export const MAX_XML_DEPTH = 1000;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const NAME = /[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(text: string): XmlElement {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let i = 0;

  const fail = (message: string, pos = i): never => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < pos && k < src.length; k++) {
      if (src[k] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
    throw new XmlParseError(`${message} at line ${line} column ${col}`);
  };
  const ws = (): void => {
    while (i < src.length && /\s/.test(src[i] as string)) i++;
  };
  const expect = (s: string): void => {
    if (!src.startsWith(s, i)) fail(`expected '${s}'`);
    i += s.length;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipUntil = (end: string, what: string): string => {
    const close = src.indexOf(end, i);
    if (close < 0) fail(`unterminated ${what}`);
    const body = src.slice(i, close);
    i = close + end.length;
    return body;
  };
  const decode = (raw: string, start: number): string =>
    raw.replace(/&([^;&\s]*);?/g, (whole, ref: string, offset: number) => {
      if (!whole.endsWith(';')) fail("'&' must start an entity reference like &amp;", start + offset);
      if (ref.startsWith('#x') || ref.startsWith('#X')) {
        const code = parseInt(ref.slice(2), 16);
        if (Number.isNaN(code)) fail(`bad character reference '&${ref};'`, start + offset);
        return String.fromCodePoint(code);
      }
      if (ref.startsWith('#')) {
        const code = parseInt(ref.slice(1), 10);
        if (Number.isNaN(code)) fail(`bad character reference '&${ref};'`, start + offset);
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[ref];
      if (value === undefined) return fail(`unknown entity '&${ref};'`, start + offset);
      return value;
    });

  /** Comments, PIs and whitespace between markup outside the root. */
  const misc = (allowDoctype: boolean): void => {
    for (;;) {
      ws();
      if (src.startsWith('<!--', i)) {
        i += 4;
        skipUntil('-->', 'comment');
      } else if (src.startsWith('<?', i)) {
        i += 2;
        skipUntil('?>', 'processing instruction');
      } else if (allowDoctype && src.startsWith('<!DOCTYPE', i)) {
        // Skip, including an internal subset in brackets.
        let depth = 0;
        while (i < src.length) {
          const c = src[i++];
          if (c === '[') depth++;
          else if (c === ']') depth--;
          else if (c === '>' && depth === 0) break;
        }
      } else return;
    }
  };

  let depth = 0;
  const element = (scope: Map<string, string>): XmlElement => {
    const start = i;
    if (++depth > MAX_XML_DEPTH) fail(`elements nested deeper than ${MAX_XML_DEPTH} levels`);
    expect('<');
    const qname = name();
    const rawAttrs: Array<{ name: string; value: string }> = [];
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i) || src[i] === '>') break;
      if (i === before) fail('expected whitespace before an attribute');
      const attr = name();
      ws();
      expect('=');
      ws();
      const quote = src[i];
      if (quote !== '"' && quote !== "'") fail('attribute value must be quoted');
      i++;
      const valueStart = i;
      const close = src.indexOf(quote as string, i);
      if (close < 0) fail('unterminated attribute value');
      const raw = src.slice(i, close);
      if (raw.includes('<')) fail("'<' is not allowed in an attribute value", valueStart + raw.indexOf('<'));
      i = close + 1;
      if (rawAttrs.some((a) => a.name === attr)) fail(`duplicate attribute '${attr}'`, before);
      rawAttrs.push({ name: attr, value: decode(raw, valueStart).replace(/[\t\n\r]/g, ' ') });
    }
    // Namespace declarations on this element apply to it and its attributes.
    let local = scope;
    for (const a of rawAttrs) {
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        if (local === scope) local = new Map(scope);
        local.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
      }
    }
    const [prefix, localName] = split(qname);
    const ns = prefix === undefined ? local.get('') || undefined : prefix === 'xml' ? XML_NS : local.get(prefix);
    if (prefix !== undefined && ns === undefined && prefix !== 'xml') fail(`undeclared namespace prefix '${prefix}'`, start);
    const attributes: XmlAttribute[] = rawAttrs
      .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
      .map((a) => {
        const [p, l] = split(a.name);
        return { name: a.name, local: l, ns: p === undefined ? undefined : p === 'xml' ? XML_NS : local.get(p), value: a.value };
      });
    const el: XmlElement = { type: 'element', name: qname, local: localName, prefix, ns, attributes, children: [] };
    if (src.startsWith('/>', i)) {
      i += 2;
      depth--;
      return el;
    }
    i++; // '>'
    for (;;) {
      if (i >= src.length) fail(`element <${qname}> is not closed`, start);
      if (src.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== qname) fail(`expected </${qname}> but found </${closing}>`);
        ws();
        expect('>');
        depth--;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        i += 4;
        skipUntil('-->', 'comment');
      } else if (src.startsWith('<![CDATA[', i)) {
        i += 9;
        el.children.push({ type: 'text', text: skipUntil(']]>', 'CDATA section') });
      } else if (src.startsWith('<?', i)) {
        i += 2;
        skipUntil('?>', 'processing instruction');
      } else if (src[i] === '<') {
        el.children.push(element(local));
      } else {
        const textStart = i;
        const next = src.indexOf('<', i);
        i = next < 0 ? src.length : next;
        // One text node per run between entity references, and one per reference: textOf trims
        // each, so `x &amp; y` reads `x&y` — as the reference reads it.
        const raw = src.slice(textStart, i);
        let last = 0;
        for (const m of raw.matchAll(/&[^;&\s]*;/g)) {
          if (m.index > last) el.children.push({ type: 'text', text: decode(raw.slice(last, m.index), textStart + last) });
          el.children.push({ type: 'text', text: decode(m[0], textStart + m.index) });
          last = m.index + m[0].length;
        }
        if (last < raw.length) el.children.push({ type: 'text', text: decode(raw.slice(last), textStart + last) });
      }
    }
  };

  if (src.startsWith('<?xml', i)) {
    i += 5;
    skipUntil('?>', 'XML declaration');
  }
  misc(true);
  if (src[i] !== '<') fail('expected a root element');
  const root = element(new Map());
  misc(false);
  if (i < src.length) fail('unexpected content after the root element');
  return root;
}

function split(qname: string): [string | undefined, string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? [undefined, qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/** Trimmed text of an element's direct text and CDATA children, concatenated. */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (c.type === 'text') out += c.text.trim();
  return out;
}

export function childElements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => c.type === 'element');
}

/** Identity of an element or attribute name: namespace URI + local name (prefixes may differ). */
export function nameKey(node: { ns: string | undefined; local: string; name: string }): string {
  return node.ns === undefined ? node.name : `{${node.ns}}${node.local}`;
}

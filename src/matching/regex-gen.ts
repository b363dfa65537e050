/**
 * Generates a string matching a simple regex (for the Regex generator): literals, escapes
 * (\d \w \s and their negations), classes with ranges and negation, `.`, groups (capturing and
 * `(?:`), alternation, and the quantifiers * + ? {n} {n,} {n,m}. Unbounded repeats stop at 5 extra.
 * Anchors and lookarounds are ignored. Unsupported syntax yields undefined rather than a wrong value.
 * Bounded so a pact cannot make it hang or exhaust memory: groups nest at most 100 deep, a repeat
 * counts at most 1,000 and a generated value is at most 10,000 characters (else undefined).
 */

type Node =
  | { kind: 'chars'; set: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }
  | { kind: 'empty' };

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const WORD = `${LOWER}${UPPER}${DIGITS}_`;
const SPACE = ' ';
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
const EXTRA_REPEAT = 5;
const MAX_GROUP_DEPTH = 100;
const MAX_REPEAT = 1000;
const MAX_LENGTH = 10_000;

class Unsupported extends Error {}

export function generateFromRegex(source: string, random: () => number): string | undefined {
  let i = 0;
  const src = source.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
  const peek = (): string | undefined => src[i];

  const escapeSet = (c: string): string => {
    switch (c) {
      case 'd':
        return DIGITS;
      case 'w':
        return WORD;
      case 's':
        return SPACE;
      case 'D':
        return without(PRINTABLE, DIGITS);
      case 'W':
        return without(PRINTABLE, WORD);
      case 'S':
        return without(PRINTABLE, SPACE);
      case 'n':
        return '\n';
      case 't':
        return '\t';
      default:
        if (/[A-Za-z0-9]/.test(c)) throw new Unsupported(`\\${c}`);
        return c;
    }
  };

  const parseClass = (): Node => {
    i++; // [
    let negate = false;
    if (peek() === '^') {
      negate = true;
      i++;
    }
    let set = '';
    let first = true;
    while (i < src.length && (peek() !== ']' || first)) {
      first = false;
      let c = src[i++] as string;
      let chars: string;
      if (c === '\\') {
        chars = escapeSet(src[i++] ?? '');
        c = chars.length === 1 ? chars : '';
      } else chars = c;
      if (c && peek() === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        i++;
        let end = src[i++] as string;
        if (end === '\\') end = src[i++] ?? '';
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) set += String.fromCharCode(code);
      } else set += chars;
    }
    if (peek() !== ']') throw new Unsupported('unterminated class');
    i++;
    return { kind: 'chars', set: negate ? without(PRINTABLE, set) : set };
  };

  let depth = 0;
  const parseAtom = (): Node => {
    const c = peek() as string;
    if (c === '(') {
      if (++depth > MAX_GROUP_DEPTH) throw new Unsupported('groups nested too deep');
      i++;
      if (src.startsWith('?:', i)) i += 2;
      else if (src.startsWith('?<', i) && src[i + 2] !== '=' && src[i + 2] !== '!') {
        i = src.indexOf('>', i) + 1;
      } else if (peek() === '?') throw new Unsupported('lookaround');
      const inner = parseAlt();
      if (peek() !== ')') throw new Unsupported('unbalanced group');
      i++;
      depth--;
      return inner;
    }
    if (c === '[') return parseClass();
    if (c === '.') {
      i++;
      return { kind: 'chars', set: WORD };
    }
    if (c === '\\') {
      i++;
      const e = src[i++] ?? '';
      if (e === 'b' || e === 'B') return { kind: 'empty' };
      return { kind: 'chars', set: escapeSet(e) };
    }
    if (c === '^' || c === '$') {
      i++;
      return { kind: 'empty' };
    }
    i++;
    return { kind: 'chars', set: c };
  };

  const parseQuantified = (): Node => {
    let node = parseAtom();
    for (;;) {
      const c = peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, EXTRA_REPEAT];
      else if (c === '+') [min, max] = [1, 1 + EXTRA_REPEAT];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
        if (!m) return node;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? min + EXTRA_REPEAT : Number(m[3]);
        if (min > MAX_REPEAT || max < min) throw new Unsupported('repeat count');
        max = Math.min(max, MAX_REPEAT);
        i += m[0].length - 1;
      } else return node;
      i++;
      if (peek() === '?' || peek() === '+') i++; // lazy/possessive: same strings
      node = { kind: 'repeat', node, min, max };
    }
  };

  const parseSeq = (): Node => {
    const items: Node[] = [];
    while (i < src.length && peek() !== '|' && peek() !== ')') items.push(parseQuantified());
    return { kind: 'seq', items };
  };

  const parseAlt = (): Node => {
    const options = [parseSeq()];
    while (peek() === '|') {
      i++;
      options.push(parseSeq());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options };
  };

  const pick = (n: number): number => Math.min(n - 1, Math.floor(random() * n));
  let length = 0;
  const emit = (node: Node): string => {
    if (length > MAX_LENGTH) throw new Unsupported('value too long');
    switch (node.kind) {
      case 'chars':
        length++;
        return node.set.length === 0 ? '' : (node.set[pick(node.set.length)] as string);
      case 'seq':
        return node.items.map(emit).join('');
      case 'alt':
        return emit(node.options[pick(node.options.length)] as Node);
      case 'repeat': {
        const count = node.min + pick(node.max - node.min + 1);
        let out = '';
        for (let k = 0; k < count; k++) out += emit(node.node);
        return out;
      }
      case 'empty':
        return '';
    }
  };

  try {
    const tree = parseAlt();
    if (i !== src.length) return undefined;
    return emit(tree);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function without(all: string, remove: string): string {
  let out = '';
  for (const c of all) if (!remove.includes(c)) out += c;
  return out;
}

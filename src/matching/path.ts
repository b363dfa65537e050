/**
 * Rule path expressions (`$.items[*].name`, `$['a b']`, `$.*`) compiled once into tokens, and a
 * cursor that walks a document carrying only the rules still able to match (so picking the best
 * rule for a node costs O(live rules), never a re-parse or a scan of every rule key).
 *
 * Weights follow pact-reference: `$` 2, an exact field or index 2, `*`/`[*]` 1, a miss 0; a rule
 * applies to its own path and (cascading) everything under it; the best rule maximises
 * weight × token count.
 */

export type PathToken =
  | { kind: 'root' }
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'star' } // `.*`: any field or index
  | { kind: 'starIndex' }; // `[*]`: any index

/** A node's position: field names and array indexes below the root. */
export type Segment = string | number;

export function parsePath(text: string): { tokens: PathToken[] } | { error: string } {
  const src = text.trim();
  const tokens: PathToken[] = [{ kind: 'root' }];
  let i = 0;
  if (src.startsWith('$')) i = 1;
  else if (src !== '') {
    // Lenient: a bare `a.b` is read as `$.a.b` (some writers drop the root).
    return parseRest(`.${src}`, 0, tokens);
  }
  return parseRest(src, i, tokens);
}

function parseRest(src: string, start: number, tokens: PathToken[]): { tokens: PathToken[] } | { error: string } {
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      i++;
      if (src[i] === '*') {
        tokens.push({ kind: 'star' });
        i++;
        continue;
      }
      let j = i;
      while (j < src.length && src[j] !== '.' && src[j] !== '[') j++;
      const name = src.slice(i, j);
      if (name === '') return { error: `empty field name at position ${i} in '${src}'` };
      tokens.push({ kind: 'field', name });
      i = j;
      continue;
    }
    if (c === '[') {
      const close = findClose(src, i);
      if (close < 0) return { error: `unterminated '[' at position ${i} in '${src}'` };
      const inner = src.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') tokens.push({ kind: 'starIndex' });
      else if (/^\d+$/.test(inner)) tokens.push({ kind: 'index', index: Number(inner) });
      else if (/^'.*'$|^".*"$/s.test(inner)) tokens.push({ kind: 'field', name: inner.slice(1, -1).replace(/\\(['"\\])/g, '$1') });
      else return { error: `invalid index '[${inner}]' in '${src}'` };
      continue;
    }
    return { error: `unexpected '${c}' at position ${i} in '${src}'` };
  }
  return { tokens };
}

function findClose(src: string, open: number): number {
  const quote = src[open + 1];
  if (quote === "'" || quote === '"') {
    for (let k = open + 2; k < src.length; k++) {
      if (src[k] === '\\') k++;
      else if (src[k] === quote) return src[k + 1] === ']' ? k + 1 : -1;
    }
    return -1;
  }
  return src.indexOf(']', open);
}

export function tokenWeight(token: PathToken, segment: Segment): number {
  switch (token.kind) {
    case 'root':
      return 0; // only ever the first token, consumed when the cursor starts
    case 'field':
      return token.name === String(segment) ? 2 : 0;
    case 'index':
      return segment === token.index ? 2 : 0;
    case 'star':
      return 1;
    case 'starIndex':
      return typeof segment === 'number' ? 1 : 0;
  }
}

/** `$.a['b c'][0]` from segments, for mismatch paths. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '$';
  for (const s of segments) out += formatSegment(s);
  return out;
}

export function formatSegment(s: Segment): string {
  if (typeof s === 'number') return `[${s}]`;
  return /^[A-Za-z_@#][\w@#:-]*$/.test(s) ? `.${s}` : `['${s.replace(/'/g, "\\'")}']`;
}

export interface PathRule<T> {
  text: string;
  tokens: readonly PathToken[];
  value: T;
}

interface Live<T> {
  rule: PathRule<T>;
  /** Tokens consumed so far (the root counts). */
  consumed: number;
  weight: number;
  /** Depth of the node where the rule's last token matched (undefined while incomplete). */
  at: number | undefined;
}

export interface Selected<T> {
  value: T;
  path: string;
  /** The rule is a parent's, inherited by this node. */
  cascaded: boolean;
  /** Levels between the node the rule was written for and this one. */
  distance: number;
  /** `cascaded` and `distance` as the matchers take them, for JSON values (kept with the selection). */
  json: { readonly cascaded: boolean; readonly distance: number; readonly stringly: false };
}

const NONE: never[] = [];
const MAX_FIELD_CHILDREN = 64;

/**
 * A cursor is immutable, so what it computes is kept: its children by field name (every element
 * of a list shares one child for each of its fields) and its best rule. A large body then walks
 * the same few cursors instead of allocating one per node.
 */
export class RuleCursor<T> {
  private indexChild: RuleCursor<T> | undefined;
  private fieldChildren: Map<string, RuleCursor<T>> | undefined;
  /** Whether some live rule names a specific index next (then indexes do not share a child). */
  private indexNamed: boolean | undefined;
  private selected: Selected<T> | undefined | null = null;

  private constructor(
    private readonly live: readonly Live<T>[],
    /** Segments from the root to this node, the root included. */
    readonly depth: number,
  ) {}

  static start<T>(rules: readonly PathRule<T>[]): RuleCursor<T> {
    const live = rules.map((rule) => ({ rule, consumed: 1, weight: 2, at: rule.tokens.length === 1 ? 1 : undefined }));
    return new RuleCursor(live.length === 0 ? NONE : live, 1);
  }

  get empty(): boolean {
    return this.live.length === 0;
  }

  child(segment: Segment): RuleCursor<T> {
    if (this.live.length === 0) return this;
    if (typeof segment === 'number') {
      this.indexNamed ??= this.live.some((l) => l.rule.tokens[l.consumed]?.kind === 'index');
      if (this.indexNamed) return this.advance(segment);
      return (this.indexChild ??= this.advance(segment));
    }
    this.fieldChildren ??= new Map();
    let known = this.fieldChildren.get(segment);
    if (!known) {
      known = this.advance(segment);
      // Bounded: maps keyed by data (ids, eachKey) would otherwise keep a cursor per key.
      if (this.fieldChildren.size < MAX_FIELD_CHILDREN) this.fieldChildren.set(segment, known);
    }
    return known;
  }

  private advance(segment: Segment): RuleCursor<T> {
    const next: Live<T>[] = [];
    for (const l of this.live) {
      const token = l.rule.tokens[l.consumed];
      if (token === undefined) next.push(l);
      else {
        const w = tokenWeight(token, segment);
        if (w > 0) next.push(advance(l, w, this.depth + 1));
      }
    }
    return new RuleCursor(next.length === 0 ? NONE : next, this.depth + 1);
  }

  /**
   * For XML: a child element's position among same-named siblings is an index segment that rules
   * may or may not mention (`$.a.b[*].c` and `$.a.b.c` both occur). Rules naming an index consume it;
   * the others stay where they are.
   */
  optionalIndex(index: number): RuleCursor<T> {
    if (this.live.length === 0) return this;
    const next: Live<T>[] = [];
    for (const l of this.live) {
      const token = l.rule.tokens[l.consumed];
      if (token && (token.kind === 'index' || token.kind === 'starIndex')) {
        const w = tokenWeight(token, index);
        if (w > 0) next.push(advance(l, w, this.depth));
      } else next.push(l);
    }
    return new RuleCursor(next, this.depth);
  }

  best(): Selected<T> | undefined {
    if (this.selected === null) this.selected = this.select();
    return this.selected;
  }

  private select(): Selected<T> | undefined {
    let found: Live<T> | undefined;
    let score = 0;
    for (const l of this.live) {
      if (l.consumed !== l.rule.tokens.length) continue;
      const s = l.weight * l.rule.tokens.length;
      if (s > score || (s === score && found && l.rule.tokens.length > found.rule.tokens.length)) {
        found = l;
        score = s;
      }
    }
    if (!found) return undefined;
    const at = found.at ?? this.depth;
    const cascaded = at !== this.depth;
    const distance = this.depth - at;
    return { value: found.rule.value, path: found.rule.text, cascaded, distance, json: { cascaded, distance, stringly: false } };
  }
}

function advance<T>(l: Live<T>, w: number, depth: number): Live<T> {
  const consumed = l.consumed + 1;
  return { rule: l.rule, consumed, weight: l.weight * w, at: consumed === l.rule.tokens.length ? depth : undefined };
}

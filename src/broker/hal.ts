/** HAL resources: links by relation, templated expansion, feature detection with `can`. */
import { MissingRelationError } from './errors.js';

export interface HalLink {
  href: string;
  name?: string;
  title?: string;
  templated?: boolean;
}

type Json = Record<string, unknown>;

/** `{name}` → URL-encoded value (space → %20, `/` → %2F). Unknown names are left for the broker to reject. */
export function expandTemplate(href: string, params: Record<string, string | number | boolean>): string {
  return href.replace(/\{([^}]+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? encodeURIComponent(String(params[name])) : whole,
  );
}

export class HalResource<T = Json> {
  constructor(
    readonly url: string,
    readonly data: T & { _links?: Record<string, HalLink | HalLink[]>; _embedded?: Record<string, unknown> },
  ) {}

  get relations(): string[] {
    return Object.keys(this.data._links ?? {});
  }

  /** Every link object of a relation (a relation may be one link or an array of named links). */
  links(rel: string): HalLink[] {
    const value = this.data._links?.[rel];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).filter((l): l is HalLink => !!l && typeof l.href === 'string');
  }

  can(rel: string): boolean {
    return this.links(rel).length > 0;
  }

  /** The link for `rel` (picked by `name` when given); throws MissingRelationError listing what exists. */
  link(rel: string, name?: string): HalLink {
    const links = this.links(rel);
    const found = name === undefined ? links[0] : links.find((l) => l.name === name);
    if (!found) {
      if (name !== undefined && links.length > 0) {
        const err = new MissingRelationError(`${rel} named '${name}'`, this.url, links.map((l) => l.name ?? l.href));
        throw err;
      }
      throw new MissingRelationError(rel, this.url, this.relations);
    }
    return found;
  }

  href(rel: string, params: Record<string, string | number | boolean> = {}, name?: string): string {
    return expandTemplate(this.link(rel, name).href, params);
  }

  embedded<E = Json>(key: string): E[] {
    const value = this.data._embedded?.[key];
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]) as E[];
  }
}

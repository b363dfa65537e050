/**
 * The opaque `/metadata/<…>` path segment of pact URLs returned by for-verification: base64url JSON
 * telling the broker which consumer versions (and why) a verification result applies to.
 */
import { Buffer } from 'node:buffer';

export interface PactMetadata {
  /** Consumer version numbers. */
  cv: string[];
  /** Short selector descriptions, informational. */
  s?: string[];
  /** Set on WIP pacts. */
  w?: true;
}

export function encodeMetadata(m: PactMetadata): string {
  return Buffer.from(JSON.stringify(m), 'utf8').toString('base64url');
}

export function decodeMetadata(text: string): PactMetadata | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const cv = (value as Record<string, unknown>)['cv'];
    if (!Array.isArray(cv) || !cv.every((x): x is string => typeof x === 'string')) return undefined;
    return { cv };
  } catch {
    return undefined;
  }
}

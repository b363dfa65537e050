/**
 * fixtures/conformance/known-differences.json: the only way to accept a disagreement with the
 * reference. Each entry names the generator tags it covers, the direction it allows, the reason
 * and the evidence. Where pactship would pass what the reference fails, the reason must be an
 * HTTP standard the reference contradicts, cited by section (`standard`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { direction, type Outcome } from './harness.js';

export interface KnownDifference {
  id: string;
  /** A case carrying any of these tags is covered. */
  tags: string[];
  direction: 'pactship-greener' | 'pactship-stricter' | 'different-parts';
  reason: string;
  evidence: string;
  standard?: string;
}

export function loadKnownDifferences(file: string): KnownDifference[] {
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, 'utf8')) as { differences?: unknown };
  if (!Array.isArray(data.differences)) throw new Error(`${file}: "differences" must be a list`);
  const problems: string[] = [];
  const list = data.differences as KnownDifference[];
  list.forEach((d, i) => {
    const where = `${file}: differences[${i}]${typeof d.id === 'string' ? ` (${d.id})` : ''}`;
    if (typeof d.id !== 'string' || !d.id) problems.push(`${where}: "id" is required`);
    if (!Array.isArray(d.tags) || d.tags.length === 0) problems.push(`${where}: "tags" must name the generator tags it covers`);
    if (!['pactship-greener', 'pactship-stricter', 'different-parts'].includes(d.direction)) problems.push(`${where}: "direction" must be pactship-greener, pactship-stricter or different-parts`);
    if (typeof d.reason !== 'string' || d.reason.length < 20) problems.push(`${where}: "reason" must say why`);
    if (typeof d.evidence !== 'string' || d.evidence.length < 20) problems.push(`${where}: "evidence" must say how it was shown`);
    if (d.direction === 'pactship-greener' && (typeof d.standard !== 'string' || !/§|section/i.test(d.standard)))
      problems.push(`${where}: passing what the reference fails needs "standard": the HTTP standard it breaks, by section`);
  });
  if (problems.length) throw new Error(problems.join('\n'));
  return list;
}

export function findKnown(known: readonly KnownDifference[], o: Outcome): KnownDifference | undefined {
  const dir = direction(o);
  const tags = o.case.tags ?? [];
  return known.find((k) => k.direction === dir && k.tags.some((t) => tags.includes(t)));
}

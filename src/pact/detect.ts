import { InvalidPactError } from '../errors.js';
import type { SpecVersion } from './model.js';
import { describeJson, isObject } from './describe.js';

export const KNOWN_VERSIONS: readonly SpecVersion[] = ['1.0.0', '1.1.0', '2.0.0', '3.0.0', '4.0.0'];

export interface DetectedVersion {
  version: SpecVersion;
  assumed: boolean;
}

/** The three places writers have put the version, in the order pact-reference looks. */
function findDeclared(json: unknown): { field: string; value: unknown } | undefined {
  if (!isObject(json) || !isObject(json.metadata)) return undefined;
  const meta = json.metadata;
  if (isObject(meta.pactSpecification) && meta.pactSpecification.version !== undefined)
    return { field: 'metadata.pactSpecification.version', value: meta.pactSpecification.version };
  const dashed = meta['pact-specification'];
  if (isObject(dashed) && dashed.version !== undefined)
    return { field: "metadata['pact-specification'].version", value: dashed.version };
  if (meta.pactSpecificationVersion !== undefined)
    return { field: 'metadata.pactSpecificationVersion', value: meta.pactSpecificationVersion };
  return undefined;
}

/** "2", "2.0", "v3.0.0", 3 → the known version with that major (1.1 kept apart from 1.0). */
function normalize(value: unknown): SpecVersion | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/i.exec(String(value).trim());
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2] ?? 0);
  if (major === 1) return minor === 1 ? '1.1.0' : minor === 0 ? '1.0.0' : undefined;
  if (major === 2) return '2.0.0';
  if (major === 3) return '3.0.0';
  if (major === 4) return '4.0.0';
  return undefined;
}

/** Like detectSpecVersion, but returns the problem instead of throwing (the parser collects it). */
export function detectWithProblem(json: unknown): DetectedVersion & { problem?: string } {
  const declared = findDeclared(json);
  if (!declared) return { version: '3.0.0', assumed: true };
  const version = normalize(declared.value);
  if (version) return { version, assumed: false };
  const shown = typeof declared.value === 'string' ? `'${declared.value}'` : describeJson(declared.value);
  return {
    version: '3.0.0',
    assumed: true,
    problem: `${declared.field}: unknown spec version ${shown} (known: ${KNOWN_VERSIONS.join(', ')})`,
  };
}

/**
 * The spec version a pact declares. Absent → 3.0.0, `assumed: true` (what pact-reference does).
 * An unknown version throws InvalidPactError; `source` names the pact in that error.
 */
export function detectSpecVersion(json: unknown, source = 'pact'): DetectedVersion {
  const { problem, ...detected } = detectWithProblem(json);
  if (problem) throw new InvalidPactError(source, [problem]);
  return detected;
}

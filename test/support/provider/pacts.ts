/** Pact JSON builders for verify tests (written to temp dirs; tests never read ../shared). */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface InteractionSpec {
  description: string;
  providerStates?: { name: string; params?: Record<string, unknown> }[];
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  [key: string]: unknown;
}

export function pactV3(consumer: string, provider: string, interactions: InteractionSpec[]): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: '3.0.0' } },
  };
}

export function pactV4(consumer: string, provider: string, interactions: Record<string, unknown>[]): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions,
    metadata: { pactSpecification: { version: '4.0' } },
  };
}

/** `GET /items/{id}` answered with `{id, name}`. */
export function getItem(id: number, name = `item ${id}`, extra: Partial<InteractionSpec> = {}): InteractionSpec {
  return {
    description: `get item ${id}`,
    request: { method: 'GET', path: `/items/${id}` },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id, name } },
    ...extra,
  };
}

export function writePact(dir: string, pact: Record<string, unknown>, name?: string): string {
  mkdirSync(dir, { recursive: true });
  const c = (pact.consumer as { name: string }).name;
  const p = (pact.provider as { name: string }).name;
  const file = path.join(dir, name ?? `${c}-${p}.json`.replace(/[^A-Za-z0-9.-]+/g, '-'));
  writeFileSync(file, JSON.stringify(pact, null, 2));
  return file;
}

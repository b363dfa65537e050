/**
 * `pactship pacts` as core: what the broker selects for a provider and why, each pact's consumer
 * version branch and kinds of interactions, and optionally the pacts saved to a directory for
 * offline `verify --pact <dir>`. Returns rows; the command renders them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrokerClient } from '../broker/client.js';
import { detectVersionProperties, systemGit, type Git } from '../ci/detect.js';
import type { ResolvedConfig } from '../config/types.js';
import { JsonNumber } from '../pact/json-number.js';
import type { Interaction } from '../pact/model.js';
import { pactFileNames } from './file-names.js';
import { forVerificationRequest } from './selection.js';
import { beforeNotices, fetchSelected, forVerificationBody, selectPacts, type LoadedPact } from './sources.js';

export interface InteractionCounts {
  http: number;
  asyncMessages: number;
  syncMessages: number;
}

export interface PactRow {
  consumer: string;
  provider: string;
  consumerVersion: string | null;
  branch: string | null;
  pending: boolean;
  wip: boolean;
  why: string | null;
  notices: string[];
  url: string;
  interactions: number;
  kinds: InteractionCounts;
  /** Where `--out` wrote it. */
  file?: string;
}

export interface PactListing {
  provider: string;
  /** The for-verification request body as sent. */
  request: Record<string, unknown>;
  consumerVersionSelectors: Record<string, unknown>[];
  pacts: PactRow[];
}

export interface ListPactsInput {
  resolved: ResolvedConfig;
  broker: BrokerClient;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Directory to save the pacts in. */
  out?: string;
  debug?: (message: string) => void;
  git?: Git;
}

function countKinds(interactions: Interaction[]): InteractionCounts {
  return {
    http: interactions.filter((i) => i.type === 'Synchronous/HTTP').length,
    asyncMessages: interactions.filter((i) => i.type === 'Asynchronous/Messages').length,
    syncMessages: interactions.filter((i) => i.type === 'Synchronous/Messages').length,
  };
}

export async function listPacts(input: ListPactsInput): Promise<PactListing> {
  const v = input.resolved.config.verify;
  const branch = v.providerVersionBranch ?? (await detectVersionProperties({ env: input.env, git: input.git ?? systemGit(input.cwd) })).branch?.value;
  const notes: string[] = [];
  const request = forVerificationRequest(input.resolved, branch, notes);
  for (const n of notes) input.debug?.(n);
  const pacts = await fetchSelected(input.broker, await selectPacts(input.broker, request));
  const branches = await Promise.all(pacts.map((p) => consumerBranch(input.broker, p)));
  const dir = input.out === undefined ? undefined : path.resolve(input.cwd, input.out);
  const names = dir ? pactFileNames(pacts.map((p) => ({ consumer: p.pact.consumer.name, provider: p.pact.provider.name, ...(p.consumerVersion ? { consumerVersion: p.consumerVersion } : {}) }))) : [];
  if (dir) {
    await mkdir(dir, { recursive: true });
    for (const [i, p] of pacts.entries()) await writeFile(path.join(dir, names[i] as string), `${prettyJson(p.content ?? {})}\n`);
  }
  return {
    provider: request.provider,
    request: forVerificationBody(request),
    consumerVersionSelectors: request.consumerVersionSelectors,
    pacts: pacts.map((p, i) => ({
      consumer: p.pact.consumer.name,
      provider: p.pact.provider.name,
      consumerVersion: p.consumerVersion ?? null,
      branch: branches[i] ?? null,
      pending: p.pending,
      wip: p.wip,
      why: p.shortDescription ?? null,
      notices: beforeNotices(p),
      url: p.location,
      interactions: p.pact.interactions.length,
      kinds: countKinds(p.pact.interactions),
      ...(dir ? { file: path.join(dir, names[i] as string) } : {}),
    })),
  };
}

/**
 * Indented JSON in which numbers the lossless reader kept (`677.0`, integers past 2^53) are
 * written as they were read: the saved pact verifies like the broker's.
 */
export function prettyJson(value: unknown): string {
  const literals: string[] = [];
  const mark = `\u0000pactship-number-${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key]; // before toJSON turned it into a double
      if (!(raw instanceof JsonNumber)) return v;
      literals.push(raw.text);
      return `${mark}${literals.length - 1}`;
    },
    2,
  );
  if (literals.length === 0) return text;
  const escaped = JSON.stringify(mark).slice(1, -1);
  return text.split(`"${escaped}`).map((part, i) => (i === 0 ? part : `${literals[Number(part.slice(0, part.indexOf('"')))]}${part.slice(part.indexOf('"') + 1)}`)).join('');
}

/** The consumer version's branch is on its version resource; a failure there only loses the column. */
async function consumerBranch(broker: BrokerClient, p: LoadedPact): Promise<string | undefined> {
  if (!p.consumerVersionUrl) return undefined;
  try {
    const b = ((await broker.get(p.consumerVersionUrl)).data as { branch?: unknown }).branch;
    return typeof b === 'string' ? b : undefined;
  } catch {
    return undefined;
  }
}

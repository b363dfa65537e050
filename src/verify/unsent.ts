/**
 * Verification results that could not be posted are never dropped: they are written to
 * `.pactship/unsent-results/*.json`, which `pactship publish-results <file>` sends later.
 * The file holds no credentials (the broker URL is stored without userinfo).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UnsentFileError } from './errors.js';
import type { BrokerVerificationPayload } from './results.js';

export const UNSENT_KIND = 'pactship-unsent-verification-results';

export interface UnsentEntry {
  consumer: string;
  provider: string;
  /** The pact's `pb:publish-verification-results` href. */
  url: string;
  payload: BrokerVerificationPayload;
}

export interface UnsentFile {
  kind: typeof UNSENT_KIND;
  version: 1;
  createdAt: string;
  brokerBaseUrl?: string;
  provider: string;
  providerUrl?: string;
  providerVersion: string;
  branch?: string;
  tags: string[];
  /** Why it was not sent (last error). */
  reason: string;
  results: UnsentEntry[];
}

export function safeSegment(text: string, max = 60): string {
  const s = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, max);
  return s || '_';
}

function stripUserinfo(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

export async function writeUnsent(cwd: string, data: Omit<UnsentFile, 'kind' | 'version' | 'createdAt'>, now = new Date()): Promise<string> {
  const dir = path.join(cwd, '.pactship', 'unsent-results');
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${stamp}-${safeSegment(data.provider)}-${safeSegment(data.providerVersion, 12)}.json`);
  const brokerBaseUrl = stripUserinfo(data.brokerBaseUrl);
  const content: UnsentFile = {
    kind: UNSENT_KIND,
    version: 1,
    createdAt: now.toISOString(),
    ...data,
    ...(brokerBaseUrl ? { brokerBaseUrl } : {}),
  };
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
    await writeFile(file.replace(/\.json$/, `-${process.pid}.json`), `${JSON.stringify(content, null, 2)}\n`);
  });
  return file;
}

export async function readUnsent(file: string): Promise<UnsentFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UnsentFileError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UnsentFileError(`${file}: not JSON: ${(error as Error).message}`, { cause: error });
  }
  const d = data as Partial<UnsentFile>;
  const problems: string[] = [];
  if (d?.kind !== UNSENT_KIND) problems.push(`kind: expected '${UNSENT_KIND}'`);
  if (typeof d?.providerVersion !== 'string' || !d.providerVersion) problems.push('providerVersion: missing');
  if (!Array.isArray(d?.results)) problems.push('results: expected a list');
  else
    d.results.forEach((r, i) => {
      if (typeof r?.url !== 'string') problems.push(`results[${i}].url: missing`);
      if (typeof r?.payload !== 'object' || r.payload === null) problems.push(`results[${i}].payload: missing`);
    });
  if (problems.length) {
    throw new UnsentFileError(`${file} is not a pactship unsent-results file`, {
      details: problems,
      hint: 'Pass a file written by `pactship verify` under .pactship/unsent-results/.',
    });
  }
  const file_ = d as UnsentFile;
  return { ...file_, tags: Array.isArray(file_.tags) ? file_.tags : [] };
}

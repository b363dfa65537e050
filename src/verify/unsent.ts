/**
 * Verification results that could not be posted are never dropped: they are written to
 * `.pactship/unsent-results/*.json`, which `pactship publish-results <file>` sends later. verify
 * writes the file *before* posting and keeps it in step with what is still unsent, so a run
 * killed mid-post leaves it behind; it is removed once everything is on the broker.
 * The file holds no credentials: the broker URL is stored without userinfo and the whole text
 * goes through the redactor (a broker error quoted in `reason` may echo an Authorization header).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UnsentFileError } from './errors.js';
import type { BrokerVerificationPayload } from './results.js';

export const UNSENT_KIND = 'pactship-unsent-verification-results';
export const UNSENT_DIR = path.join('.pactship', 'unsent-results');

export interface UnsentEntry {
  consumer: string;
  provider: string;
  /** The pact's `pb:publish-verification-results` href. */
  url: string;
  payload: BrokerVerificationPayload;
  /**
   * The pact's `pb:latest-verification-results` href: a resend looks there first, since an
   * earlier attempt may have arrived (a POST cut off in flight, a run killed mid-post).
   */
  latestVerificationUrl?: string;
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

export type UnsentHeader = Omit<UnsentFile, 'kind' | 'version' | 'createdAt' | 'reason' | 'results'>;

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

/** `EISDIR: illegal operation on a directory, open '/x'` → `it is a directory`: the path is said once, by the caller. */
export function fsReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a parent of it is a file, not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'a parent directory does not exist';
    default:
      return e instanceof Error ? e.message : String(error);
  }
}

/**
 * One unsent-results file, kept in step with what is still unsent. Every write is complete or
 * absent (a temporary file renamed over it) and redacted. A write that fails is remembered, not
 * thrown: the caller still posts, and prints the document itself if it cannot be saved at the end.
 */
export class UnsentRecord {
  /** Where the file is (or was to be) written. */
  file: string;
  /** The reason the last write failed, if it did. */
  error: string | undefined;
  /** The file exists on disk. */
  saved = false;
  private readonly createdAt: Date;

  constructor(
    private readonly header: UnsentHeader,
    options: { cwd: string; file?: string; now?: Date; redact?: (text: string) => string },
  ) {
    this.createdAt = options.now ?? new Date();
    this.redact = options.redact ?? ((t) => t);
    const stamp = this.createdAt.toISOString().replace(/[:.]/g, '-');
    this.file = options.file ?? path.join(options.cwd, UNSENT_DIR, `${stamp}-${safeSegment(header.provider)}-${safeSegment(header.providerVersion, 12)}.json`);
    this.saved = options.file !== undefined;
  }

  private readonly redact: (text: string) => string;

  /** The file's text (redacted) for these results: also what is printed when it cannot be written. */
  document(results: UnsentEntry[], reason: string): string {
    const { brokerBaseUrl: raw, ...rest } = this.header;
    const brokerBaseUrl = stripUserinfo(raw);
    const content: UnsentFile = {
      kind: UNSENT_KIND,
      version: 1,
      createdAt: this.createdAt.toISOString(),
      ...(brokerBaseUrl ? { brokerBaseUrl } : {}),
      ...rest,
      reason,
      results,
    };
    return this.redact(`${JSON.stringify(content, null, 2)}\n`);
  }

  /** Writes (or rewrites) the file; false, with `error` set, when that failed. */
  async save(results: UnsentEntry[], reason: string): Promise<boolean> {
    const text = this.document(results, reason);
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      if (!this.saved) {
        // The first write claims the name (two runs in the same millisecond keep both files).
        const claimed = await writeFile(this.file, text, { flag: 'wx' }).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
            return false;
          },
        );
        if (claimed) {
          this.saved = true;
          this.error = undefined;
          return true;
        }
        this.file = this.file.replace(/\.json$/, `-${process.pid}-${Date.now() % 100_000}.json`);
      }
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      try {
        await rename(tmp, this.file);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      this.saved = true;
      this.error = undefined;
      return true;
    } catch (error) {
      this.error = fsReason(error);
      return false;
    }
  }

  /** Removes the file once nothing in it is unsent; false, with `error` set, when that failed. */
  async remove(): Promise<boolean> {
    if (!this.saved) return true;
    try {
      await rm(this.file, { force: true });
      this.saved = false;
      return true;
    } catch (error) {
      this.error = fsReason(error);
      return false;
    }
  }
}

export async function readUnsent(file: string): Promise<UnsentFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UnsentFileError(`cannot read ${file}: ${fsReason(error)}`, { cause: error });
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
      if (r?.latestVerificationUrl !== undefined && typeof r.latestVerificationUrl !== 'string') problems.push(`results[${i}].latestVerificationUrl: expected a URL`);
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

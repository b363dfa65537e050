/** `pactship publish-results <file...>`: send results an earlier verify saved as unsent. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ResultsNotSentError } from '../../verify/errors.js';
import { publishResults } from '../../verify/publish-results.js';
import { readUnsent, writeUnsent } from '../../verify/unsent.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

export async function run(ctx: CommandContext, o: CommonFlags & BrokerFlags, files: string[]): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer(brokerFlagEntries(o)), o.config);
  const files_ = await Promise.all(files.map(async (f) => ({ file: f, data: await readUnsent(path.resolve(ctx.cwd, f)) })));
  const broker = ctx.broker(resolved);
  const c = ctx.out.colors;
  const report: { file: string; sent: number; unsent: number; errors: string[]; rewritten?: string }[] = [];
  for (const { file, data } of files_) {
    if (data.brokerBaseUrl && data.brokerBaseUrl.replace(/\/$/, '') !== broker.baseUrl) {
      ctx.out.warn(`${file} was written for the broker at ${data.brokerBaseUrl}; sending to ${broker.baseUrl}`);
    }
    const outcome = await publishResults(broker, {
      provider: data.provider,
      ...(data.providerUrl ? { providerUrl: data.providerUrl } : {}),
      providerVersion: data.providerVersion,
      ...(data.branch ? { branch: data.branch } : {}),
      tags: data.tags,
      entries: data.results,
    });
    for (const s of outcome.sent) ctx.out.line(`${c.ok('✓')} published ${s.entry.consumer} → ${s.entry.provider} (${data.providerVersion})`);
    for (const e of outcome.errors) ctx.out.warn(e);
    const entry: (typeof report)[number] = { file, sent: outcome.sent.length, unsent: outcome.unsent.length, errors: outcome.errors };
    if (outcome.unsent.length === 0) {
      await rm(path.resolve(ctx.cwd, file), { force: true });
    } else if (outcome.sent.length > 0) {
      // Keep only what is still unsent, so a later resend does not post twice.
      const { kind: _k, version: _v, createdAt: _c, ...rest } = data;
      entry.rewritten = await writeUnsent(ctx.cwd, { ...rest, reason: outcome.errors.join('; '), results: outcome.unsent });
      await rm(path.resolve(ctx.cwd, file), { force: true });
    }
    report.push(entry);
  }
  ctx.out.document({ files: report });
  const unsent = report.reduce((n, r) => n + r.unsent, 0);
  if (unsent > 0) {
    const still = report.map((r) => r.rewritten ?? (r.unsent ? r.file : undefined)).filter(Boolean).join(' ');
    throw new ResultsNotSentError(`${unsent} verification result(s) still could not be published`, still, { hint: `Retry later with: pactship publish-results ${still}` });
  }
  ctx.out.line(`all results published; removed ${report.map((r) => r.file).join(', ')}`);
  return 0;
}

/**
 * `pactship publish-results <file...>`: send results an earlier verify saved as unsent. Each
 * result is looked up on the broker first (the earlier run may have been cut off after its POST
 * arrived), the file is kept in step with what is still unsent (redacted, like everything written)
 * and removed once it is empty. A glob that matches nothing means there is nothing to send.
 */
import path from 'node:path';
import { ResultsNotSentError } from '../../verify/errors.js';
import { shown } from '../../verify/publish-step.js';
import { publishResults } from '../../verify/publish-results.js';
import { readUnsent, UnsentRecord } from '../../verify/unsent.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

const isGlob = (s: string) => /[*?[\]{}]/.test(s);

/** The files to send: globs expanded here (a shell leaves an unmatched one as it is). */
async function expand(args: string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const arg of args) {
    if (!isGlob(arg)) {
      files.add(path.resolve(cwd, arg));
      continue;
    }
    const { globby, convertPathToPattern } = await import('globby');
    const pattern = path.isAbsolute(arg) ? arg : `${convertPathToPattern(cwd)}/${arg.replace(/^\.\//, '')}`;
    for (const m of (await globby(pattern, { absolute: true, onlyFiles: true, dot: true })).sort()) files.add(path.normalize(m));
  }
  return [...files];
}

export async function run(ctx: CommandContext, o: CommonFlags & BrokerFlags, args: string[]): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer(brokerFlagEntries(o)), o.config);
  const paths = await expand(args, ctx.cwd);
  if (paths.length === 0) {
    ctx.out.info(`nothing to send: no unsent-results files match ${args.join(' ')}`);
    ctx.out.document({ files: [] });
    return 0;
  }
  const files = await Promise.all(paths.map(async (p) => ({ file: shown(p, ctx.cwd), absolute: p, data: await readUnsent(p) })));
  const broker = ctx.broker(resolved);
  const c = ctx.out.colors;
  const redact = (t: string) => ctx.out.redact(t);
  const report: { file: string; sent: number; alreadyPublished: number; unsent: number; errors: string[] }[] = [];
  for (const { file, absolute, data } of files) {
    if (data.brokerBaseUrl && data.brokerBaseUrl.replace(/\/$/, '') !== broker.baseUrl) {
      ctx.out.warn(`${file} was written for the broker at ${data.brokerBaseUrl}; sending to ${broker.baseUrl}`);
    }
    const { kind: _k, version: _v, createdAt, reason: _r, results, ...header } = data;
    const created = new Date(createdAt);
    const record = new UnsentRecord(header, { cwd: ctx.cwd, file: absolute, ...(Number.isNaN(created.getTime()) ? {} : { now: created }), redact });
    const outcome = await publishResults(
      broker,
      { ...header, entries: results },
      {
        checkFirst: true,
        notice: (m) => ctx.out.warn(m),
        // Kept in step, so an interrupted resend does not post twice next time.
        onProgress: async (remaining) => {
          await record.save(remaining, data.reason);
        },
      },
    );
    for (const s of outcome.sent) ctx.out.line(`${c.ok('✓')} published ${s.entry.consumer} → ${s.entry.provider} (${data.providerVersion})`);
    for (const f of outcome.found) ctx.out.line(`${c.ok('✓')} already on the broker: ${f.consumer} → ${f.provider} (${data.providerVersion})`);
    for (const e of outcome.errors) ctx.out.warn(e);
    if (outcome.unsent.length === 0) {
      if (!(await record.remove())) ctx.out.warn(`every result of ${file} is on the broker, but the file could not be removed (${record.error}): delete it`);
    } else if (!(await record.save(outcome.unsent, outcome.errors.join('; ')))) {
      ctx.out.warn(`could not update ${file} (${record.error}): it still lists results that were sent; a resend checks the broker first`);
    }
    report.push({ file, sent: outcome.sent.length, alreadyPublished: outcome.found.length, unsent: outcome.unsent.length, errors: outcome.errors });
  }
  ctx.out.document({ files: report });
  const unsent = report.reduce((n, r) => n + r.unsent, 0);
  if (unsent > 0) {
    const still = report.filter((r) => r.unsent > 0).map((r) => r.file).join(' ');
    throw new ResultsNotSentError(`${unsent} verification result(s) still could not be published (kept in ${still})`, still, { hint: `Retry later with: pactship publish-results ${still}` });
  }
  ctx.out.line(`all results published; removed ${report.map((r) => r.file).join(', ')}`);
  return 0;
}

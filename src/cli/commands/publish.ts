/** `pactship publish`: options → plan → (dry run | broker) → report. */
import path from 'node:path';
import { preparePublication, contractsRequestBody } from '../../publish/index.js';
import { sendPlan } from '../../publish/send.js';
import { noticeColor } from '../../report/colors.js';
import { shorten } from '../../report/shorten.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

export interface PublishFlags extends CommonFlags, BrokerFlags {
  consumerAppVersion?: string;
  branch?: string;
  tag?: string[];
  tagWithGitBranch?: boolean;
  buildUrl?: string;
  autoDetectVersionProperties?: boolean;
  merge?: boolean;
  dryRun?: boolean;
}

export async function run(ctx: CommandContext, o: PublishFlags, inputs: string[]): Promise<number> {
  const resolved = await ctx.loadConfig(
    flagLayer([
      ...brokerFlagEntries(o),
      ['publish.consumerVersion', '--consumer-app-version', o.consumerAppVersion],
      ['publish.branch', '--branch', o.branch],
      ['publish.tags', '--tag', o.tag],
      ['publish.tagWithGitBranch', '--tag-with-git-branch', o.tagWithGitBranch],
      ['publish.buildUrl', '--build-url', o.buildUrl],
      ['publish.autoDetectVersionProperties', '--auto-detect-version-properties', o.autoDetectVersionProperties],
      ['publish.merge', '--merge', o.merge],
    ]),
    o.config,
  );
  const plan = await preparePublication({ resolved, inputs, cwd: ctx.cwd, env: ctx.env });
  const { out } = ctx;
  const rel = (p: string) => path.relative(ctx.cwd, p) || p;
  for (const fact of plan.facts) out.info(out.colors.dim(fact));
  for (const warning of plan.warnings) out.warn(warning);

  if (o.dryRun) {
    const requests = plan.publications.map((p) => contractsRequestBody(p, plan.merge));
    out.document({ dryRun: true, requests });
    out.line(out.colors.bold('Dry run: nothing was sent. Would publish:'));
    plan.publications.forEach((p, i) => {
      const shown = structuredClone(requests[i]!) as { contracts: { content: string }[] };
      shown.contracts.forEach((c, j) => (c.content = `<base64 of ${rel(p.pacts[j]!.path)}, ${p.pacts[j]!.bytes.length} bytes>`));
      // For reading: huge names are cut here (the -o json document above stays exact).
      out.line(`POST pb:publish-contracts ${JSON.stringify(shown, (_k, v: unknown) => (typeof v === 'string' ? shorten(v, 200) : v), 2)}`);
    });
    return 0;
  }

  const result = await sendPlan(ctx.broker(resolved), plan);
  out.document({
    dryRun: false,
    mode: result.mode,
    published: result.published.map((p) => ({ ...p, file: rel(p.file) })),
    notices: result.notices,
  });
  for (const n of result.notices) out.line(noticeColor(out.colors, n.type)(n.text));
  for (const p of result.published) {
    out.line(`${out.colors.ok('✓')} ${shorten(p.consumer, 200)} → ${shorten(p.provider, 200)} (${shorten(p.version, 200)}) from ${rel(p.file)}${p.url ? `: ${out.colors.link(shorten(p.url, 500))}` : ''}`);
  }
  return 0;
}

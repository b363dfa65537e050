/** `pactship pacts --provider <name>`: what the broker selects for verification, and why; --out saves them. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { detectVersionProperties, systemGit } from '../../ci/detect.js';
import { pactFileNames } from '../../verify/file-names.js';
import { forVerificationRequest, selectionFlagEntries, type SelectionFlags } from '../../verify/selection.js';
import { beforeNotices, fetchSelected, forVerificationBody, selectPacts } from '../../verify/sources.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & BrokerFlags & SelectionFlags & { out?: string };

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(o), ...selectionFlagEntries(o)]), o.config);
  const v = resolved.config.verify;
  const { out } = ctx;
  const c = out.colors;
  const branch = v.providerVersionBranch ?? (await detectVersionProperties({ env: ctx.env, git: systemGit(ctx.cwd) })).branch?.value;
  const notes: string[] = [];
  const request = forVerificationRequest(resolved, branch, notes);
  for (const n of notes) out.debug(n);
  const broker = ctx.broker(resolved);
  const selected = await selectPacts(broker, request);
  const pacts = await fetchSelected(broker, selected);

  // The consumer version's branch is on its version resource; a failure there only loses the column.
  const branches = await Promise.all(
    pacts.map(async (p) => {
      if (!p.consumerVersionUrl) return undefined;
      try {
        const version = await broker.get(p.consumerVersionUrl);
        const b = (version.data as { branch?: unknown }).branch;
        return typeof b === 'string' ? b : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  const names = o.out ? pactFileNames(pacts.map((p) => ({ consumer: p.pact.consumer.name, provider: p.pact.provider.name, ...(p.consumerVersion ? { consumerVersion: p.consumerVersion } : {}) }))) : [];
  const rows = pacts.map((p, i) => ({
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
    ...(o.out ? { file: path.join(path.resolve(ctx.cwd, o.out), names[i] as string) } : {}),
  }));

  if (o.out) {
    const dir = path.resolve(ctx.cwd, o.out);
    await mkdir(dir, { recursive: true });
    for (const [i, p] of pacts.entries()) {
      await writeFile(path.join(dir, names[i] as string), `${JSON.stringify(p.content, null, 2)}\n`);
    }
  }

  out.document({ provider: request.provider, request: forVerificationBody(request), pacts: rows });
  if (rows.length === 0) {
    out.line(`no pacts selected for ${request.provider} with selectors ${JSON.stringify(request.consumerVersionSelectors)}`);
    return 0;
  }
  const table = [
    ['CONSUMER', 'VERSION', 'BRANCH', 'STATUS', 'WHY SELECTED'],
    ...rows.map((r) => [r.consumer, r.consumerVersion ?? '-', r.branch ?? '-', [r.pending ? 'pending' : '', r.wip ? 'WIP' : ''].filter(Boolean).join(', ') || '-', r.why ?? '-']),
  ];
  const widths = table[0]!.map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  for (const [n, row] of table.entries()) {
    const text = row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ');
    out.line(n === 0 ? c.bold(text) : text);
  }
  for (const r of rows) for (const notice of r.notices) out.line(c.dim(`  ${r.consumer}: ${notice}`));
  if (o.out) {
    out.line('');
    out.line(`wrote ${rows.length} pact file${rows.length === 1 ? '' : 's'} to ${o.out}; verify offline with: pactship verify --pact ${o.out}`);
  }
  return 0;
}

/**
 * `pactship diff [pact files…] --against …`: what publishing these pacts would change, per provider,
 * and whether it needs provider work. Exit 0 whenever the comparison was made; 2 when it cannot be.
 */
import { appendFile } from 'node:fs/promises';
import { diffPacts, loadLocalPacts, type AgainstRequest } from '../../diff/index.js';
import { UsageError } from '../../errors.js';
import { findPactFiles } from '../../files/find-pacts.js';
import { diffMarkdown, diffTextLines } from '../../report/diff-text.js';
import type { CommandContext } from '../context.js';
import { connect, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  against?: string;
  againstBranch?: string;
  againstVersion?: string;
  againstEnvironment?: string;
}

function againstRequest(o: Flags): AgainstRequest {
  const given = (
    [
      ['--against', 'auto', o.against],
      ['--against-branch', 'branch', o.againstBranch],
      ['--against-version', 'version', o.againstVersion],
      ['--against-environment', 'environment', o.againstEnvironment],
    ] as const
  ).filter(([, , v]) => v !== undefined);
  if (given.length > 1) throw new UsageError(`use one of ${given.map(([f]) => f).join(', ')}, not several`);
  const [flag, kind, value] = given[0] ?? [];
  if (flag === undefined || value === undefined) return { kind: 'main-branch' };
  if (value.trim() === '') throw new UsageError(`${flag} needs a value`);
  return { kind, value } as AgainstRequest;
}

export async function run(ctx: CommandContext, o: Flags, inputs: string[]): Promise<number> {
  const against = againstRequest(o);
  const { resolved, client } = await connect(ctx, o);
  const files = await findPactFiles(inputs.length > 0 ? inputs : resolved.config.publish.pactFiles, { cwd: ctx.cwd, recursive: false });
  const pacts = await loadLocalPacts(files, ctx.cwd);
  const report = await diffPacts({ client, pacts, against });
  const { out } = ctx;
  const markdown = diffMarkdown(report);
  if (o.output === 'markdown') out.line(markdown.trimEnd());
  else {
    out.document(report);
    for (const line of diffTextLines(report, out.colors)) out.line(line);
  }
  if (ctx.env.GITHUB_STEP_SUMMARY) {
    await appendFile(ctx.env.GITHUB_STEP_SUMMARY, out.redact(markdown)).catch((e: Error) => out.warn(`could not append to GITHUB_STEP_SUMMARY: ${e.message}`));
  }
  return 0;
}

/** `pactship describe-version`: --version, or --latest [TAG] (default: the latest). */
import { UsageError } from '../../errors.js';
import { describeVersion } from '../../release/versions.js';
import { versionLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version?: string;
  latest?: string | boolean;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  if (o.version !== undefined && o.latest !== undefined) throw new UsageError('use --version or --latest [TAG], not both');
  const { client } = await connect(ctx, o);
  const v = await describeVersion(client, {
    pacticipant: o.pacticipant,
    ...(o.version !== undefined ? { version: o.version } : { latest: true }),
    ...(typeof o.latest === 'string' ? { tag: o.latest } : {}),
  });
  if (o.output === 'id') ctx.out.line(v.number);
  else emit(ctx, v, versionLines(v));
  return 0;
}

/** `pactship describe-version`: --version, --latest [TAG] (default: the latest), or --environment E [--deployed|--released]. */
import { UsageError } from '../../errors.js';
import { describeVersionsInEnvironment } from '../../release/environment-versions.js';
import { describeVersion } from '../../release/versions.js';
import { environmentVersionsTable } from '../../report/broker-text.js';
import { versionLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version?: string;
  latest?: string | boolean;
  environment?: string;
  deployed?: boolean;
  released?: boolean;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const given = [o.version !== undefined && '--version', o.latest !== undefined && '--latest', o.environment !== undefined && '--environment'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`use one of --version, --latest [TAG] or --environment, not ${given.join(' and ')}`);
  if ((o.deployed || o.released) && o.environment === undefined) throw new UsageError('--deployed and --released go with --environment');
  const { client } = await connect(ctx, o);
  if (o.environment !== undefined) {
    const versions = await describeVersionsInEnvironment(client, {
      pacticipant: o.pacticipant,
      environment: o.environment,
      ...(o.deployed ? { deployed: true } : {}),
      ...(o.released ? { released: true } : {}),
    });
    if (o.output === 'id') for (const v of new Set(versions.map((x) => x.version))) ctx.out.line(v);
    else emit(ctx, { pacticipant: o.pacticipant, environment: o.environment, versions }, environmentVersionsTable(o.pacticipant, o.environment, versions));
    return 0;
  }
  const v = await describeVersion(client, {
    pacticipant: o.pacticipant,
    ...(o.version !== undefined ? { version: o.version } : { latest: true }),
    ...(typeof o.latest === 'string' ? { tag: o.latest } : {}),
  });
  if (o.output === 'id') ctx.out.line(v.number);
  else emit(ctx, v, versionLines(v));
  return 0;
}

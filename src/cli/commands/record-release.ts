/** `pactship record-release`: the version is released (and supported) in the environment. */
import { recordRelease } from '../../release/deployments.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version: string;
  environment: string;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const r = await recordRelease(client, { pacticipant: o.pacticipant, version: o.version, environment: o.environment });
  emit(ctx, r, [`Recorded release of ${r.pacticipant} version ${r.version} to ${r.environment} environment in the Pact Broker.`]);
  return 0;
}

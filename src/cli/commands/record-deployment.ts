/** `pactship record-deployment`: the version is now deployed to the environment. */
import { recordDeployment } from '../../release/deployments.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance?: string;
  target?: string;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const instance = o.applicationInstance ?? o.target;
  const r = await recordDeployment(client, {
    pacticipant: o.pacticipant,
    version: o.version,
    environment: o.environment,
    ...(instance !== undefined ? { applicationInstance: instance } : {}),
  });
  emit(ctx, r, [
    `Recorded deployment of ${r.pacticipant} version ${r.version} to ${r.environment} environment${r.applicationInstance ? ` (application instance ${r.applicationInstance})` : ''} in the Pact Broker.`,
  ]);
  return 0;
}

/** `pactship record-undeployment`: the application is no longer deployed to the environment. */
import { recordUndeployment } from '../../release/deployments.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  pacticipant: string;
  environment: string;
  applicationInstance?: string;
  target?: string;
}

export async function run(ctx: CommandContext, o: Flags): Promise<number> {
  const { client } = await connect(ctx, o);
  const instance = o.applicationInstance ?? o.target;
  const r = await recordUndeployment(client, {
    pacticipant: o.pacticipant,
    environment: o.environment,
    ...(instance !== undefined ? { applicationInstance: instance } : {}),
  });
  emit(
    ctx,
    r,
    r.undeployed.map(
      (u) =>
        `Recorded undeployment of ${r.pacticipant} version ${u.version} from ${r.environment} environment${u.applicationInstance ? ` (application instance ${u.applicationInstance})` : ''} in the Pact Broker.`,
    ),
  );
  return 0;
}

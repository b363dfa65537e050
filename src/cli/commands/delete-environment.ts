/** `pactship delete-environment`. */
import { deleteEnvironment } from '../../release/environments.js';
import type { CommandContext } from '../context.js';
import type { EnvironmentFlags } from './create-environment.js';
import { connect, emit } from './release-common.js';
import { environmentRef } from './update-environment.js';

export async function run(ctx: CommandContext, o: EnvironmentFlags): Promise<number> {
  const ref = environmentRef(o);
  const { client } = await connect(ctx, o);
  const env = await deleteEnvironment(client, ref);
  emit(ctx, { deleted: env }, [`Deleted ${env.name} environment (UUID ${env.uuid}) from the Pact Broker`]);
  return 0;
}

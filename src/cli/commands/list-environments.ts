/** `pactship list-environments`. */
import { listEnvironments } from '../../release/environments.js';
import { environmentsTable } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags): Promise<number> {
  const { client } = await connect(ctx, o);
  const envs = await listEnvironments(client);
  emit(ctx, { environments: envs }, environmentsTable(envs));
  return 0;
}

/** `pactship describe-environment`. */
import { describeEnvironment } from '../../release/environments.js';
import { environmentLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import type { EnvironmentFlags } from './create-environment.js';
import { connect, emit } from './release-common.js';
import { environmentRef } from './update-environment.js';

export async function run(ctx: CommandContext, o: EnvironmentFlags): Promise<number> {
  const ref = environmentRef(o);
  const { client } = await connect(ctx, o);
  const env = await describeEnvironment(client, ref);
  emit(ctx, env, environmentLines(env));
  return 0;
}

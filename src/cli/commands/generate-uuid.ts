/** `pactship generate-uuid`: a uuid to give create-or-update-webhook (made locally, no broker). */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../context.js';
import type { CommonFlags } from '../options.js';
import { emit } from './release-common.js';

export async function run(ctx: CommandContext, _o: CommonFlags): Promise<number> {
  const uuid = randomUUID();
  emit(ctx, { uuid }, [uuid]);
  return 0;
}

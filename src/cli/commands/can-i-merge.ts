/** `pactship can-i-merge`: can-i-deploy against the latest main-branch version of every integrated application. */
import type { CommandContext } from '../context.js';
import { askMatrix, type CanIDeployFlags } from './can-i-deploy.js';

export async function run(ctx: CommandContext, o: CanIDeployFlags): Promise<number> {
  return askMatrix(ctx, o, () => ({ kind: 'main-branch' }));
}

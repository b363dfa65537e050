import type { CommandContext } from '../context.js';

export async function run(ctx: CommandContext): Promise<number> {
  ctx.out.line('publish: not yet');
  return 2;
}

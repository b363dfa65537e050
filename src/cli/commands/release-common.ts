/** Glue shared by the release-safety commands: config + broker client from the common flags. */
import type { BrokerClient } from '../../broker/client.js';
import type { ResolvedConfig } from '../../config/types.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

export type ReleaseFlags = CommonFlags & BrokerFlags;

export async function connect(
  ctx: CommandContext,
  options: ReleaseFlags,
  extra: [path: string, flag: string, value: unknown][] = [],
): Promise<{ resolved: ResolvedConfig; client: BrokerClient }> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(options), ...extra]), options.config);
  return { resolved, client: ctx.broker(resolved) };
}

/** Prints the result: the JSON document under --output json, the text lines otherwise. */
export function emit(ctx: CommandContext, document: unknown, lines: string[]): void {
  ctx.out.document(document);
  for (const line of lines) ctx.out.line(line);
}

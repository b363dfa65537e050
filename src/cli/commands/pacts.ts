/** `pactship pacts --provider <name>`: what the broker selects for verification, and why; --out saves them. */
import { pactsTableLines } from '../../report/verify-pacts.js';
import { listPacts } from '../../verify/pacts-list.js';
import { selectionFlagEntries, type SelectionFlags } from '../../verify/selection.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & BrokerFlags & SelectionFlags & { out?: string };

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(o), ...selectionFlagEntries(o)]), o.config);
  const listing = await listPacts({
    resolved,
    broker: ctx.broker(resolved),
    cwd: ctx.cwd,
    env: ctx.env,
    ...(o.out !== undefined ? { out: o.out } : {}),
    debug: (m) => ctx.out.debug(m),
  });
  ctx.out.document({ provider: listing.provider, request: listing.request, pacts: listing.pacts });
  for (const line of pactsTableLines(listing, ctx.out.colors, o.out)) ctx.out.line(line);
  return 0;
}

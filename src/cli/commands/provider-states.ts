/** `pactship provider-states [list] --provider <name> [--branch B | --environment E]`. */
import { UsageError } from '../../errors.js';
import { listProviderStates } from '../../release/provider-states.js';
import { providerStatesLines } from '../../report/broker-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

interface Flags extends ReleaseFlags {
  provider: string;
  branch?: string;
  environment?: string;
}

export async function run(ctx: CommandContext, o: Flags, [action]: string[]): Promise<number> {
  if (action !== undefined && action !== 'list') throw new UsageError(`unknown provider-states action '${action}' (only 'list')`);
  if (o.branch !== undefined && o.environment !== undefined) throw new UsageError('use --branch or --environment, not both');
  const { client } = await connect(ctx, o);
  const r = await listProviderStates(client, {
    provider: o.provider,
    ...(o.branch !== undefined ? { branch: o.branch } : {}),
    ...(o.environment !== undefined ? { environment: o.environment } : {}),
  });
  if (r.note) ctx.out.debug(r.note);
  emit(ctx, { providerStates: r.states, provider: r.provider, scope: r.scope, source: r.source }, providerStatesLines(r));
  return 0;
}

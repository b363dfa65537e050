/** `pactship update-environment`: by --uuid (then --name renames) or by --name. */
import { UsageError } from '../../errors.js';
import { updateEnvironment, type EnvironmentRef } from '../../release/environments.js';
import { environmentLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { contactsFrom, type EnvironmentFlags } from './create-environment.js';
import { connect, emit } from './release-common.js';

export function environmentRef(o: { uuid?: string; name?: string }): EnvironmentRef {
  if (o.uuid !== undefined) return { uuid: o.uuid };
  if (o.name !== undefined) return { name: o.name };
  throw new UsageError('say which environment: --uuid UUID or --name NAME', { hint: 'pactship list-environments shows both.' });
}

export async function run(ctx: CommandContext, o: EnvironmentFlags): Promise<number> {
  const ref = environmentRef(o);
  const { client } = await connect(ctx, o);
  const contacts = contactsFrom(o);
  const { after } = await updateEnvironment(client, ref, {
    ...('uuid' in ref && o.name !== undefined ? { name: o.name } : {}),
    ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
    ...(o.production !== undefined ? { production: o.production } : {}),
    ...(contacts ? { contacts } : {}),
  });
  if (o.output === 'id') ctx.out.line(after.uuid);
  else emit(ctx, after, [`Updated ${after.name} environment in the Pact Broker`, ...environmentLines(after).map((l) => `  ${l}`)]);
  return 0;
}

/** `pactship create-environment`. */
import { createEnvironment, type Contact } from '../../release/environments.js';
import { environmentLines } from '../../report/release-text.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export interface EnvironmentFlags extends ReleaseFlags {
  name?: string;
  uuid?: string;
  displayName?: string;
  production?: boolean;
  contactName?: string;
  contactEmailAddress?: string;
}

export function contactsFrom(o: EnvironmentFlags): Contact[] | undefined {
  if (o.contactName === undefined && o.contactEmailAddress === undefined) return undefined;
  return [{ ...(o.contactName !== undefined ? { name: o.contactName } : {}), ...(o.contactEmailAddress !== undefined ? { details: { emailAddress: o.contactEmailAddress } } : {}) }];
}

export async function run(ctx: CommandContext, o: EnvironmentFlags & { name: string }): Promise<number> {
  const { client } = await connect(ctx, o);
  const contacts = contactsFrom(o);
  const env = await createEnvironment(client, {
    name: o.name,
    ...(o.displayName !== undefined ? { displayName: o.displayName } : {}),
    production: o.production ?? false,
    ...(contacts ? { contacts } : {}),
  });
  if (o.output === 'id') ctx.out.line(env.uuid);
  else emit(ctx, env, [`Created ${env.name} environment in the Pact Broker with UUID ${env.uuid}`, ...environmentLines(env).map((l) => `  ${l}`)]);
  return 0;
}

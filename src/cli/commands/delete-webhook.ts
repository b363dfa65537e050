/** `pactship delete-webhook --uuid <uuid>`. */
import { deleteWebhook } from '../../webhooks/broker.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags & { uuid: string }): Promise<number> {
  const { client } = await connect(ctx, o);
  const w = await deleteWebhook(client, o.uuid);
  emit(ctx, { deleted: w.document }, [`Deleted webhook ${w.description ? `"${w.description}" ` : ''}(UUID ${w.uuid}) from the Pact Broker`]);
  return 0;
}

/** `pactship list-webhooks`. */
import { webhooksTable } from '../../report/webhook-text.js';
import { listWebhooks } from '../../webhooks/broker.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags): Promise<number> {
  const { client } = await connect(ctx, o);
  const list = await listWebhooks(client);
  emit(ctx, { webhooks: list.map((w) => w.document) }, webhooksTable(list));
  return 0;
}

/** `pactship create-or-update-webhook <url> --uuid <uuid>`: PUT pb:webhook (201 created, 200 updated). */
import { createOrUpdateWebhook } from '../../webhooks/broker.js';
import type { CommandContext } from '../context.js';
import { connect } from './release-common.js';
import { emitSaved, specFromFlags, type WebhookCommandFlags } from './webhook-common.js';

export async function run(ctx: CommandContext, o: WebhookCommandFlags & { uuid: string }, [url]: string[]): Promise<number> {
  const spec = specFromFlags(ctx, url as string, o);
  const { client } = await connect(ctx, o);
  emitSaved(ctx, await createOrUpdateWebhook(client, o.uuid, spec));
  return 0;
}

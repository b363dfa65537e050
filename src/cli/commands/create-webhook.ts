/** `pactship create-webhook <url>`: curl-like switches → POST pb:webhooks. */
import { createWebhook } from '../../webhooks/broker.js';
import type { CommandContext } from '../context.js';
import { connect } from './release-common.js';
import { emitSaved, specFromFlags, type WebhookCommandFlags } from './webhook-common.js';

export async function run(ctx: CommandContext, o: WebhookCommandFlags, [url]: string[]): Promise<number> {
  const spec = specFromFlags(ctx, url as string, o);
  const { client } = await connect(ctx, o);
  emitSaved(ctx, await createWebhook(client, spec));
  return 0;
}

/** `pactship test-webhook --uuid <uuid>`: run it now; exit 1 when the target answered non-2xx or could not be reached. */
import { webhookTestLines } from '../../report/webhook-text.js';
import { testWebhook } from '../../webhooks/broker.js';
import type { CommandContext } from '../context.js';
import { connect, emit, type ReleaseFlags } from './release-common.js';

export async function run(ctx: CommandContext, o: ReleaseFlags & { uuid: string }): Promise<number> {
  const { client } = await connect(ctx, o);
  const report = await testWebhook(client, o.uuid);
  emit(ctx, report.document, webhookTestLines(report));
  return report.success ? 0 : 1;
}

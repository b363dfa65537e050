/** Glue shared by create-webhook and create-or-update-webhook: switches → spec (secrets taught to the redactor first). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { savedWebhookLines } from '../../report/webhook-text.js';
import type { SavedWebhook } from '../../webhooks/broker.js';
import { specSecrets, webhookSpec, type WebhookFlags, type WebhookSpec } from '../../webhooks/spec.js';
import type { CommandContext } from '../context.js';
import { emit, type ReleaseFlags } from './release-common.js';

export type WebhookCommandFlags = ReleaseFlags & WebhookFlags;

export function specFromFlags(ctx: CommandContext, url: string, o: WebhookFlags): WebhookSpec {
  // The raw --user value is a secret before it is even parsed.
  if (o.user?.includes(':')) ctx.addSecrets([o.user.slice(o.user.indexOf(':') + 1)]);
  const spec = webhookSpec({ url, flags: o, readFile: (file) => readFileSync(path.resolve(ctx.cwd, file), 'utf8') });
  ctx.addSecrets(specSecrets(spec));
  return spec;
}

export function emitSaved(ctx: CommandContext, saved: SavedWebhook): void {
  emit(ctx, saved.document, savedWebhookLines(saved));
}

/** Text renderers for webhooks and their test runs (JSON output is the broker's document, masked). */
import type { SavedWebhook, WebhookInfo, WebhookTestReport } from '../webhooks/broker.js';
import { excerpt } from '../broker/errors.js';
import { textTable } from './text-table.js';

const name = (w: WebhookInfo) => (w.description ? `"${w.description}"` : `for ${w.consumer ?? 'any consumer'} and ${w.provider ?? 'any provider'}`);

export function savedWebhookLines(w: SavedWebhook): string[] {
  return [
    `Webhook ${name(w)} ${w.action}`,
    `UUID:   ${w.uuid}`,
    `URL:    ${w.url}`,
    `Events: ${w.events.join(', ') || '(none)'}`,
    `Sends:  ${w.request.method} ${w.request.url}`,
  ];
}

export function webhooksTable(list: WebhookInfo[]): string[] {
  if (list.length === 0) return ['No webhooks.'];
  return textTable(
    ['UUID', 'DESCRIPTION', 'CONSUMER', 'PROVIDER', 'EVENTS', 'REQUEST'],
    list.map((w) => [
      w.uuid,
      `${w.description ?? ''}${w.enabled ? '' : ' (disabled)'}`.trim(),
      w.consumer ?? '(any)',
      w.provider ?? '(any)',
      w.events.join(', '),
      `${w.request.method} ${w.request.url}`,
    ]),
  );
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

export function webhookTestLines(r: WebhookTestReport): string[] {
  const lines = [`Webhook ${name(r.webhook)} (${r.webhook.uuid}) ${r.success ? 'succeeded' : 'FAILED'}`, '', 'Request sent:'];
  lines.push(`  ${r.request.method} ${r.request.url}`);
  for (const [k, v] of Object.entries(r.request.headers)) lines.push(`  ${k}: ${v}`);
  if (r.request.body !== undefined) lines.push(`  ${excerpt(bodyText(r.request.body), 1000)}`);
  lines.push('', 'Response:');
  if (r.response) {
    lines.push(`  HTTP ${r.response.status}`);
    if (r.response.body !== undefined && r.response.body !== '') lines.push(`  ${excerpt(bodyText(r.response.body), 500)}`);
  } else if (r.error) {
    lines.push(`  none: ${r.error}`);
  } else {
    lines.push(`  not shown by the broker${r.message ? `: ${r.message}` : ''}`);
  }
  if (r.error && r.response) lines.push(`  error: ${r.error}`);
  if (!r.response && !r.error && r.logs) {
    // Without the response the broker's log is the only account of what happened.
    lines.push('', 'Broker log:', ...r.logs.split('\n').map((l) => `  ${l}`));
  }
  return lines;
}

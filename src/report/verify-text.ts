/**
 * Human-readable verification report: one block per pact, a ✓/✗ line per interaction (with its V4
 * comments), a summary. Pure functions of the results; verify-stream.ts prints them as they come.
 */
import type { Mismatch } from '../pact/model.js';
import type { Colors } from './colors.js';
import type { PactStart } from '../verify/events.js';
import type { InteractionResult, PactResult, Summary, VerificationResult } from '../verify/results.js';
import { afterNotices, beforeNotices, type LoadedPact } from '../verify/sources.js';

/** Mismatch kind → the heading it is reported under (text and HTML reports). */
export const HEADINGS: Record<string, string> = {
  status: 'Response status did not match',
  header: 'Headers had differences',
  body: 'Body had differences',
  // The compatibility suite's name for a content type that differs (BodyTypeMismatch).
  bodyType: 'Body type had differences',
  query: 'Query had differences',
  method: 'Method did not match',
  path: 'Path did not match',
  metadata: 'Metadata had differences',
};

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Single-quoted for POSIX shells. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where a run sent things: the provider, and the message endpoint if any. */
export type RunTarget = Pick<VerificationResult, 'providerBaseUrl' | 'messageUrl'>;

/** The command line that reruns just this interaction (message handlers come from the config file). */
export function rerunCommand(pact: Pick<PactResult, 'origin' | 'location'>, i: InteractionResult, target: RunTarget): string {
  const source = pact.origin === 'file' ? ['--pact', pact.location] : ['--pact-url', pact.location];
  const to =
    i.type === 'Synchronous/HTTP'
      ? ['--provider-base-url', target.providerBaseUrl]
      : i.handler === undefined && target.messageUrl
        ? ['--message-url', target.messageUrl]
        : [];
  const args = ['pactship', 'verify', ...source, ...to, '--filter-description', `^${escapeRegex(i.description)}$`];
  const first = i.providerStates[0];
  if (first !== undefined) args.push('--filter-state', `^${escapeRegex(first)}$`);
  else args.push('--filter-no-state');
  return args.map(shellQuote).join(' ');
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}

export function mismatchLines(mismatches: Mismatch[], c: Colors, indent = '      '): string[] {
  const lines: string[] = [];
  const byHeading = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    const h = HEADINGS[m.kind] ?? m.kind;
    byHeading.set(h, [...(byHeading.get(h) ?? []), m]);
  }
  let n = 0;
  for (const [heading, list] of byHeading) {
    lines.push(`${indent}${++n}) ${heading}`);
    for (const m of list) {
      lines.push(`${indent}   ${m.path ? `${c.bold(m.path)}: ` : ''}${m.message}`);
      lines.push(`${indent}     ${c.expected(`- expected: ${show(m.expected)}`)}`);
      lines.push(`${indent}     ${c.actual(`+ actual:   ${show(m.actual)}`)}`);
    }
  }
  return lines;
}

function given(i: InteractionResult): string {
  return i.providerStates.length ? ` given ${i.providerStates.map((s) => `'${s}'`).join(' and ')}` : '';
}

/** Before verifying: which pacts, why each was selected (the broker's before_verification notices). */
export function selectionLines(pacts: LoadedPact[], provider: string, target: RunTarget, filtered: boolean, c: Colors): string[] {
  const http = pacts.some((p) => p.pact.interactions.some((i) => i.type === 'Synchronous/HTTP'));
  const messages = target.messageUrl ? `messages from ${target.messageUrl}` : '';
  const against = http ? ` against ${target.providerBaseUrl}${messages ? ` (${messages})` : ''}` : messages ? ` (${messages})` : '';
  const lines = [c.bold(`Verifying ${pacts.length} pact${pacts.length === 1 ? '' : 's'} for ${provider}${against}:`)];
  for (const p of pacts) {
    const flags = [p.wip ? 'WIP' : undefined, p.pending ? 'pending' : undefined].filter(Boolean);
    const version = p.consumerVersion ? ` (${p.consumerVersion})` : '';
    lines.push(`  - ${p.pact.consumer.name}${version}: ${p.shortDescription ?? p.location}${flags.length ? c.warn(` [${flags.join(', ')}]`) : ''}`);
    for (const n of beforeNotices(p)) lines.push(c.dim(`      ${n}`));
  }
  if (filtered) lines.push(c.warn('filtered run: verification results will not be published'));
  lines.push('');
  return lines;
}

export function pactHeading(p: Pick<PactStart, 'consumer' | 'provider' | 'origin' | 'location' | 'shortDescription' | 'pending' | 'wip'>, c: Colors): string {
  const tags = [p.wip ? 'WIP' : undefined, p.pending ? 'pending' : undefined].filter(Boolean);
  const from = p.origin === 'file' ? p.location : p.shortDescription ? `${p.shortDescription}` : p.location;
  return `${c.bold(`Verifying a pact between ${p.consumer} and ${p.provider}`)}${tags.length ? c.warn(` [${tags.join(', ')}]`) : ''} ${c.dim(`(${from})`)}`;
}

const KIND: Record<InteractionResult['type'], string> = {
  'Synchronous/HTTP': '',
  'Asynchronous/Messages': 'message, ',
  'Synchronous/Messages': 'sync message, ',
};

/** V4 comments under the interaction, as the reference verifier shows them: the test name, then each comment. */
export function commentLines(i: InteractionResult, c: Colors, indent = '      '): string[] {
  if (!i.comments) return [];
  const lines: string[] = [];
  if (i.comments.testname) lines.push(`${indent}Test Name: ${i.comments.testname}`);
  if (i.comments.text.length) lines.push(`${indent}Comments:`, ...i.comments.text.map((t) => `${indent}  ${c.dim(t)}`));
  return lines;
}

/** One interaction: its ✓/✗ line, comments, and for a failure what went wrong and how to rerun it. */
export function interactionLines(pact: Pick<PactResult, 'origin' | 'location'>, i: InteractionResult, target: RunTarget, c: Colors): string[] {
  const time = c.dim(`(${KIND[i.type]}${formatMs(i.durationMs)})`);
  if (i.status === 'passed') return [`  ${c.ok('✓')} ${i.description}${given(i)} ${time}`, ...commentLines(i, c)];
  const mark = i.pending ? c.warn('✗') : c.fail('✗');
  const lines = [`  ${mark} ${i.description}${given(i)} ${time}${i.pending ? c.warn(' (pending: does not fail the build)') : ''}`, ...commentLines(i, c)];
  for (const e of i.errors) lines.push(`      ${c.fail(e.message)}`);
  lines.push(...mismatchLines(i.mismatches, c));
  if (i.request) lines.push(c.dim(`      request: ${i.request.method} ${i.request.url}`));
  if (i.handler !== undefined) lines.push(c.dim(`      handler: verify.messageHandlers[${JSON.stringify(i.handler)}]`));
  lines.push(c.dim(`      rerun: ${rerunCommand(pact, i, target)}`));
  return lines;
}

export const emptyPactLine = (c: Colors) => c.dim('  (no interactions selected by the filters)');

/** After the summary: the broker's after_verification notices that match each pact's outcome. */
export function afterNoticeLines(r: Pick<VerificationResult, 'pacts'>, c: Colors): string[] {
  return r.pacts.flatMap((p) =>
    afterNotices(p, p.interactions.every((i) => i.status !== 'failed'), p.published === true).map((n) => c.dim(`${p.consumer}: ${n}`)),
  );
}

export function summaryLine(s: Summary, c: Colors): string {
  const parts = [
    c.ok(`${s.passed} verified`),
    s.failed ? c.fail(`${s.failed} failed`) : `${s.failed} failed`,
    s.pendingFailed ? c.warn(`${s.pendingFailed} pending failed`) : `${s.pendingFailed} pending failed`,
  ];
  return `${s.interactions} interaction${s.interactions === 1 ? '' : 's'} in ${s.pacts} pact${s.pacts === 1 ? '' : 's'}: ${parts.join(', ')} (${formatMs(s.durationMs)})`;
}

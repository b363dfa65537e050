/**
 * Human-readable verification report: one block per pact, a ✓/✗ line per interaction (with its V4
 * comments), a summary. Pure functions of the results; verify-stream.ts prints them as they come.
 */
import path from 'node:path';
import type { Mismatch } from '../pact/model.js';
import type { Colors } from './colors.js';
import type { PactStart, ProviderExchange } from '../verify/events.js';
import type { InteractionResult, PactResult, Summary, VerificationResult } from '../verify/results.js';
import { afterNotices, beforeNotices, type LoadedPact } from '../verify/sources.js';
import { NO_RERUN_FLAGS, rerunCommand, type RerunFlags, type RunTarget } from './rerun.js';
import { shorten } from './shorten.js';

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

/** A pact in a few words: its file (relative to `cwd` when inside it), its URL, or why the broker selected it. */
export function pactLabel(p: Pick<PactStart, 'origin' | 'location' | 'shortDescription'>, cwd?: string): string {
  if (p.origin === 'broker' && p.shortDescription) return p.shortDescription;
  if (p.origin !== 'file' || !cwd) return p.location;
  const relative = path.relative(cwd, p.location);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : p.location;
}

/**
 * The broker's notices that explain a pact's pending or WIP status (why a failure will or will not
 * fail the build) are always shown; the others (why each pact was selected, with its long URL) only
 * with --verbose.
 */
export function explainsStatus(notice: string): boolean {
  return /pending state|work in progress|previously been successfully verified|docs\.pact\.io\/go\/(pending|wip)/i.test(notice);
}

/** "The pact at <long URL> is being verified because…" → "This pact is…": the label already names the pact. */
function statusNotice(notice: string): string {
  return notice.replace(/^The pact at \S+ is /, 'This pact is ');
}

const statusTags = (p: { pending: boolean; wip: boolean }) => [p.wip ? 'WIP' : undefined, p.pending ? 'pending' : undefined].filter(Boolean);

/** Before verifying: which pacts, each once with a short label, and what their pending/WIP status means. */
export function selectionLines(pacts: LoadedPact[], provider: string, target: RunTarget, filtered: boolean, c: Colors, cwd?: string): string[] {
  const http = pacts.some((p) => p.pact.interactions.some((i) => i.type === 'Synchronous/HTTP'));
  const hasMessages = pacts.some((p) => p.pact.interactions.some((i) => i.type !== 'Synchronous/HTTP'));
  const messages = target.messageUrl && hasMessages ? `messages from ${target.messageUrl}` : '';
  const against = http ? ` against ${target.providerBaseUrl}${messages ? ` (${messages})` : ''}` : messages ? ` (${messages})` : '';
  const lines = [c.bold(`Verifying ${pacts.length} pact${pacts.length === 1 ? '' : 's'} for ${provider}${against}:`)];
  for (const p of pacts) {
    const tags = statusTags(p);
    const version = p.consumerVersion ? ` (${p.consumerVersion})` : '';
    lines.push(`  - ${p.pact.consumer.name}${version}: ${pactLabel(p, cwd)}${tags.length ? c.warn(` [${tags.join(', ')}]`) : ''}`);
    for (const n of beforeNotices(p).filter(explainsStatus)) lines.push(c.dim(`      ${statusNotice(n)}`));
  }
  if (filtered) lines.push(c.warn('filtered run: verification results will not be published'));
  lines.push('');
  return lines;
}

/** For --verbose: the broker's other notices (why each pact was selected), as the broker wrote them. */
export function selectionDetailLines(pacts: LoadedPact[]): string[] {
  return pacts.flatMap((p) => beforeNotices(p).filter((n) => !explainsStatus(n)).map((n) => `broker notice for ${p.pact.consumer.name}: ${n}`));
}

export function pactHeading(
  p: Pick<PactStart, 'consumer' | 'consumerVersion' | 'provider' | 'origin' | 'location' | 'shortDescription' | 'pending' | 'wip'>,
  c: Colors,
  cwd?: string,
): string {
  const tags = statusTags(p);
  const version = p.consumerVersion ? ` (${p.consumerVersion})` : '';
  return `${c.bold(`Verifying a pact between ${p.consumer}${version} and ${p.provider}`)}${tags.length ? c.warn(` [${tags.join(', ')}]`) : ''} ${c.dim(`(${pactLabel(p, cwd)})`)}`;
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
export function interactionLines(
  pact: Pick<PactResult, 'origin' | 'location'>,
  i: InteractionResult,
  target: RunTarget,
  c: Colors,
  rerun: RerunFlags = NO_RERUN_FLAGS,
): string[] {
  const time = c.dim(`(${KIND[i.type]}${formatMs(i.durationMs)})`);
  if (i.status === 'passed') return [`  ${c.ok('✓')} ${i.description}${given(i)} ${time}`, ...commentLines(i, c)];
  const mark = i.pending ? c.warn('✗') : c.fail('✗');
  const lines = [`  ${mark} ${i.description}${given(i)} ${time}${i.pending ? c.warn(' (pending: does not fail the build)') : ''}`, ...commentLines(i, c)];
  for (const e of i.errors) lines.push(`      ${c.fail(e.message)}`);
  lines.push(...mismatchLines(i.mismatches, c));
  if (i.request) lines.push(c.dim(`      request: ${i.request.method} ${i.request.url}`));
  if (i.handler !== undefined) lines.push(c.dim(`      handler: verify.messageHandlers[${JSON.stringify(i.handler)}]`));
  lines.push(c.dim(`      rerun: ${rerunCommand(pact, i, target, rerun)}`));
  return lines;
}

export const emptyPactLine = (c: Colors) => c.dim('  (no interactions selected by the filters)');

/** After the summary: the broker's after_verification notices that match each pact's outcome and explain its status. */
export function afterNoticeLines(r: Pick<VerificationResult, 'pacts'>, c: Colors, which: 'status' | 'other' = 'status'): string[] {
  return r.pacts.flatMap((p) =>
    afterNotices(p, p.interactions.every((i) => i.status !== 'failed'), p.published === true)
      .filter((n) => explainsStatus(n) === (which === 'status'))
      .map((n) => c.dim(`${p.consumer}: ${which === 'status' ? statusNotice(n) : n}`)),
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

/** After an interrupted run: how far it got, and that nothing was published. */
export function interruptedLine(s: Summary, planned: number | undefined, c: Colors): string {
  const of = planned !== undefined ? ` of ${planned}` : '';
  return c.warn(`interrupted: ${s.interactions}${of} interaction${(planned ?? s.interactions) === 1 ? '' : 's'} finished before the run was stopped (${s.passed} verified, ${s.failed} failed, ${s.pendingFailed} pending failed); nothing was published`);
}

const BODY_CHARS = 300;

/** A body in the --verbose log, on one line: text cut to a few hundred characters, binary as its size. */
export function bodyText(body: Uint8Array | string | undefined): string {
  if (body === undefined || body.length === 0) return 'no body';
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // Control characters other than whitespace (or invalid UTF-8) mean bytes, not text.
  if (/[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(text.slice(0, 1000))) return `body: ${size} bytes`;
  return `body (${size} bytes): ${shorten(text, BODY_CHARS).replace(/\r?\n/g, '\\n')}`;
}

/** --verbose: one provider request and what came back, tagged with the interaction it belongs to. */
export function exchangeLines(e: ProviderExchange): string[] {
  const tag = `[${shorten(e.interaction, 80)}]`;
  const sent = `${tag} → ${e.request.method} ${e.request.url}${e.request.body !== undefined && e.request.body.length > 0 ? `, ${bodyText(e.request.body)}` : ''}`;
  const time = formatMs(e.durationMs);
  return [sent, e.response ? `${tag} ← ${e.response.status} in ${time}, ${bodyText(e.response.body)}` : `${tag} ← no response after ${time}: ${e.error ?? 'failed'}`];
}

/** Human-readable verification report: one block per pact, a ✓/✗ line per interaction, a summary. */
import type { Mismatch } from '../pact/model.js';
import type { Colors } from './colors.js';
import type { InteractionResult, PactResult, Summary } from '../verify/results.js';
import { beforeNotices, type LoadedPact } from '../verify/sources.js';

const HEADINGS: Record<string, string> = {
  status: 'Response status did not match',
  header: 'Headers had differences',
  body: 'Body had differences',
  bodyType: 'Body had differences',
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

/** The command line that reruns just this interaction. */
export function rerunCommand(pact: PactResult, i: InteractionResult, providerBaseUrl: string): string {
  const source = pact.origin === 'file' ? ['--pact', pact.location] : ['--pact-url', pact.location];
  const args = ['pactship', 'verify', ...source, '--provider-base-url', providerBaseUrl, '--filter-description', `^${escapeRegex(i.description)}$`];
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
export function selectionLines(pacts: LoadedPact[], provider: string, providerBaseUrl: string, filtered: boolean, c: Colors): string[] {
  const lines = [c.bold(`Verifying ${pacts.length} pact${pacts.length === 1 ? '' : 's'} for ${provider} against ${providerBaseUrl}:`)];
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

export function pactHeading(p: PactResult, c: Colors): string {
  const tags = [p.wip ? 'WIP' : undefined, p.pending ? 'pending' : undefined].filter(Boolean);
  const from = p.origin === 'file' ? p.location : p.shortDescription ? `${p.shortDescription}` : p.location;
  return `${c.bold(`Verifying a pact between ${p.consumer} and ${p.provider}`)}${tags.length ? c.warn(` [${tags.join(', ')}]`) : ''} ${c.dim(`(${from})`)}`;
}

export function pactLines(p: PactResult, providerBaseUrl: string, c: Colors): string[] {
  const lines = [pactHeading(p, c)];
  for (const i of p.interactions) {
    const time = c.dim(`(${formatMs(i.durationMs)})`);
    if (i.status === 'skipped') {
      lines.push(`  ${c.dim('-')} ${i.description}${given(i)} ${c.dim(`skipped: ${i.skipReason ?? ''}`)}`);
      continue;
    }
    if (i.status === 'passed') {
      lines.push(`  ${c.ok('✓')} ${i.description}${given(i)} ${time}`);
      continue;
    }
    const mark = i.pending ? c.warn('✗') : c.fail('✗');
    lines.push(`  ${mark} ${i.description}${given(i)} ${time}${i.pending ? c.warn(' (pending: does not fail the build)') : ''}`);
    for (const e of i.errors) lines.push(`      ${c.fail(e.message)}`);
    lines.push(...mismatchLines(i.mismatches, c));
    if (i.request) lines.push(c.dim(`      request: ${i.request.method} ${i.request.url}`));
    lines.push(c.dim(`      rerun: ${rerunCommand(p, i, providerBaseUrl)}`));
  }
  if (p.interactions.length === 0) lines.push(c.dim('  (no interactions selected by the filters)'));
  return lines;
}

export function summaryLine(s: Summary, c: Colors): string {
  const parts = [
    c.ok(`${s.passed} verified`),
    s.failed ? c.fail(`${s.failed} failed`) : `${s.failed} failed`,
    s.pendingFailed ? c.warn(`${s.pendingFailed} pending failed`) : `${s.pendingFailed} pending failed`,
    `${s.skipped} skipped`,
  ];
  return `${s.interactions} interaction${s.interactions === 1 ? '' : 's'} in ${s.pacts} pact${s.pacts === 1 ? '' : 's'}: ${parts.join(', ')} (${formatMs(s.durationMs)})`;
}

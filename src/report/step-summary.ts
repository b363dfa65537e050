/** Markdown appended to $GITHUB_STEP_SUMMARY: a table per run and the failures in brief. */
import type { VerificationResult } from '../verify/results.js';
import { exitCodeOf } from '../verify/results.js';
import { formatMs } from './verify-text.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function stepSummaryMarkdown(r: VerificationResult): string {
  const s = r.summary;
  const ok = exitCodeOf(r) === 0;
  const lines = [
    r.interrupted ? `### ⏹️ Pact verification of ${cell(r.provider)}: interrupted` : `### ${ok ? '✅' : '❌'} Pact verification of ${cell(r.provider)}`,
    '',
    `${s.passed} verified, ${s.failed} failed, ${s.pendingFailed} pending failed in ${formatMs(s.durationMs)}${r.filtered ? ` (filtered: ${cell(r.filters.join(', '))}; results not published)` : ''}${r.interrupted ? ' before the run was interrupted (partial results; nothing published)' : ''}`,
    '',
    '| Consumer | Source | Verified | Failed | Pending failed | Published |',
    '|---|---|---:|---:|---:|---|',
  ];
  for (const p of r.pacts) {
    const count = (f: (i: (typeof p.interactions)[number]) => boolean) => p.interactions.filter(f).length;
    lines.push(
      `| ${cell(p.consumer)}${p.pending ? ' (pending)' : ''}${p.wip ? ' (WIP)' : ''} | ${cell(p.shortDescription ?? p.location)} | ${count((i) => i.status === 'passed')} | ${count((i) => i.status === 'failed' && !i.pending)} | ${count((i) => i.status === 'failed' && i.pending)} | ${p.published ? 'yes' : 'no'} |`,
    );
  }
  const failures = r.pacts.flatMap((p) => p.interactions.filter((i) => i.status === 'failed').map((i) => ({ p, i })));
  if (failures.length) {
    lines.push('', '<details><summary>Failures</summary>', '');
    for (const { p, i } of failures) {
      lines.push(`- **${cell(p.consumer)}**: ${cell(i.description)}${i.pending ? ' _(pending)_' : ''}`);
      for (const e of i.errors) lines.push(`  - ${cell(e.message)}`);
      for (const m of i.mismatches.slice(0, 10)) lines.push(`  - \`${cell(m.path || m.kind)}\`: ${cell(m.message)}`);
    }
    lines.push('', '</details>');
  }
  lines.push('', '');
  return lines.join('\n');
}

/** doctor's checklist: one line per check, details and hints indented under it. */
import type { CheckStatus, DoctorReport } from '../release/doctor.js';
import type { Colors } from './colors.js';

const MARKS: Record<CheckStatus, string> = { ok: '✔', info: 'ℹ', warn: '!', fail: '✖', skip: '-' };

export function renderDoctor(report: DoctorReport, colors: Colors): string[] {
  const paint: Record<CheckStatus, (s: string) => string> = { ok: colors.ok, info: colors.info, warn: colors.warn, fail: colors.fail, skip: colors.dim };
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${paint[c.status](MARKS[c.status])} ${c.title}: ${c.status === 'skip' ? colors.dim(`skipped (${c.message})`) : c.message}`);
    for (const d of c.details ?? []) lines.push(`    ${colors.dim(d)}`);
    if (c.hint && (c.status === 'fail' || c.status === 'warn')) lines.push(`    hint: ${c.hint}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  lines.push('');
  lines.push(
    failed > 0
      ? colors.fail(`${failed} problem${failed === 1 ? '' : 's'} will stop pactship commands${warned ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`)
      : colors.ok(`all good${warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}`),
  );
  return lines;
}

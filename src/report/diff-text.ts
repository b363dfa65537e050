/** Renders a DiffReport for the terminal (text/table) and as markdown for a PR comment or step summary. */
import type { Comparison, ConsumerDiff, DiffReport, FieldChange, InteractionRef, ProviderDiff, ProviderVersionStatus } from '../diff/index.js';
import type { Colors } from './colors.js';

type Paint = Pick<Colors, 'ok' | 'fail' | 'warn' | 'dim' | 'bold'>;

function value(v: unknown, max = 80): string {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function interaction(i: InteractionRef): string {
  const states = i.providerStates.length ? ` given ${i.providerStates.map((s) => `"${s}"`).join(' and ')}` : '';
  return `${i.summary} "${i.description}"${states}`;
}

function change(c: FieldChange): string {
  if (c.change === 'added') return `${c.path}: added ${value(c.after)}`;
  if (c.change === 'removed') return `${c.path}: removed (was ${value(c.before)})`;
  return `${c.path}: ${value(c.before)} → ${value(c.after)}`;
}

function counts(c: Comparison): string {
  const d = c.diff;
  return `${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged} unchanged`;
}

function comparedWith(consumer: string, c: Comparison): string {
  if (!c.against) return 'nothing published there';
  const version = c.against.consumerVersion ? `${consumer} ${c.against.consumerVersion}` : c.against.url;
  return `${version}${c.against.why ? `, ${c.against.why}` : ''}`;
}

const STATUS_TEXT: Record<ProviderVersionStatus['status'], string> = {
  verified: 'verified',
  failed: 'verification FAILED',
  'not-verified': 'not verified yet',
};

function versionStatus(v: ProviderVersionStatus, c: Paint): string {
  const mark = v.status === 'verified' ? c.ok('✓') : c.fail('✗');
  const via = v.viaConsumerVersion ? ` (identical pact of consumer version ${v.viaConsumerVersion})` : '';
  const against = v.againstStatus ? c.dim(` — the compared pact: ${STATUS_TEXT[v.againstStatus]}`) : '';
  return `${mark} ${STATUS_TEXT[v.status]}${via}${against}`;
}

function providerLines(consumer: string, p: ProviderDiff, c: Paint): string[] {
  const lines: string[] = [];
  const title =
    p.status === 'new'
      ? `${c.bold(p.provider)}: new — nothing published there yet, every interaction is added`
      : p.status === 'removed'
        ? `${c.bold(p.provider)}: removed — no local pact with it (the broker keeps serving the published one)`
        : `${c.bold(p.provider)}: ${p.status}`;
  lines.push(title + (p.file ? c.dim(`  (${p.file})`) : ''));
  for (const cmp of p.comparisons) {
    if (p.status !== 'new') lines.push(`  compared with ${comparedWith(consumer, cmp)}: ${counts(cmp)}`);
    for (const i of cmp.diff.added) lines.push(`  ${c.ok('+ added  ')} ${interaction(i)}`);
    for (const i of cmp.diff.removed) lines.push(`  ${c.fail('- removed')} ${interaction(i)}`);
    for (const ch of cmp.diff.changed) {
      lines.push(`  ${c.warn('~ changed')} ${interaction(ch.interaction)}`);
      for (const f of ch.changes) lines.push(`      ${change(f)}`);
    }
    if (cmp.diff.specVersion) lines.push(`  pact specification ${cmp.diff.specVersion.from} → ${cmp.diff.specVersion.to}`);
  }
  if (p.verification) {
    const rows = p.verification.flatMap((e) => e.providerVersions.map((v) => ({ e, v })));
    if (rows.length === 0) lines.push(`  ${p.provider} is not deployed or released in any environment: no verification to check`);
    else {
      lines.push(`  verified by ${p.provider}?`);
      const envWidth = Math.max(...rows.map(({ e }) => e.environment.length));
      const versionWidth = Math.max(...rows.map(({ v }) => `${v.version} (${v.how.join(', ')})`.length));
      for (const { e, v } of rows) lines.push(`    ${e.environment.padEnd(envWidth)}  ${`${v.version} (${v.how.join(', ')})`.padEnd(versionWidth)}  ${versionStatus(v, c)}`);
    }
  }
  if (!p.verification && p.status !== 'removed') lines.push(c.dim('  the broker has no environments (an older pact_broker): no verification check'));
  const unverified = (p.verification ?? []).filter((e) => e.providerVersions.some((v) => v.status !== 'verified'));
  if (p.needsProviderWork === true) {
    const where = unverified.map((e) => `${e.environment} (${e.providerVersions.filter((v) => v.status !== 'verified').map((v) => v.version).join(', ')})`).join(', ');
    lines.push(`  ${c.warn('→ needs provider work:')} ${p.provider} in ${where} has not verified these interactions; until it has, can-i-deploy there says no`);
  } else if (p.needsProviderWork === false && p.status !== 'removed') {
    lines.push(`  ${c.ok('→ no new provider work:')} every ${p.provider} version in an environment has verified these interactions`);
  }
  return lines;
}

function consumerLines(r: ConsumerDiff, c: Paint): string[] {
  const lines = [c.bold(`${r.consumer} against ${r.against.description}`)];
  if (r.providers.length === 0) lines.push('  no pacts, local or published');
  for (const p of r.providers) lines.push('', ...providerLines(r.consumer, p, c));
  return lines;
}

export function diffTextLines(report: DiffReport, colors: Paint): string[] {
  return report.results.flatMap((r, i) => [...(i > 0 ? [''] : []), ...consumerLines(r, colors)]);
}

// ---- markdown ----------------------------------------------------------------------------------

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function work(p: ProviderDiff): string {
  if (p.status === 'removed') return '—';
  if (p.needsProviderWork === null) return 'unknown (not deployed anywhere)';
  if (!p.needsProviderWork) return '✅ no';
  const pending = (p.verification ?? []).flatMap((e) => e.providerVersions.filter((v) => v.status !== 'verified').map((v) => `${e.environment} ${v.version}`));
  return `⚠️ yes (${cell(pending.join(', '))})`;
}

function mdInteraction(i: InteractionRef): string {
  const states = i.providerStates.length ? ` _given ${cell(i.providerStates.join(' and '))}_` : '';
  return `${code(i.summary)} ${cell(i.description)}${states}`;
}

function mdChange(f: FieldChange): string {
  if (f.change === 'added') return `${code(f.path)} added ${code(value(f.after))}`;
  if (f.change === 'removed') return `${code(f.path)} removed (was ${code(value(f.before))})`;
  return `${code(f.path)} ${code(value(f.before))} → ${code(value(f.after))}`;
}

function mdProvider(consumer: string, p: ProviderDiff): string[] {
  const totals = p.comparisons.map(counts).join('; ');
  const lines = ['', `<details><summary><b>${cell(p.provider)}</b>: ${p.status} — ${cell(totals)}</summary>`, ''];
  for (const cmp of p.comparisons) {
    lines.push(`Compared with ${cell(comparedWith(consumer, cmp))}${p.file ? ` (local ${code(p.file)})` : ''}.`, '');
    if (cmp.diff.added.length) lines.push('**Added**', ...cmp.diff.added.map((i) => `- ${mdInteraction(i)}`), '');
    if (cmp.diff.removed.length) lines.push('**Removed**', ...cmp.diff.removed.map((i) => `- ${mdInteraction(i)}`), '');
    if (cmp.diff.changed.length) {
      lines.push('**Changed**');
      for (const ch of cmp.diff.changed) lines.push(`- ${mdInteraction(ch.interaction)}`, ...ch.changes.map((f) => `  - ${mdChange(f)}`));
      lines.push('');
    }
    if (cmp.diff.specVersion) lines.push(`Pact specification ${cmp.diff.specVersion.from} → ${cmp.diff.specVersion.to}.`, '');
  }
  const rows = (p.verification ?? []).flatMap((e) => e.providerVersions.map((v) => ({ e, v })));
  if (rows.length) {
    lines.push(`| Environment | ${cell(p.provider)} version | These interactions | The compared pact |`, '|---|---|---|---|');
    for (const { e, v } of rows) {
      const mark = v.status === 'verified' ? '✅' : v.status === 'failed' ? '❌' : '⏳';
      lines.push(`| ${cell(e.environment)} | ${cell(v.version)} | ${mark} ${STATUS_TEXT[v.status]} | ${v.againstStatus ? STATUS_TEXT[v.againstStatus] : '—'} |`);
    }
    lines.push('');
  }
  lines.push('</details>');
  return lines;
}

export function diffMarkdown(report: DiffReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    lines.push(`### Pact diff: ${cell(r.consumer)} against ${cell(r.against.description)}`, '');
    if (r.providers.length === 0) {
      lines.push('No pacts, local or published.', '');
      continue;
    }
    lines.push('| Provider | Status | Added | Removed | Changed | Unchanged | Needs provider work |', '|---|---|---:|---:|---:|---:|---|');
    for (const p of r.providers) {
      const sum = (f: (c: Comparison) => number) => p.comparisons.reduce((n, c) => n + f(c), 0);
      lines.push(
        `| ${cell(p.provider)} | ${p.status} | ${sum((c) => c.diff.added.length)} | ${sum((c) => c.diff.removed.length)} | ${sum((c) => c.diff.changed.length)} | ${sum((c) => c.diff.unchanged)} | ${work(p)} |`,
      );
    }
    for (const p of r.providers) lines.push(...mdProvider(r.consumer, p));
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * can-i-deploy / can-i-merge rendering: the text table (as the Ruby client prints it, plus what is
 * missing and how to fix it) and the JSON document (the broker's body, plus pactship's reading of it).
 */
import type { CanIDeployOutcome } from '../release/can-i-deploy.js';
import type { MatrixQuery } from '../release/matrix.js';
import { describeSelector } from '../release/selectors.js';
import { noticeColor, type Colors } from './colors.js';
import { textTable } from './text-table.js';

export interface RenderOptions {
  colors: Colors;
  dryRun: boolean;
  retries: number;
}

function headline(outcome: CanIDeployOutcome, o: RenderOptions): string {
  if (outcome.answer === 'yes') return o.colors.ok('Computer says yes \\o/');
  const still = outcome.unknownAfterRetries && o.retries > 0 ? ` (still unknown after ${o.retries} ${o.retries === 1 ? 'retry' : 'retries'})` : '';
  if (outcome.answer === 'unknown') return o.colors.fail(`Computer says no ¯\\_(ツ)_/¯ — the answer is unknown: verification results are missing${still}`);
  return o.colors.fail(`Computer says no ¯\\_(ツ)_/¯${still}`);
}

export function renderCanIDeploy(outcome: CanIDeployOutcome, query: MatrixQuery, o: RenderOptions): string[] {
  const { colors } = o;
  const lines: string[] = [headline(outcome, o), ''];
  const rows = outcome.result.rows;
  const links: string[] = [];
  if (rows.length > 0) {
    const body = rows.map((r) => {
      let result = '';
      if (r.verification?.url) {
        links.push(`${links.length + 1}. ${r.verification.url} (${r.verification.success ? 'success' : 'failure'})`);
        result = String(links.length);
      }
      const success = r.ignored ? 'ignored' : r.verification ? String(r.verification.success) : '???';
      return [r.consumer.name, r.consumer.version?.number ?? '???', r.provider.name, r.provider.version?.number ?? '???', success, result];
    });
    lines.push(...textTable(['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'SUCCESS?', 'RESULT#'], body));
    if (links.length > 0) lines.push('', 'VERIFICATION RESULTS', '--------------------', ...links);
  } else if (outcome.answer === 'yes') {
    lines.push(colors.dim(`There are no integrations to check for ${query.selectors.map(describeSelector).join(', ')}.`));
  }
  if (lines.at(-1) !== '') lines.push('');
  if (outcome.result.notices.length > 0) {
    for (const n of outcome.result.notices) lines.push(noticeColor(colors, n.type)(n.text));
  } else if (outcome.result.summary.reason) {
    lines.push(...outcome.result.summary.reason.split('\n'));
  }
  if (outcome.missing.length > 0 && outcome.missing.some((m) => m.kind !== 'broker-says')) {
    lines.push('', colors.bold('What is missing:'));
    for (const m of outcome.missing) {
      lines.push(`  ${colors.fail('✖')} ${m.message}`);
      for (const fix of m.fixes) lines.push(`    ${colors.dim('→')} ${fix}`);
    }
  }
  if (o.dryRun) {
    return [...lines.map((l) => (l === '' ? l : `[dry-run] ${l}`)), '', colors.warn('[dry-run] Dry run enabled - exiting 0 whatever the answer.')];
  }
  return lines;
}

export function canIDeployDocument(outcome: CanIDeployOutcome, o: { dryRun: boolean; exitCode: number; retries: number }): Record<string, unknown> {
  const body = outcome.body && typeof outcome.body === 'object' ? (outcome.body as Record<string, unknown>) : {};
  return {
    summary: body.summary ?? outcome.result.summary,
    notices: body.notices ?? outcome.result.notices,
    matrix: body.matrix ?? [],
    pactship: {
      answer: outcome.answer,
      deployable: outcome.deployable,
      exitCode: o.exitCode,
      dryRun: o.dryRun,
      attempts: outcome.attempts,
      retriesAllowed: o.retries,
      unknownAfterRetries: outcome.unknownAfterRetries,
      missing: outcome.missing,
      url: outcome.url,
    },
  };
}

/** The JSON printed when the broker could not be asked (exit 2), so `--output json` always prints a document. */
export function canIDeployErrorDocument(error: unknown, o: { dryRun: boolean }): Record<string, unknown> {
  const e = error as { code?: string; message?: string; hint?: string; details?: string[] };
  return {
    summary: null,
    pactship: {
      answer: 'error',
      deployable: false,
      exitCode: 2,
      dryRun: o.dryRun,
      error: { code: e.code ?? 'UNEXPECTED', message: e.message ?? String(error), ...(e.hint ? { hint: e.hint } : {}), ...(e.details?.length ? { details: e.details } : {}) },
    },
  };
}

/**
 * The text report as a VerifyReporter: prints each pact's heading when it starts and each
 * interaction's lines as soon as its result is known (in pact order), then publishing notes and
 * the summary. Used by the CLI (through its redacting output) and by `verify({ stream })`.
 */
import type { Colors } from './colors.js';
import type { VerifyReporter } from '../verify/events.js';
import { NO_RERUN_FLAGS, type RerunFlags, type RunTarget } from './rerun.js';
import {
  afterNoticeLines,
  emptyPactLine,
  exchangeLines,
  interactionLines,
  interruptedLine,
  pactHeading,
  selectionDetailLines,
  selectionLines,
  summaryLine,
} from './verify-text.js';

export interface TextSink {
  /** The result itself (interaction lines, summary). */
  line(text: string): void;
  /** Progress that is not the result: what will be verified and why, provider start, publishing. */
  info(text: string): void;
  warn(text: string): void;
  debug?(text: string): void;
}

export interface TextReportOptions {
  /** Pact files are labelled relative to it. */
  cwd?: string;
  /** What the rerun lines repeat besides the pact and the filters (see rerun.ts). */
  rerun?: RerunFlags;
  /** Log each provider request and response through `sink.debug` (built only when asked: it costs per request). */
  verbose?: boolean;
}

export function textReporter(sink: TextSink, c: Colors, options: TextReportOptions = {}): VerifyReporter {
  const { cwd, rerun = NO_RERUN_FLAGS } = options;
  let target: RunTarget = { providerBaseUrl: '' };
  let provider = '';
  let planned: number | undefined;
  const debug = (m: string) => sink.debug?.(m);
  return {
    start(plan) {
      target = plan;
      provider = plan.provider;
      for (const line of selectionLines(plan.pacts, plan.provider, plan, plan.filtered, c, cwd)) sink.info(line);
      for (const line of selectionDetailLines(plan.pacts)) debug(line);
    },
    providerStarting: ({ command, readyUrl }) => sink.info(c.dim(`starting the provider: ${command} (waiting for ${readyUrl})`)),
    selected(counts) {
      planned = counts.interactions;
    },
    pactStart(pact) {
      sink.line(pactHeading(pact, c, cwd));
      if (pact.interactions === 0) sink.line(emptyPactLine(c));
    },
    ...(options.verbose && sink.debug
      ? {
          exchange(e) {
            for (const line of exchangeLines(e)) debug(line);
          },
        }
      : {}),
    interaction(pact, result) {
      for (const line of interactionLines(pact, result, target, c, rerun)) sink.line(line);
    },
    pactEnd: () => sink.line(''),
    published(p) {
      for (const note of p.skipped) sink.info(c.warn(note));
      if (p.sent.length) {
        sink.info(c.ok(`published verification results for ${p.sent.join(', ')} as ${provider} version ${p.providerVersion}${p.branch ? ` (branch ${p.branch})` : ''}`));
      }
      for (const e of p.errors) sink.warn(`could not publish verification results: ${e}`);
    },
    warning: (m) => sink.warn(m),
    debug,
    end(o) {
      if (o.verifiedNothing) {
        const selectors = o.selection ? ` with selectors ${JSON.stringify(o.selection.consumerVersionSelectors)}` : '';
        sink.info(`verified nothing: no pacts found for provider ${o.provider}${selectors}${o.exitCode === 0 ? ' (failIfNoPacts is off: exit 0)' : ''}`);
        return;
      }
      if (o.interrupted) {
        sink.line('');
        sink.line(interruptedLine(o.summary, planned, c));
        if (o.reportFiles.length) sink.info(`partial reports (marked interrupted): ${o.reportFiles.join(', ')}`);
        return;
      }
      sink.line(summaryLine(o.summary, c));
      if (o.summary.passed + o.summary.failed + o.summary.pendingFailed === 0) {
        sink.line(c.fail(`verified nothing${o.filtered ? ` (filters: ${o.filters.join(', ')})` : ''}`));
      }
      for (const line of afterNoticeLines(o, c)) sink.info(line);
      for (const line of afterNoticeLines(o, c, 'other')) debug(line);
    },
  };
}

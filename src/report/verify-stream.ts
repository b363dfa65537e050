/**
 * The text report as a VerifyReporter: prints each pact's heading when it starts and each
 * interaction's lines as soon as its result is known (in pact order), then publishing notes and
 * the summary. Used by the CLI (through its redacting output) and by `verify({ stream })`.
 */
import type { Colors } from './colors.js';
import type { VerifyReporter } from '../verify/events.js';
import type { RunTarget } from './verify-text.js';
import { afterNoticeLines, emptyPactLine, interactionLines, pactHeading, selectionLines, summaryLine } from './verify-text.js';

export interface TextSink {
  /** The result itself (interaction lines, summary). */
  line(text: string): void;
  /** Progress that is not the result: what will be verified and why, provider start, publishing. */
  info(text: string): void;
  warn(text: string): void;
  debug?(text: string): void;
}

export function textReporter(sink: TextSink, c: Colors): VerifyReporter {
  let target: RunTarget = { providerBaseUrl: '' };
  let provider = '';
  return {
    start(plan) {
      target = plan;
      provider = plan.provider;
      for (const line of selectionLines(plan.pacts, plan.provider, plan, plan.filtered, c)) sink.info(line);
    },
    providerStarting: ({ command, readyUrl }) => sink.info(c.dim(`starting the provider: ${command} (waiting for ${readyUrl})`)),
    pactStart(pact) {
      sink.line(pactHeading(pact, c));
      if (pact.interactions === 0) sink.line(emptyPactLine(c));
    },
    interaction(pact, result) {
      for (const line of interactionLines(pact, result, target, c)) sink.line(line);
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
    debug: (m) => sink.debug?.(m),
    end(o) {
      if (o.verifiedNothing) {
        const selectors = o.selection ? ` with selectors ${JSON.stringify(o.selection.consumerVersionSelectors)}` : '';
        sink.info(`verified nothing: no pacts found for provider ${o.provider}${selectors}${o.exitCode === 0 ? ' (failIfNoPacts is off: exit 0)' : ''}`);
        return;
      }
      if (o.interrupted) {
        sink.line(c.warn(`interrupted: ${o.summary.interactions} interaction(s) finished before the run was stopped; nothing was published`));
        return;
      }
      sink.line(summaryLine(o.summary, c));
      if (o.summary.passed + o.summary.failed + o.summary.pendingFailed === 0) {
        sink.line(c.fail(`verified nothing${o.filtered ? ` (filters: ${o.filters.join(', ')})` : ''}`));
      }
      for (const line of afterNoticeLines(o, c)) sink.info(line);
    },
  };
}

/** `pactship verify`: flags → runVerification (core) → the outcome rendered → exit code. Results stream through ctx.out. */
import { progress } from '../../report/progress.js';
import { unsavedText } from '../../report/unsent-text.js';
import { verifyJsonDocument } from '../../report/verify-json.js';
import { textReporter } from '../../report/verify-stream.js';
import { VERSION } from '../../version.js';
import { outcomeError } from '../../verify/errors.js';
import { combineReporters } from '../../verify/events.js';
import { shown } from '../../verify/publish-step.js';
import { ReportFileError, runVerification } from '../../verify/run.js';
import type { CommandContext } from '../context.js';
import { verifyInput, type VerifyCommandOptions } from '../verify-input.js';

export async function run(ctx: CommandContext, options: VerifyCommandOptions): Promise<number> {
  const { out } = ctx;
  const input = await verifyInput(ctx, options);
  // Ctrl-C/SIGTERM: no new request is sent; the interactions in flight finish unreported, the
  // provider stops, nothing is published, the reports and the JSON document say `interrupted`, and
  // main exits 130/143 once this returns.
  const signal = ctx.interruptible();
  // While results are being posted they are already saved: a signal then says where, and does not wait on the broker.
  let posting: string | undefined;
  const interruptedWhilePosting = new Promise<string>((resolve) => {
    signal.addEventListener('abort', () => posting && resolve(posting), { once: true });
  });
  const live = progress({ show: (text) => out.status(text), clear: () => out.status(undefined) });
  const lines = { line: (t: string) => out.line(t), info: (t: string) => out.info(t), warn: (t: string) => out.warn(t), debug: (t: string) => out.debug(t) };
  const text = textReporter(lines, out.colors, { cwd: ctx.cwd, rerun: input.rerun, verbose: out.verbose });
  const printUnsaved = (u: Parameters<typeof unsavedText>[0] | undefined) => {
    const t = u && unsavedText(u);
    if (t) out.error(t);
  };
  const running = runVerification({
    ...input,
    cwd: ctx.cwd,
    env: ctx.env,
    reporter: out.live ? combineReporters(text, live.reporter) : text,
    signal,
    broker: (r) => ctx.broker(r),
    redact: (t) => out.redact(t),
    onPosting: (file) => (posting = file),
  })
    .catch((error: unknown) => {
      // The reports failed, not the publishing: results that could not be saved still get printed.
      if (error instanceof ReportFileError) printUnsaved(error.outcome?.publication?.unsent);
      throw error;
    })
    .finally(() => live.stop());
  const outcome = await Promise.race([running, interruptedWhilePosting]);
  if (typeof outcome === 'string') {
    const file = shown(outcome, ctx.cwd);
    out.error(`verification results not confirmed as published are saved in ${file}\nhint: Send them with: pactship publish-results ${file}`);
    return 1;
  }
  out.document(verifyJsonDocument(outcome, { version: VERSION }));
  if (outcome.interrupted) return outcome.exitCode;
  printUnsaved(outcome.publication?.unsent);
  const error = outcomeError(outcome, ctx.cwd);
  if (error) throw error;
  return outcome.exitCode;
}

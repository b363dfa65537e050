/** `pactship verify`: flags → config → runVerification (core) → exit code. The text report streams through ctx.out. */
import { ExitCode } from '../../errors.js';
import { verifyJsonDocument } from '../../report/verify-json.js';
import { textReporter } from '../../report/verify-stream.js';
import { VERSION } from '../../version.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { describeUnsent, shown, type UnsentResults } from '../../verify/publish-step.js';
import { ReportFileError, runVerification } from '../../verify/run.js';
import { filtersFrom, verifyFlagEntries, type VerifyFlags } from '../../verify/selection.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & BrokerFlags & VerifyFlags;

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(o), ...verifyFlagEntries(o)]), o.config);
  const { out } = ctx;
  // Ctrl-C: no new interaction starts; wait for the run to wind down (teardowns, provider stopped by the core).
  const abort = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  // While results are being posted they are already saved: a signal then says where, and does not wait on the broker.
  let posting: string | undefined;
  ctx.onCleanup(async () => {
    abort.abort();
    if (posting) {
      const file = shown(posting, ctx.cwd);
      out.error(`verification results not confirmed as published are saved in ${file}\nhint: Send them with: pactship publish-results ${file}`);
      return;
    }
    await running;
  });
  const run = runVerification({
    resolved,
    filters: filtersFrom(o, ctx.env),
    cwd: ctx.cwd,
    env: ctx.env,
    reporter: textReporter({ line: (t) => out.line(t), info: (t) => out.info(t), warn: (t) => out.warn(t), debug: (t) => out.debug(t) }, out.colors),
    signal: abort.signal,
    reports: { ...(o.json ? { json: o.json } : {}), ...(o.junit ? { junit: o.junit } : {}), ...(ctx.env.GITHUB_STEP_SUMMARY ? { stepSummary: ctx.env.GITHUB_STEP_SUMMARY } : {}) },
    broker: (r) => ctx.broker(r),
    redact: (t) => out.redact(t),
    onPosting: (file) => (posting = file),
  });
  running = run.catch(() => undefined);
  const outcome = await run.catch((error: unknown) => {
    // The reports failed, not the publishing: results that could not be saved still get printed.
    if (error instanceof ReportFileError && error.outcome?.publication?.unsent) printUnsaved(ctx, error.outcome.publication.unsent);
    throw error;
  });
  if (outcome.interrupted) return ExitCode.No;
  out.document(verifyJsonDocument(outcome, { version: VERSION }));

  if (outcome.verifiedNothing && outcome.exitCode !== 0) {
    const s = outcome.selection;
    throw new NothingVerifiedError(`verified nothing: the broker selected no pacts for provider '${outcome.provider}'`, {
      details: s ? [`provider: ${outcome.provider}`, `selectors: ${JSON.stringify(s.consumerVersionSelectors)}`, `request: ${JSON.stringify(s)}`] : [],
      hint: 'Check the selectors (--consumer-version-selector) and the provider name, or pass --no-fail-if-no-pacts to allow this.',
    });
  }
  const unsent = outcome.publication?.unsent;
  if (unsent) {
    printUnsaved(ctx, unsent);
    const { message, hint } = describeUnsent(unsent, ctx.cwd);
    throw new ResultsNotSentError(message, unsent.file, { hint });
  }
  return outcome.exitCode;
}

/** Unsent results that could not be saved: the file's text goes to stderr, so they are not lost. */
function printUnsaved(ctx: CommandContext, unsent: UnsentResults): void {
  const u = unsent.unsaved;
  if (!u) return;
  ctx.out.error(`could not save ${unsent.count} unsent verification result(s) to ${u.destination}: ${u.reason}. Here they are, as that file:`);
  ctx.out.error(u.document.trimEnd());
}

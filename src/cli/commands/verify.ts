/** `pactship verify`: flags → config → runVerification (core) → exit code. The text report streams through ctx.out. */
import { progress } from '../../report/progress.js';
import { rerunFlags } from '../../report/rerun.js';
import { verifyJsonDocument } from '../../report/verify-json.js';
import { textReporter } from '../../report/verify-stream.js';
import { VERSION } from '../../version.js';
import { isSecretHeader } from '../../webhooks/spec.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { combineReporters } from '../../verify/events.js';
import { lastFailed } from '../../verify/last-failed.js';
import { describeUnsent, shown, type UnsentResults } from '../../verify/publish-step.js';
import { applyDefaults, translateReferenceOptions, type CommandOptions } from '../../verify/reference-options.js';
import { ReportFileError, runVerification } from '../../verify/run.js';
import { filtersFrom, verifyFlagEntries } from '../../verify/selection.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & Omit<BrokerFlags, 'brokerUsername'> & CommandOptions;

export async function run(ctx: CommandContext, options: Options): Promise<number> {
  const { out } = ctx;
  // The reference verifier's option names and env vars, in pactship's terms.
  const ref = await translateReferenceOptions(options, ctx.env, ctx.cwd);
  const o = ref.flags;
  const layer = flagLayer([...brokerFlagEntries(o), ...verifyFlagEntries(o)]);
  const resolved = await ctx.loadConfig({ values: layer.values, names: { ...layer.names, ...ref.names } }, options.config);
  for (const note of applyDefaults(resolved, ref.defaults)) ref.debug.push(note);
  for (const note of ref.notes) out.info(out.colors.dim(`note: ${note}`));
  for (const note of ref.debug) out.debug(note);
  const previous = options.lastFailed ? await lastFailed(ref.reports.json, ctx.cwd) : undefined;
  if (previous) out.info(out.colors.dim(previous.note));
  ctx.addSecrets(credentialHeaderValues(resolved.config.verify.headers));
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
  const rerun = rerunFlags(resolved, { cwd: ctx.cwd, ...(options.config ? { configPath: options.config } : {}) });
  const text = textReporter({ line: (t) => out.line(t), info: (t) => out.info(t), warn: (t) => out.warn(t), debug: (t) => out.debug(t) }, out.colors, {
    cwd: ctx.cwd,
    rerun,
    verbose: out.verbose,
  });
  const running = runVerification({
    resolved,
    filters: filtersFrom(o, ctx.env, previous?.only),
    cwd: ctx.cwd,
    env: ctx.env,
    reporter: out.live ? combineReporters(text, live.reporter) : text,
    signal,
    reports: { ...ref.reports, ...(ctx.env.GITHUB_STEP_SUMMARY ? { stepSummary: ctx.env.GITHUB_STEP_SUMMARY } : {}) },
    ...(options.exitOnFirstError ? { stopAfterFirstFailure: true } : {}),
    broker: (r) => ctx.broker(r),
    redact: (t) => out.redact(t),
    onPosting: (file) => (posting = file),
    rerun,
  })
    .catch((error: unknown) => {
      // The reports failed, not the publishing: results that could not be saved still get printed.
      if (error instanceof ReportFileError && error.outcome?.publication?.unsent) printUnsaved(ctx, error.outcome.publication.unsent);
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

/** Values of provider headers named like credentials (Authorization, X-Api-Key, …): never printed, not even in a rerun line. */
function credentialHeaderValues(headers: string[]): string[] {
  return headers.flatMap((h) => {
    const colon = h.indexOf(':');
    return colon > 0 && isSecretHeader(h.slice(0, colon)) ? [h.slice(colon + 1).trim()] : [];
  });
}

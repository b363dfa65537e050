/** `pactship verify`: flags → config → runVerification (core) → exit code. The text report streams through ctx.out. */
import path from 'node:path';
import { ExitCode } from '../../errors.js';
import { verifyJsonDocument } from '../../report/verify-json.js';
import { textReporter } from '../../report/verify-stream.js';
import { VERSION } from '../../version.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { lastFailed } from '../../verify/last-failed.js';
import { applyDefaults, translateReferenceOptions, type CommandOptions } from '../../verify/reference-options.js';
import { runVerification } from '../../verify/run.js';
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
  // Ctrl-C: no new interaction starts; wait for the run to wind down (teardowns, provider stopped by the core).
  const abort = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  ctx.onCleanup(async () => {
    abort.abort();
    await running;
  });
  const run = runVerification({
    resolved,
    filters: filtersFrom(o, ctx.env, previous?.only),
    cwd: ctx.cwd,
    env: ctx.env,
    reporter: textReporter({ line: (t) => out.line(t), info: (t) => out.info(t), warn: (t) => out.warn(t), debug: (t) => out.debug(t) }, out.colors),
    signal: abort.signal,
    reports: { ...ref.reports, ...(ctx.env.GITHUB_STEP_SUMMARY ? { stepSummary: ctx.env.GITHUB_STEP_SUMMARY } : {}) },
    ...(options.exitOnFirstError ? { stopAfterFirstFailure: true } : {}),
    broker: (r) => ctx.broker(r),
    redact: (t) => out.redact(t),
  });
  running = run.catch(() => undefined);
  const outcome = await run;
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
    const shown = path.relative(ctx.cwd, unsent.file) || unsent.file;
    throw new ResultsNotSentError(`${unsent.count} verification result(s) could not be published; saved to ${shown}`, unsent.file, {
      hint: `Send them later with: pactship publish-results ${shown}`,
    });
  }
  return outcome.exitCode;
}

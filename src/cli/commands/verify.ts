/** `pactship verify`: flags → config → runVerification (core) → exit code. The text report streams through ctx.out. */
import path from 'node:path';
import { progress } from '../../report/progress.js';
import { rerunFlags } from '../../report/rerun.js';
import { verifyJsonDocument } from '../../report/verify-json.js';
import { textReporter } from '../../report/verify-stream.js';
import { VERSION } from '../../version.js';
import { isSecretHeader } from '../../webhooks/spec.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { combineReporters } from '../../verify/events.js';
import { runVerification } from '../../verify/run.js';
import { filtersFrom, verifyFlagEntries, type VerifyFlags } from '../../verify/selection.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & BrokerFlags & VerifyFlags;

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(o), ...verifyFlagEntries(o)]), o.config);
  const { out } = ctx;
  ctx.addSecrets(credentialHeaderValues(resolved.config.verify.headers));
  // Ctrl-C/SIGTERM: no new request is sent; the interactions in flight finish unreported, the
  // provider stops, nothing is published, the reports and the JSON document say `interrupted`, and
  // main exits 130/143 once this returns.
  const signal = ctx.interruptible();
  const live = progress({ show: (text) => out.status(text), clear: () => out.status(undefined) });
  const text = textReporter({ line: (t) => out.line(t), info: (t) => out.info(t), warn: (t) => out.warn(t), debug: (t) => out.debug(t) }, out.colors, {
    cwd: ctx.cwd,
    rerun: rerunFlags(resolved, { cwd: ctx.cwd, ...(o.config ? { configPath: o.config } : {}) }),
    verbose: out.verbose,
  });
  const outcome = await runVerification({
    resolved,
    filters: filtersFrom(o, ctx.env),
    cwd: ctx.cwd,
    env: ctx.env,
    reporter: out.live ? combineReporters(text, live.reporter) : text,
    signal,
    reports: { ...(o.json ? { json: o.json } : {}), ...(o.junit ? { junit: o.junit } : {}), ...(ctx.env.GITHUB_STEP_SUMMARY ? { stepSummary: ctx.env.GITHUB_STEP_SUMMARY } : {}) },
    broker: (r) => ctx.broker(r),
    redact: (t) => out.redact(t),
  }).finally(() => live.stop());
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
    const shown = path.relative(ctx.cwd, unsent.file) || unsent.file;
    throw new ResultsNotSentError(`${unsent.count} verification result(s) could not be published; saved to ${shown}`, unsent.file, {
      hint: `Send them later with: pactship publish-results ${shown}`,
    });
  }
  return outcome.exitCode;
}

/** Values of provider headers named like credentials (Authorization, X-Api-Key, …): never printed, not even in a rerun line. */
function credentialHeaderValues(headers: string[]): string[] {
  return headers.flatMap((h) => {
    const colon = h.indexOf(':');
    return colon > 0 && isSecretHeader(h.slice(0, colon)) ? [h.slice(colon + 1).trim()] : [];
  });
}

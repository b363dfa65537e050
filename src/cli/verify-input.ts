/**
 * `pactship verify`'s flags (its own and the reference verifier's names) → what runVerification
 * takes: the resolved config, filters (with --last-failed's set), report files and rerun flags.
 */
import { rerunFlags, type RerunFlags } from '../report/rerun.js';
import { secretHeaderValues } from '../secret-headers.js';
import type { ResolvedConfig } from '../config/types.js';
import { lastFailed } from '../verify/last-failed.js';
import { applyDefaults, translateReferenceOptions, type CommandOptions } from '../verify/reference-options.js';
import type { Filters } from '../verify/runner.js';
import type { ReportFiles } from '../verify/run.js';
import { filtersFrom, verifyFlagEntries } from '../verify/selection.js';
import type { CommandContext } from './context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from './options.js';

export type VerifyCommandOptions = CommonFlags & Omit<BrokerFlags, 'brokerUsername'> & CommandOptions;

export interface VerifyInput {
  resolved: ResolvedConfig;
  filters: Filters;
  reports: ReportFiles;
  rerun: RerunFlags;
  stopAfterFirstFailure: boolean;
}

export async function verifyInput(ctx: CommandContext, options: VerifyCommandOptions): Promise<VerifyInput> {
  const { out } = ctx;
  const ref = await translateReferenceOptions(options, ctx.env, ctx.cwd);
  const o = ref.flags;
  const layer = flagLayer([...brokerFlagEntries(o), ...verifyFlagEntries(o)]);
  const resolved = await ctx.loadConfig({ values: layer.values, names: { ...layer.names, ...ref.names } }, options.config);
  for (const note of applyDefaults(resolved, ref.defaults)) ref.debug.push(note);
  for (const note of ref.notes) out.info(out.colors.dim(`note: ${note}`));
  for (const note of ref.debug) out.debug(note);
  const previous = options.lastFailed ? await lastFailed(ref.reports.json, ctx.cwd) : undefined;
  if (previous) out.info(out.colors.dim(previous.note));
  ctx.addSecrets(secretHeaderValues(resolved.config.verify.headers));
  return {
    resolved,
    filters: filtersFrom(o, ctx.env, previous?.only),
    reports: { ...ref.reports, ...(ctx.env.GITHUB_STEP_SUMMARY ? { stepSummary: ctx.env.GITHUB_STEP_SUMMARY } : {}) },
    rerun: rerunFlags(resolved, { cwd: ctx.cwd, ...(options.config ? { configPath: options.config } : {}) }),
    stopAfterFirstFailure: Boolean(options.exitOnFirstError),
  };
}

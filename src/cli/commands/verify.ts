/** `pactship verify`: options → sources → (start provider) → verify → publish → reporters → exit code. */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerClient } from '../../broker/client.js';
import { detectVersionProperties, systemGit, type VersionProperties } from '../../ci/detect.js';
import { UsageError } from '../../errors.js';
import { junitXml } from '../../report/junit.js';
import { stepSummaryMarkdown } from '../../report/step-summary.js';
import { verifyJsonDocument, verifyJsonText } from '../../report/verify-json.js';
import { pactLines, selectionLines, summaryLine } from '../../report/verify-text.js';
import { VERSION } from '../../version.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { ProviderClient } from '../../verify/provider-client.js';
import { startProvider } from '../../verify/provider-process.js';
import { publishVerification } from '../../verify/publish-step.js';
import { parseHeaderFlags } from '../../verify/request.js';
import { exitCodeOf, type VerificationResult } from '../../verify/results.js';
import { isFiltered, verifyAll } from '../../verify/runner.js';
import { filtersFrom, forVerificationRequest, verifyFlagEntries, type VerifyFlags } from '../../verify/selection.js';
import { afterNotices, collectPacts, forVerificationBody } from '../../verify/sources.js';
import { createStateChanger } from '../../verify/state-change.js';
import type { CommandContext } from '../context.js';
import { brokerFlagEntries, flagLayer, type BrokerFlags, type CommonFlags } from '../options.js';

type Options = CommonFlags & BrokerFlags & VerifyFlags;

export async function run(ctx: CommandContext, o: Options): Promise<number> {
  const resolved = await ctx.loadConfig(flagLayer([...brokerFlagEntries(o), ...verifyFlagEntries(o)]), o.config);
  const v = resolved.config.verify;
  const { out } = ctx;
  const c = out.colors;
  const filters = filtersFrom(o, ctx.env);
  const headers = parseHeaderFlags(v.headers);
  const hasBroker = Boolean(resolved.config.broker.baseUrl);
  const useBroker = Boolean(v.provider) && v.pacts.length === 0 && v.pactUrls.length === 0;
  if (!useBroker && v.pacts.length === 0 && v.pactUrls.length === 0) {
    throw new UsageError('nothing to verify: no pacts given', {
      hint: 'Pass --pact <file|dir|glob>, --pact-url <url>, or --provider <name> with a broker (--broker-base-url / PACT_BROKER_BASE_URL).',
    });
  }

  // Version facts (git/CI), only when something needs them.
  let detected: VersionProperties = {};
  if ((useBroker || v.publish) && (!v.providerVersionBranch || (v.publish && (!v.providerVersion || !v.buildUrl)))) {
    detected = await detectVersionProperties({ env: ctx.env, git: systemGit(ctx.cwd) });
  }
  const branch = v.providerVersionBranch ?? detected.branch?.value;
  const providerVersion = v.providerVersion ?? detected.version?.value;
  const buildUrl = v.buildUrl ?? detected.buildUrl?.value;
  if (v.publish && !providerVersion) {
    throw new UsageError('publishing verification results needs the provider version', {
      hint: 'Pass --provider-app-version/-a <version> (e.g. the git commit), or run inside a git checkout or a CI build where it can be detected.',
    });
  }
  if (!v.providerVersionBranch && branch) out.debug(`provider version branch: ${branch} (${detected.branch?.source ?? ''})`);

  // Sources.
  // Pacts from the broker need one (ctx.broker throws the "no base URL" usage error); local ones use it if configured.
  const broker = hasBroker || useBroker ? ctx.broker(resolved) : undefined;
  let request: ReturnType<typeof forVerificationRequest> | undefined;
  if (useBroker) {
    const notes: string[] = [];
    request = forVerificationRequest(resolved, branch, notes);
    for (const n of notes) out.debug(n);
  }
  const selectorsUsed = request ? forVerificationBody(request) : undefined;
  const pacts = await collectPacts({
    pacts: v.pacts,
    pactUrls: v.pactUrls,
    cwd: ctx.cwd,
    broker,
    clientFor: (url) => new BrokerClient({ baseUrl: new URL(url).origin, retries: 2, env: ctx.env }),
    ...(request ? { request } : {}),
  });
  const provider = v.provider ?? pacts[0]?.pact.provider.name ?? '(unknown provider)';

  if (pacts.length === 0) {
    const details = selectorsUsed
      ? [`provider: ${provider}`, `selectors: ${JSON.stringify(selectorsUsed.consumerVersionSelectors)}`, `request: ${JSON.stringify(selectorsUsed)}`]
      : [];
    if (!v.failIfNoPacts) {
      out.info(`verified nothing: no pacts found for provider ${provider}${selectorsUsed ? ` with selectors ${JSON.stringify(selectorsUsed.consumerVersionSelectors)}` : ''} (--no-fail-if-no-pacts: exit 0)`);
      out.document({ provider, success: true, verifiedNothing: true, pacts: [], request: selectorsUsed ?? null });
      return 0;
    }
    throw new NothingVerifiedError(`verified nothing: the broker selected no pacts for provider '${provider}'`, {
      details,
      hint: 'Check the selectors (--consumer-version-selector) and the provider name, or pass --no-fail-if-no-pacts to allow this.',
    });
  }

  // What will be verified, and why.
  for (const line of selectionLines(pacts, provider, v.providerBaseUrl, isFiltered(filters), c)) out.info(line);

  // The provider and the clients live for the whole run.
  const client = new ProviderClient({ timeoutMs: v.timeoutMs, connections: Math.max(1, v.concurrency) });
  ctx.onCleanup(() => client.close());
  let started: Awaited<ReturnType<typeof startProvider>> | undefined;
  if (v.providerStart) {
    const readyUrl = v.providerReadyUrl ?? v.providerBaseUrl;
    out.info(c.dim(`starting the provider: ${v.providerStart} (waiting for ${readyUrl})`));
    started = await startProvider({
      command: v.providerStart,
      cwd: ctx.cwd,
      env: ctx.env,
      readyUrl,
      timeoutMs: v.providerStartTimeoutMs,
      onOutput: (line) => out.debug(`[provider] ${line}`),
    });
    const s = started;
    ctx.onCleanup(() => s.stop());
    await s.ready();
  }

  const stateChanger = createStateChanger({
    ...(v.stateChangeUrl ? { url: v.stateChangeUrl } : {}),
    ...(v.stateHandlers ? { handlers: v.stateHandlers } : {}),
    client,
    timeoutMs: v.timeoutMs,
    warn: (m) => out.warn(m),
  });
  let result: VerificationResult;
  try {
    result = await verifyAll(pacts, provider, {
      providerBaseUrl: v.providerBaseUrl,
      client,
      stateChanger,
      headers,
      ...(v.requestFilter ? { requestFilter: v.requestFilter } : {}),
      concurrency: v.concurrency,
      filters,
      providerStarted: Boolean(started),
      onPactDone: (p) => {
        for (const line of pactLines(p, v.providerBaseUrl, c)) out.line(line);
        out.line();
      },
    });
  } finally {
    await started?.stop();
  }

  // Publish.
  let unsent: { file: string; count: number } | undefined;
  if (v.publish) {
    const providerUrl = pacts.find((p) => p.providerUrl)?.providerUrl;
    const published = await publishVerification({
      result,
      broker,
      ...(resolved.config.broker.baseUrl ? { brokerBaseUrl: resolved.config.broker.baseUrl } : {}),
      provider,
      ...(providerUrl ? { providerUrl } : {}),
      providerVersion: providerVersion as string,
      ...(branch ? { branch } : {}),
      tags: v.providerVersionTags,
      ...(buildUrl ? { buildUrl } : {}),
      cwd: ctx.cwd,
    });
    for (const note of published.skipped) out.info(c.warn(note));
    if (published.sent.length) {
      out.info(c.ok(`published verification results for ${published.sent.join(', ')} as ${provider} version ${providerVersion}${branch ? ` (branch ${branch})` : ''}`));
    }
    for (const e of published.errors) out.warn(`could not publish verification results: ${e}`);
    unsent = published.unsent;
  }

  // Reports.
  // Report files go through the same redaction as everything printed.
  if (o.json) await writeReport(ctx.cwd, o.json, out.redact(verifyJsonText(result, { version: VERSION })));
  if (o.junit) await writeReport(ctx.cwd, o.junit, out.redact(junitXml(result)));
  if (ctx.env.GITHUB_STEP_SUMMARY) await appendFile(ctx.env.GITHUB_STEP_SUMMARY, out.redact(stepSummaryMarkdown(result))).catch((e: Error) => out.warn(`could not append to GITHUB_STEP_SUMMARY: ${e.message}`));
  out.document(verifyJsonDocument(result, { version: VERSION }));
  out.line(summaryLine(result.summary, c));
  if (result.summary.passed + result.summary.failed + result.summary.pendingFailed === 0) {
    out.line(c.fail(`verified nothing${result.filtered ? ` (filters: ${result.filters.join(', ')})` : ''}`));
  }
  for (const p of result.pacts) {
    for (const n of afterNotices(p, p.interactions.every((i) => i.status !== 'failed'), p.published === true)) out.info(c.dim(`${p.consumer}: ${n}`));
  }

  if (unsent) {
    const shown = path.relative(ctx.cwd, unsent.file) || unsent.file;
    throw new ResultsNotSentError(`${unsent.count} verification result(s) could not be published; saved to ${shown}`, unsent.file, {
      hint: `Send them later with: pactship publish-results ${shown}`,
    });
  }
  return exitCodeOf(result);
}

async function writeReport(cwd: string, file: string, text: string): Promise<void> {
  const target = path.resolve(cwd, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}

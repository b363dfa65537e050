/** `pactship verify`: options → sources → (start provider) → verify → publish → reporters → exit code. */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerClient } from '../../broker/client.js';
import { detectVersionProperties, systemGit, type VersionProperties } from '../../ci/detect.js';
import { UsageError } from '../../errors.js';
import { junitXml } from '../../report/junit.js';
import { stepSummaryMarkdown } from '../../report/step-summary.js';
import { verifyJsonDocument, verifyJsonText } from '../../report/verify-json.js';
import { pactLines, summaryLine } from '../../report/verify-text.js';
import { VERSION } from '../../version.js';
import { NothingVerifiedError, ResultsNotSentError } from '../../verify/errors.js';
import { ProviderClient } from '../../verify/provider-client.js';
import { startProvider } from '../../verify/provider-process.js';
import { publishResults } from '../../verify/publish-results.js';
import { parseHeaderFlags } from '../../verify/request.js';
import { brokerPayload, exitCodeOf, type PactResult, type VerificationResult } from '../../verify/results.js';
import { verifyAll } from '../../verify/runner.js';
import { filtersFrom, forVerificationRequest, verifyFlagEntries, type VerifyFlags } from '../../verify/selection.js';
import { afterNotices, beforeNotices, fetchSelected, forVerificationBody, loadLocalPacts, loadPactUrls, selectPacts, type LoadedPact } from '../../verify/sources.js';
import { createStateChanger } from '../../verify/state-change.js';
import { writeUnsent, type UnsentEntry } from '../../verify/unsent.js';
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
  const broker = hasBroker ? ctx.broker(resolved) : undefined;
  const pacts: LoadedPact[] = [];
  pacts.push(...(await loadLocalPacts(v.pacts, ctx.cwd)));
  pacts.push(...(await loadPactUrls(v.pactUrls, (url) => broker ?? new BrokerClient({ baseUrl: new URL(url).origin, retries: 2, env: ctx.env }))));
  let selectorsUsed: Record<string, unknown> | undefined;
  if (useBroker) {
    const notes: string[] = [];
    const request = forVerificationRequest(resolved, branch, notes);
    for (const n of notes) out.debug(n);
    selectorsUsed = forVerificationBody(request);
    const client = ctx.broker(resolved);
    const selected = await selectPacts(client, request);
    pacts.push(...(await fetchSelected(client, selected)));
  }
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
  out.info(c.bold(`Verifying ${pacts.length} pact${pacts.length === 1 ? '' : 's'} for ${provider} against ${v.providerBaseUrl}:`));
  for (const p of pacts) {
    const flags = [p.wip ? 'WIP' : undefined, p.pending ? 'pending' : undefined].filter(Boolean);
    out.info(`  - ${p.pact.consumer.name}${p.consumerVersion ? ` (${p.consumerVersion})` : ''}: ${p.shortDescription ?? p.location}${flags.length ? c.warn(` [${flags.join(', ')}]`) : ''}`);
    for (const n of beforeNotices(p)) out.info(c.dim(`      ${n}`));
  }
  if (filters.consumers.length || filters.description || filters.state || filters.noState) {
    out.info(c.warn('filtered run: verification results will not be published'));
  }
  out.info('');

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
  let unsentFile: string | undefined;
  let unsentCount = 0;
  if (v.publish) {
    if (result.filtered) {
      out.info(c.warn(`results not published: this run was filtered (${result.filters.join(', ')}); a partial verification must not count as one`));
    } else {
      const entries: { pact: PactResult; entry: UnsentEntry }[] = [];
      for (const p of result.pacts) {
        if (!p.publishUrl) {
          p.publishNote = `results can't be published for ${p.origin === 'file' ? 'local file' : 'pact'} ${p.location}: it has no pb:publish-verification-results link`;
          out.info(c.warn(p.publishNote));
          continue;
        }
        const unverifiable = p.interactions.filter((i) => i.status === 'skipped').length;
        if (unverifiable) {
          p.publishNote = `results not published for ${p.consumer}: ${unverifiable} interaction(s) cannot be verified over HTTP, so the pact as a whole was not verified`;
          out.info(c.warn(p.publishNote));
          continue;
        }
        entries.push({
          pact: p,
          entry: {
            consumer: p.consumer,
            provider: p.provider,
            url: p.publishUrl,
            payload: brokerPayload(p, { providerVersion: providerVersion as string, ...(buildUrl ? { buildUrl } : {}), implementationVersion: VERSION }),
          },
        });
      }
      if (entries.length && broker) {
        const providerUrl = pacts.find((p) => p.providerUrl)?.providerUrl;
        const outcome = await publishResults(broker, {
          provider,
          ...(providerUrl ? { providerUrl } : {}),
          providerVersion: providerVersion as string,
          ...(branch ? { branch } : {}),
          tags: v.providerVersionTags,
          entries: entries.map((e) => e.entry),
        });
        for (const { pact, entry } of entries) pact.published = !outcome.unsent.includes(entry);
        if (outcome.sent.length) {
          out.info(c.ok(`published verification results for ${outcome.sent.map((s) => s.entry.consumer).join(', ')} as ${provider} version ${providerVersion}${branch ? ` (branch ${branch})` : ''}`));
        }
        for (const e of outcome.errors) out.warn(`could not publish verification results: ${e}`);
        if (outcome.unsent.length) {
          unsentCount = outcome.unsent.length;
          unsentFile = await writeUnsent(ctx.cwd, {
            ...(resolved.config.broker.baseUrl ? { brokerBaseUrl: resolved.config.broker.baseUrl } : {}),
            provider,
            ...(providerUrl ? { providerUrl } : {}),
            providerVersion: providerVersion as string,
            ...(branch ? { branch } : {}),
            tags: v.providerVersionTags,
            reason: outcome.errors.join('; '),
            results: outcome.unsent,
          });
        }
      } else if (entries.length) {
        for (const { pact } of entries) {
          pact.publishNote = 'results not published: no broker configured (--broker-base-url)';
          out.info(c.warn(pact.publishNote));
        }
      }
    }
  }

  // Reports.
  if (o.json) await writeReport(ctx.cwd, o.json, verifyJsonText(result, { version: VERSION }));
  if (o.junit) await writeReport(ctx.cwd, o.junit, junitXml(result));
  if (ctx.env.GITHUB_STEP_SUMMARY) await appendFile(ctx.env.GITHUB_STEP_SUMMARY, stepSummaryMarkdown(result)).catch((e: Error) => out.warn(`could not append to GITHUB_STEP_SUMMARY: ${e.message}`));
  out.document(verifyJsonDocument(result, { version: VERSION }));
  out.line(summaryLine(result.summary, c));
  if (result.summary.passed + result.summary.failed + result.summary.pendingFailed === 0) {
    out.line(c.fail(`verified nothing${result.filtered ? ` (filters: ${result.filters.join(', ')})` : ''}`));
  }
  for (const p of result.pacts) {
    for (const n of afterNotices(p, p.interactions.every((i) => i.status !== 'failed'), p.published === true)) out.info(c.dim(`${p.consumer}: ${n}`));
  }

  if (unsentFile) {
    throw new ResultsNotSentError(`${unsentCount} verification result(s) could not be published; saved to ${path.relative(ctx.cwd, unsentFile) || unsentFile}`, unsentFile, {
      hint: `Send them later with: pactship publish-results ${path.relative(ctx.cwd, unsentFile) || unsentFile}`,
    });
  }
  return exitCodeOf(result);
}

async function writeReport(cwd: string, file: string, text: string): Promise<void> {
  const target = path.resolve(cwd, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text);
}

/**
 * A whole verify run as one core function, called by `pactship verify` and by `verify()`:
 * sources → nothing-to-verify policy → provider start → interactions → provider stop → publish →
 * report files. It returns the outcome and prints nothing; a reporter hears about progress. It
 * throws typed errors only when the run could not happen (bad options, unreachable sources,
 * provider that does not start): exit 2 situations.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BrokerClient } from '../broker/client.js';
import { brokerClientFromConfig } from '../broker/from-config.js';
import { detectVersionProperties, systemGit, type Git, type VersionProperties } from '../ci/detect.js';
import type { ResolvedConfig } from '../config/types.js';
import { PactshipError, UsageError } from '../errors.js';
import { htmlReport } from '../report/html.js';
import { junitXml } from '../report/junit.js';
import { stepSummaryMarkdown } from '../report/step-summary.js';
import { verifyJsonText } from '../report/verify-json.js';
import { VERSION } from '../version.js';
import type { VerifyReporter } from './events.js';
import { createMessageSource } from './message-source.js';
import { ProviderClient } from './provider-client.js';
import { startProvider, type StartedProvider } from './provider-process.js';
import { publishVerification } from './publish-step.js';
import { parseHeaderFlags } from './request.js';
import { exitCodeOf, summarizeRun, type PactResult, type VerificationResult, type VerifyOutcome } from './results.js';
import { countSelected, describeFilters, isFiltered, verifyPacts, type Filters } from './runner.js';
import { forVerificationRequest } from './selection.js';
import { collectPacts, forVerificationBody, type ForVerificationRequest } from './sources.js';
import { createStateChanger } from './state-change.js';

/** Report files to write after the run. `stepSummary` is appended to (GitHub's $GITHUB_STEP_SUMMARY). */
export interface ReportFiles {
  json?: string;
  junit?: string;
  /** A self-contained HTML page (--html). */
  html?: string;
  stepSummary?: string;
}

export interface RunVerificationInput {
  resolved: ResolvedConfig;
  filters: Filters;
  cwd: string;
  env: NodeJS.ProcessEnv;
  reporter?: VerifyReporter;
  /** Abort: no new interaction starts, the provider is stopped, nothing is published or written. */
  signal?: AbortSignal;
  reports?: ReportFiles;
  /** The broker client for the resolved config (the CLI's logs the wire at --verbose). */
  broker?: (resolved: ResolvedConfig) => BrokerClient;
  /** Applied to report files, so they hold no secrets. */
  redact?: (text: string) => string;
  git?: Git;
  clock?: () => number;
  /** --exit-on-first-error: no interaction starts after one fails the run; the partial results are not published. */
  stopAfterFirstFailure?: boolean;
}

/** A report file that could not be written: the results exist, but not where they were asked for. */
export class ReportFileError extends PactshipError {
  override readonly code = 'REPORT_FILE';
}

export async function runVerification(input: RunVerificationInput): Promise<VerifyOutcome> {
  const { resolved, reporter = {}, signal } = input;
  const v = resolved.config.verify;
  const clock = input.clock ?? (() => performance.now());
  const started = clock();
  const startedAt = new Date().toISOString();
  const headers = parseHeaderFlags(v.headers);
  const useBroker = Boolean(v.provider) && v.pacts.length === 0 && v.pactUrls.length === 0;
  if (!useBroker && v.pacts.length === 0 && v.pactUrls.length === 0) {
    throw new UsageError('nothing to verify: no pacts given', {
      hint: 'Pass --pact <file|dir|glob>, --pact-url <url>, or --provider <name> with a broker (--broker-base-url / PACT_BROKER_BASE_URL).',
    });
  }

  const facts = await versionFacts(input, useBroker);
  if (v.publish && !facts.providerVersion) {
    throw new UsageError('publishing verification results needs the provider version', {
      hint: 'Pass --provider-app-version/-a <version> (e.g. the git commit), or run inside a git checkout or a CI build where it can be detected.',
    });
  }

  // Pacts from the broker need one (the client throws the "no base URL" usage error); local ones use it if configured.
  const makeBroker = input.broker ?? ((r: ResolvedConfig) => brokerClientFromConfig(r.config.broker, { env: input.env }));
  const broker = resolved.config.broker.baseUrl || useBroker ? makeBroker(resolved) : undefined;
  let request: ForVerificationRequest | undefined;
  if (useBroker) {
    const notes: string[] = [];
    request = forVerificationRequest(resolved, facts.branch, notes);
    for (const n of notes) reporter.debug?.(n);
  }
  const pacts = await collectPacts({
    pacts: v.pacts,
    pactUrls: v.pactUrls,
    cwd: input.cwd,
    broker,
    clientFor: (url) => new BrokerClient({ baseUrl: new URL(url).origin, retries: 2, env: input.env }),
    ...(request ? { request } : {}),
  });

  const base: Omit<VerificationResult, 'pacts' | 'summary' | 'interrupted'> = {
    provider: v.provider ?? pacts[0]?.pact.provider.name ?? '(unknown provider)',
    providerBaseUrl: v.providerBaseUrl,
    ...(v.messageUrl ? { messageUrl: v.messageUrl } : {}),
    filtered: isFiltered(input.filters),
    filters: describeFilters(input.filters),
    startedAt,
  };
  const outcomeOf = (results: PactResult[], interrupted: boolean): VerifyOutcome => {
    const summary = summarizeRun(results, clock() - started);
    const exitCode = pacts.length === 0 ? (v.failIfNoPacts ? 1 : 0) : interrupted ? 1 : exitCodeOf({ summary });
    return {
      ...base,
      pacts: results,
      summary,
      interrupted,
      exitCode,
      success: exitCode === 0,
      verifiedNothing: pacts.length === 0,
      ...(request ? { selection: forVerificationBody(request) } : {}),
      reportFiles: [],
    };
  };
  if (pacts.length === 0) return finish(outcomeOf([], false), reporter);

  reporter.start?.({ ...base, pacts });
  const results = await verifyWithProvider(input, pacts, headers, clock);
  // The provider-unreachable policy belongs here: when no interaction got an answer, the run could
  // not happen (exit 2) and nothing may be published.
  const outcome = outcomeOf(results ?? [], signal?.aborted === true || results === undefined);
  if (outcome.interrupted) return finish(outcome, reporter);
  const notRun = input.stopAfterFirstFailure ? countSelected(pacts, input.filters) - outcome.summary.interactions : 0;
  if (notRun > 0) {
    // A partial run, like a filtered one: never published as a verification.
    const note = `stopped at the first failure (--exit-on-first-error): ${notRun} interaction${notRun === 1 ? '' : 's'} not verified`;
    reporter.warning?.(note);
    outcome.filtered = true;
    outcome.filters = [...outcome.filters, note];
  }

  if (v.publish) {
    const providerUrl = pacts.find((p) => p.providerUrl)?.providerUrl;
    outcome.publication = await publishVerification({
      result: outcome,
      broker,
      ...(resolved.config.broker.baseUrl ? { brokerBaseUrl: resolved.config.broker.baseUrl } : {}),
      provider: outcome.provider,
      ...(providerUrl ? { providerUrl } : {}),
      providerVersion: facts.providerVersion as string,
      ...(facts.branch ? { branch: facts.branch } : {}),
      tags: v.providerVersionTags,
      ...(facts.buildUrl ? { buildUrl: facts.buildUrl } : {}),
      cwd: input.cwd,
    });
    reporter.published?.(outcome.publication);
  }
  outcome.reportFiles = await writeReports(outcome, input, reporter);
  return finish(outcome, reporter);
}

function finish(outcome: VerifyOutcome, reporter: VerifyReporter): VerifyOutcome {
  reporter.end?.(outcome);
  return outcome;
}

interface VersionFacts {
  branch?: string;
  providerVersion?: string;
  buildUrl?: string;
}

/** Branch, version and build URL: as configured, else detected from git/CI (only when something needs them). */
async function versionFacts(input: RunVerificationInput, useBroker: boolean): Promise<VersionFacts> {
  const v = input.resolved.config.verify;
  let detected: VersionProperties = {};
  if ((useBroker || v.publish) && (!v.providerVersionBranch || (v.publish && (!v.providerVersion || !v.buildUrl)))) {
    detected = await detectVersionProperties({ env: input.env, git: input.git ?? systemGit(input.cwd) });
  }
  const branch = v.providerVersionBranch ?? detected.branch?.value;
  if (!v.providerVersionBranch && branch) input.reporter?.debug?.(`provider version branch: ${branch} (${detected.branch?.source ?? ''})`);
  const providerVersion = v.providerVersion ?? detected.version?.value;
  const buildUrl = v.buildUrl ?? detected.buildUrl?.value;
  return { ...(branch ? { branch } : {}), ...(providerVersion ? { providerVersion } : {}), ...(buildUrl ? { buildUrl } : {}) };
}

/** Starts the provider if asked, verifies, stops it. Undefined when aborted before anything ran. */
async function verifyWithProvider(
  input: RunVerificationInput,
  pacts: Parameters<typeof verifyPacts>[0],
  headers: ReturnType<typeof parseHeaderFlags>,
  clock: () => number,
): Promise<PactResult[] | undefined> {
  const v = input.resolved.config.verify;
  const { reporter = {}, signal } = input;
  // One cap for every response pactship reads, the broker's and the provider's (broker.maxResponseMb).
  const maxResponseBytes = input.resolved.config.broker.maxResponseMb * 1024 * 1024;
  const client = new ProviderClient({
    timeoutMs: v.timeoutMs,
    connections: Math.max(1, v.concurrency),
    maxResponseBytes,
    ...(v.skipSslVerification ? { rejectUnauthorized: false } : {}),
  });
  let provider: StartedProvider | undefined;
  try {
    if (v.providerStart) {
      if (signal?.aborted) return undefined;
      const readyUrl = v.providerReadyUrl ?? v.providerBaseUrl;
      reporter.providerStarting?.({ command: v.providerStart, readyUrl });
      provider = await startProvider({
        command: v.providerStart,
        cwd: input.cwd,
        env: input.env,
        readyUrl,
        timeoutMs: v.providerStartTimeoutMs,
        onOutput: (line) => reporter.debug?.(`[provider] ${line}`),
      });
      const p = provider;
      const stop = () => void p.stop();
      signal?.addEventListener('abort', stop, { once: true });
      try {
        await p.ready();
      } catch (error) {
        if (signal?.aborted) return undefined;
        throw error;
      } finally {
        signal?.removeEventListener('abort', stop);
      }
    }
    const stateChanger = createStateChanger({
      ...(v.stateChangeUrl ? { url: v.stateChangeUrl } : {}),
      ...(v.stateHandlers ? { handlers: v.stateHandlers } : {}),
      client,
      timeoutMs: v.timeoutMs,
      warn: (m) => reporter.warning?.(m),
      asQuery: v.stateChangeAsQuery,
      teardown: v.stateChangeTeardown,
    });
    const messages = createMessageSource({
      ...(v.messageUrl ? { url: v.messageUrl } : {}),
      ...(v.messageHandlers ? { handlers: v.messageHandlers } : {}),
      client,
      headers,
      ...(v.requestFilter ? { requestFilter: v.requestFilter } : {}),
    });
    return await verifyPacts(pacts, {
      stateChanger,
      messages,
      http: {
        providerBaseUrl: v.providerBaseUrl,
        client,
        headers,
        ...(v.requestFilter ? { requestFilter: v.requestFilter } : {}),
        providerStarted: Boolean(provider),
      },
      clock,
      concurrency: v.concurrency,
      filters: input.filters,
      reporter,
      ...(signal ? { signal } : {}),
      ...(input.stopAfterFirstFailure ? { stopAfterFailure: true } : {}),
    });
  } finally {
    await provider?.stop();
    await client.close();
  }
}

/** Report files go through the same redaction as everything printed. */
async function writeReports(outcome: VerifyOutcome, input: RunVerificationInput, reporter: VerifyReporter): Promise<string[]> {
  const { reports = {}, cwd } = input;
  const redact = input.redact ?? ((t: string) => t);
  const written: string[] = [];
  const write = async (file: string, text: string) => {
    const target = path.resolve(cwd, file);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, redact(text));
    } catch (error) {
      throw new ReportFileError(`could not write the report ${target}: ${(error as Error).message}`, { cause: error, hint: 'Check the path given to --json/--junit/--html.' });
    }
    written.push(target);
  };
  if (reports.json) await write(reports.json, verifyJsonText(outcome, { version: VERSION }));
  if (reports.junit) await write(reports.junit, junitXml(outcome));
  if (reports.html) await write(reports.html, htmlReport(outcome, { version: VERSION, redact }));
  if (reports.stepSummary) {
    try {
      await appendFile(reports.stepSummary, redact(stepSummaryMarkdown(outcome)));
      written.push(reports.stepSummary);
    } catch (error) {
      reporter.warning?.(`could not append to ${reports.stepSummary}: ${(error as Error).message}`);
    }
  }
  return written;
}

/**
 * A whole verify run as one core function, called by `pactship verify` and by `verify()`:
 * sources → nothing-to-verify policy → provider start → interactions → provider stop → publish →
 * report files. It returns the outcome and prints nothing; a reporter hears about progress. It
 * throws typed errors only when the run could not happen (bad options, unreachable sources,
 * provider that does not start): exit 2 situations.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrokerClient } from '../broker/client.js';
import { brokerClientFromConfig } from '../broker/from-config.js';
import { detectVersionProperties, systemGit, type Git, type VersionProperties } from '../ci/detect.js';
import type { ResolvedConfig } from '../config/types.js';
import { PactshipError, UsageError } from '../errors.js';
import { htmlReport } from '../report/html.js';
import type { RerunFlags } from '../report/rerun.js';
import { junitXml } from '../report/junit.js';
import { stepSummaryMarkdown } from '../report/step-summary.js';
import { verifyJsonText } from '../report/verify-json.js';
import { VERSION } from '../version.js';
import type { VerifyReporter } from './events.js';
import { createMessageSource } from './message-source.js';
import { startProvider, type StartedProvider } from './provider-process.js';
import { describeUnsent, publishVerification } from './publish-step.js';
import { unreachableError, WatchedProviderClient } from './reachability.js';
import { fsReason } from './unsent.js';
import { parseHeaderFlags } from './request.js';
import { exitCodeOf, summarizeRun, type PactResult, type VerificationResult, type VerifyOutcome } from './results.js';
import { countSelected, describeFilters, isFiltered, verifyPacts, type Filters } from './runner.js';
import { forVerificationRequest } from './selection.js';
import { collectPacts, forVerificationBody, type ForVerificationRequest, type LoadedPact } from './sources.js';
import { UnknownProviderError } from './errors.js';
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
  /** Abort: no new interaction starts, the provider is stopped, nothing is published; reports say `interrupted`. */
  signal?: AbortSignal;
  reports?: ReportFiles;
  /** The broker client for the resolved config (the CLI's logs the wire at --verbose). */
  broker?: (resolved: ResolvedConfig) => BrokerClient;
  /** Applied to report files, so they hold no secrets. */
  redact?: (text: string) => string;
  git?: Git;
  clock?: () => number;
  /**
   * Told the unsent-results file while results are being posted (undefined once that is over), so
   * a Ctrl-C/SIGTERM then can say where the results are instead of waiting on the broker.
   */
  onPosting?: (file: string | undefined) => void;
  /** The options that shaped the run, for the rerun lines of report files (the HTML report's). */
  rerun?: RerunFlags;
  /** --exit-on-first-error: no interaction starts after one fails the run; the partial results are not published. */
  stopAfterFirstFailure?: boolean;
}

/**
 * Report files that could not be written: the results exist, but not where they were asked for
 * (exit 2). Thrown after the run finished and published; `outcome` is that run's.
 */
export class ReportFileError extends PactshipError {
  override readonly code = 'REPORT_FILE';
  constructor(
    message: string,
    readonly outcome: VerifyOutcome | undefined,
    options: ConstructorParameters<typeof PactshipError>[1] = {},
  ) {
    super(message, options);
  }
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
  const pacts = await collectSources(input, makeBroker, broker, request);

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
  const { results, unreachable } = await verifyWithProvider(input, pacts, headers, clock);
  const outcome = outcomeOf(results ?? [], signal?.aborted === true || results === undefined);
  if (outcome.interrupted) {
    // Nothing is published; the reports asked for are written with what finished, marked interrupted.
    const failed: string[] = [];
    outcome.reportFiles = await writeReports(outcome, input, reporter, failed);
    for (const f of failed) reporter.warning?.(f);
    return finish(outcome, reporter);
  }
  // No request got an answer: the run could not happen (exit 2), pending or not, and nothing is published.
  if (unreachable) throw unreachable;
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
      latestVerificationUrls: latestVerificationUrls(pacts),
      ...(input.redact ? { redact: input.redact } : {}),
      ...(signal ? { signal } : {}),
      ...(input.onPosting ? { onPosting: input.onPosting } : {}),
      notice: (m) => reporter.warning?.(m),
    });
    reporter.published?.(outcome.publication);
  }
  const failed: string[] = [];
  outcome.reportFiles = await writeReports(outcome, input, reporter, failed);
  finish(outcome, reporter);
  if (failed.length > 0) throw reportFileError(outcome, failed, input.cwd);
  return outcome;
}

/**
 * Local files, URLs and the broker's selection. Pact URLs off the broker get a client with the
 * broker settings (deadline, retries and their lines, response cap, TLS) but no credentials or
 * custom headers. A provider the broker does not know yet is "nothing to verify" under
 * --no-fail-if-no-pacts (no consumer has published for it), else an error.
 */
async function collectSources(
  input: RunVerificationInput,
  makeBroker: (resolved: ResolvedConfig) => BrokerClient,
  broker: BrokerClient | undefined,
  request: ForVerificationRequest | undefined,
): Promise<LoadedPact[]> {
  const { resolved, reporter = {} } = input;
  const others = new Map<string, BrokerClient>();
  const clientFor = (url: string) => {
    const origin = new URL(url).origin;
    let client = others.get(origin);
    if (!client) {
      const { token: _t, username: _u, password: _p, ...settings } = resolved.config.broker;
      client = makeBroker({ ...resolved, config: { ...resolved.config, broker: { ...settings, baseUrl: origin, customHeaders: [] } } });
      others.set(origin, client);
    }
    return client;
  };
  try {
    return await collectPacts({
      pacts: resolved.config.verify.pacts,
      pactUrls: resolved.config.verify.pactUrls,
      cwd: input.cwd,
      broker,
      clientFor,
      ...(request ? { request } : {}),
      debug: (m) => reporter.debug?.(m),
    });
  } catch (error) {
    if (!(error instanceof UnknownProviderError)) throw error;
    if (resolved.config.verify.failIfNoPacts) {
      throw new UnknownProviderError(error.message, { cause: error, hint: `${error.hint ?? ''} Until a consumer publishes for it, --no-fail-if-no-pacts makes verify exit 0.`.trim() });
    }
    reporter.warning?.(`${error.message}: no consumer has published a pact for it yet, so there is nothing to verify (--no-fail-if-no-pacts)`);
    return [];
  }
}

function latestVerificationUrls(pacts: LoadedPact[]): Map<string, string> {
  return new Map(pacts.flatMap((p) => (p.latestVerificationUrl ? [[p.location, p.latestVerificationUrl] as [string, string]] : [])));
}

/** "cannot write report X: reason", with where unsent results are (they must not get lost in this error). */
function reportFileError(outcome: VerifyOutcome, failed: string[], cwd: string): ReportFileError {
  const unsent = outcome.publication?.unsent ? describeUnsent(outcome.publication.unsent, cwd) : undefined;
  const message = failed.length === 1 ? (failed[0] as string) : `cannot write ${failed.length} reports`;
  return new ReportFileError(message, outcome, {
    details: [...(failed.length > 1 ? failed : []), ...(unsent ? [unsent.message] : [])],
    hint: `Check the paths given to --json/--junit (a directory? a parent that is a file? a full disk?).${unsent ? ` ${unsent.hint}` : ''}`,
  });
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
): Promise<{ results?: PactResult[]; unreachable?: PactshipError }> {
  const v = input.resolved.config.verify;
  const { reporter = {}, signal } = input;
  // One cap for every response pactship reads, the broker's and the provider's (broker.maxResponseMb).
  const maxResponseBytes = input.resolved.config.broker.maxResponseMb * 1024 * 1024;
  const client = new WatchedProviderClient({
    timeoutMs: v.timeoutMs,
    connections: Math.max(1, v.concurrency),
    maxResponseBytes,
    ...(v.skipSslVerification ? { rejectUnauthorized: false } : {}),
  });
  let provider: StartedProvider | undefined;
  try {
    if (v.providerStart) {
      if (signal?.aborted) return {};
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
        if (signal?.aborted) return {};
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
    const results = await verifyPacts(pacts, {
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
    const unreachable = unreachableError(client, { providerBaseUrl: v.providerBaseUrl, providerStarted: Boolean(provider) });
    return { results, ...(unreachable ? { unreachable } : {}) };
  } finally {
    await provider?.stop();
    await client.close();
  }
}

/** Report files go through the same redaction as everything printed; one that cannot be written does not stop the others. */
async function writeReports(outcome: VerifyOutcome, input: RunVerificationInput, reporter: VerifyReporter, failed: string[]): Promise<string[]> {
  const { reports = {}, cwd } = input;
  const redact = input.redact ?? ((t: string) => t);
  const written: string[] = [];
  const write = async (file: string, text: string) => {
    const target = path.resolve(cwd, file);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, redact(text));
      written.push(target);
    } catch (error) {
      failed.push(`cannot write report ${target}: ${fsReason(error)}`);
    }
  };
  if (reports.json) await write(reports.json, verifyJsonText(outcome, { version: VERSION }));
  if (reports.junit) await write(reports.junit, junitXml(outcome));
  if (reports.html) await write(reports.html, htmlReport(outcome, { version: VERSION, redact, ...(input.rerun ? { rerun: input.rerun } : {}) }));
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

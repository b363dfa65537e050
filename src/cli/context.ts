/**
 * What a command gets from the CLI: config loading (which also teaches the redactor the secrets),
 * a broker client, output, cleanup registration. Built once per run by main.ts.
 */
import type { Readable, Writable } from 'node:stream';
import type { BrokerClient } from '../broker/client.js';
import { brokerClientFromConfig, urlCredentials } from '../broker/from-config.js';
import { isCI } from '../ci/detect.js';
import { loadConfig } from '../config/load.js';
import type { ResolvedConfig } from '../config/types.js';
import { colorLevel, createColors } from '../report/colors.js';
import { createRedactor, type Redact } from '../report/redact.js';
import { Output, type OutputFormat } from './output.js';
import type { FlagLayer } from './options.js';

export interface CommandContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** For commands that ask; never process.stdin directly (tests inject it). */
  stdin: Readable | undefined;
  out: Output;
  loadConfig(flags: FlagLayer, configPath?: string): Promise<ResolvedConfig>;
  /** A client for the resolved broker settings; usage error when no base URL is configured. */
  broker(resolved: ResolvedConfig): BrokerClient;
  /** Run on exit, also on Ctrl-C/SIGTERM and on errors (e.g. stop a started provider). */
  onCleanup(fn: () => Promise<void> | void): void;
  /**
   * For a command that winds down by itself on Ctrl-C/SIGTERM (verify: finish the interactions in
   * flight, stop the provider, write its reports and JSON document): the signal is aborted then,
   * and main waits for the command to return before it exits 130/143. Commands that never ask are
   * ended after their cleanups, as before.
   */
  interruptible(): AbortSignal;
  /** Secrets only a command knows (e.g. a webhook's password): redacted from everything written after this. */
  addSecrets(values: Iterable<string>): void;
}

export interface ContextOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Called only when a command reads ctx.stdin (creating process.stdin has a cost). */
  stdin?: () => Readable | undefined;
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable;
  format: OutputFormat;
  verbose: boolean;
  /** false: no colour whatever the terminal says (--no-color). */
  color?: boolean;
  /** Secrets known before config is loaded (raw argv flag values and env), so even early errors are redacted. */
  earlySecrets: string[];
  cleanups: (() => Promise<void> | void)[];
  /** Aborted on Ctrl-C/SIGTERM; `claim` tells main the command winds down by itself. */
  interruption?: { signal: AbortSignal; claim(): void };
}

export function createContext(o: ContextOptions): CommandContext {
  const secrets = new Set<string>(o.earlySecrets.filter(Boolean));
  const basicPairs: [string | undefined, string | undefined][] = [[o.env.PACT_BROKER_USERNAME, o.env.PACT_BROKER_PASSWORD]];
  let redact: Redact = createRedactor(secrets, basicPairs);
  const colors = createColors(o.format === 'json' || o.color === false ? 0 : colorLevel(o.env, Boolean(o.stdout.isTTY)));
  // A live status line only for a person at a terminal: never in CI logs, pipes, JSON or a dumb terminal.
  const live = Boolean(o.stdout.isTTY) && o.format !== 'json' && !isCI(o.env) && o.env.TERM !== 'dumb';
  const out = new Output(o.stdout, o.stderr, () => redact, o.format, o.verbose, colors, live);

  return {
    env: o.env,
    cwd: o.cwd,
    get stdin() {
      return o.stdin?.();
    },
    out,
    async loadConfig(flags, configPath) {
      const resolved = await loadConfig({
        cwd: o.cwd,
        env: o.env,
        flags: flags.values,
        flagNames: flags.names,
        ...(configPath ? { configPath } : {}),
      });
      const b = resolved.config.broker;
      for (const s of [b.token, b.password]) if (s) secrets.add(s);
      // Custom headers often carry a gateway key: their values are secrets too.
      for (const h of b.customHeaders ?? []) {
        const value = h.slice(h.indexOf(':') + 1).trim();
        if (h.includes(':') && value) secrets.add(value);
      }
      basicPairs.push([b.username, b.password]);
      redact = createRedactor(secrets, basicPairs);
      if (resolved.file) out.debug(`config: ${resolved.file}`);
      for (const note of resolved.notes) out.debug(note);
      return resolved;
    },
    broker(resolved) {
      const fromUrl = urlCredentials(resolved.config.broker.baseUrl);
      if (fromUrl) {
        secrets.add(fromUrl.password);
        basicPairs.push([fromUrl.username, fromUrl.password]);
        redact = createRedactor(secrets, basicPairs);
      }
      return brokerClientFromConfig(resolved.config.broker, {
        env: o.env,
        ...(o.verbose ? { log: (line: string) => out.debug(line) } : {}),
        warn: (message) => out.warn(message),
      });
    },
    onCleanup(fn) {
      o.cleanups.push(fn);
    },
    interruptible() {
      if (!o.interruption) return new AbortController().signal; // no signals in this run (in-process callers)
      o.interruption.claim();
      return o.interruption.signal;
    },
    addSecrets(values) {
      for (const s of values) if (s) secrets.add(s);
      redact = createRedactor(secrets, basicPairs);
    },
  };
}

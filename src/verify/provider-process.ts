/**
 * `--provider-start`: start the provider with execa (its own process group, so its children
 * stop with it), wait until the ready URL answers, stop it at the end. The command registers
 * `stop` with ctx.onCleanup *before* waiting, so Ctrl-C and errors stop it too.
 */
import type { ResultPromise } from 'execa';
import { ProviderStartError } from './errors.js';
import { loopbackAlternatives } from './provider-client.js';

export interface StartOptions {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  readyUrl: string;
  timeoutMs: number;
  /** Each line the provider prints (verbose log). */
  onOutput?: (line: string) => void;
  pollIntervalMs?: number;
}

export interface StartedProvider {
  pid: number | undefined;
  /** Resolves once the ready URL answers; stops the provider and throws ProviderStartError otherwise. */
  ready(): Promise<void>;
  stop(): Promise<void>;
  /** Last lines of the provider's output. */
  output(): string[];
}

const TAIL = 40;

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  for (const candidate of loopbackAlternatives(url)) {
    try {
      const res = await fetch(candidate, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      return true; // any HTTP answer means it listens; a 404 at the base URL is normal
    } catch {
      /* try the next loopback address */
    }
  }
  return false;
}

/** Broker credentials the provider has no business with: never handed to the started process. */
const BROKER_SECRETS = ['PACT_BROKER_TOKEN', 'PACT_BROKER_PASSWORD', 'PACT_BROKER_USERNAME'];

export function providerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!BROKER_SECRETS.includes(k.toUpperCase())) out[k] = v;
  // A base URL with userinfo is a credential too: keep the URL, drop the user and password.
  const base = out.PACT_BROKER_BASE_URL;
  if (base && base.includes('@')) {
    try {
      const url = new URL(base);
      url.username = '';
      url.password = '';
      out.PACT_BROKER_BASE_URL = url.toString();
    } catch {
      delete out.PACT_BROKER_BASE_URL;
    }
  }
  return out;
}

export async function startProvider(o: StartOptions): Promise<StartedProvider> {
  const { execa } = await import('execa');
  const lines: string[] = [];
  const keep = (chunk: string) => {
    for (const line of chunk.split(/\r?\n/)) {
      if (line === '') continue;
      lines.push(line);
      if (lines.length > TAIL) lines.shift();
      o.onOutput?.(line);
    }
  };
  const child: ResultPromise = execa(o.command, {
    shell: true,
    cwd: o.cwd,
    env: providerEnv(o.env),
    extendEnv: false,
    detached: true,
    stdin: 'ignore',
    reject: false,
    cleanup: true,
    forceKillAfterDelay: false,
  });
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);

  let exited: { code: number | null | undefined; signal: string | undefined } | undefined;
  const done = child.then((r) => {
    exited = { code: r.exitCode, signal: r.signal };
  });

  let stopped = false;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal); // the whole group: `sh -c`, npm, node, …
    } catch {
      try {
        child.kill(signal);
      } catch {
        /* already gone */
      }
    }
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) signalGroup('SIGTERM');
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
    if ((await Promise.race([done.then(() => 'done' as const), timer])) === 'timeout') signalGroup('SIGKILL');
    // Children that ignored SIGTERM while the shell exited: make sure the group is gone.
    signalGroup('SIGKILL');
    await Promise.race([done, new Promise((r) => setTimeout(r, 1_000).unref())]);
  };

  const ready = async () => {
    const deadline = Date.now() + o.timeoutMs;
    const interval = o.pollIntervalMs ?? 100;
    for (;;) {
      if (stopped) throw new ProviderStartError(`the provider was stopped before ${o.readyUrl} answered`, lines);
      if (exited) {
        await stop();
        throw new ProviderStartError(
          `the provider command exited (${exited.signal ? `signal ${exited.signal}` : `code ${exited.code}`}) before ${o.readyUrl} answered: ${o.command}`,
          lines,
          { hint: 'Run the command by hand to see why it stops, or check --provider-start.' },
        );
      }
      if (await answers(o.readyUrl, Math.min(2_000, Math.max(100, deadline - Date.now())))) return;
      if (Date.now() >= deadline) {
        await stop();
        throw new ProviderStartError(`the provider did not answer at ${o.readyUrl} within ${o.timeoutMs} ms (started with: ${o.command})`, lines, {
          hint: 'Check --provider-ready-url (default: the provider base URL) and raise verify.providerStartTimeoutMs if it starts slowly.',
        });
      }
      await new Promise((r) => setTimeout(r, interval));
    }
  };
  return { pid: child.pid, ready, stop, output: () => [...lines] };
}

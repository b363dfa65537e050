/**
 * Did the provider answer at all? A run in which no request to the provider (or its state-change
 * or message endpoint) got a response verified nothing: every "failure" is the same connection
 * error, and with every pact pending it would even pass. The client below counts answers and
 * no-answers as they happen; run.ts turns "none answered" into ProviderUnreachableError (exit 2,
 * nothing published). A provider that answers some requests and drops others is reachable: those
 * interactions fail on their own.
 */
import type { ProviderRequest } from '../config/types.js';
import { ProviderRequestError, ProviderClient, type ProviderResponse, type SendOptions } from './provider-client.js';
import { ProviderUnreachableError } from './errors.js';

/** Failures that mean "no answer": nothing came back from the other end. */
const NO_ANSWER = new Set<ProviderRequestError['kind']>(['refused', 'timeout', 'dropped', 'other']);

export class WatchedProviderClient extends ProviderClient {
  /** Requests that got a response (any status, also one too large to read). */
  answered = 0;
  /** Requests that got none, by origin: the first reason seen and how many. */
  readonly unanswered = new Map<string, { reason: string; count: number }>();

  override async send(request: ProviderRequest, o?: SendOptions): Promise<ProviderResponse> {
    try {
      const response = await super.send(request, o);
      this.answered++;
      return response;
    } catch (error) {
      if (error instanceof ProviderRequestError) {
        if (error.kind === 'too-large') this.answered++;
        else if (NO_ANSWER.has(error.kind)) {
          const origin = originOf(error.url);
          const seen = this.unanswered.get(origin);
          if (seen) seen.count++;
          else this.unanswered.set(origin, { reason: error.message, count: 1 });
        }
      }
      throw error;
    }
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Certificate problems (Node's TLS error codes): the provider answered the connection, not the request. */
const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|certificate/i;

export interface ReachabilityContext {
  providerBaseUrl: string;
  /** --provider-start was used (the provider was started and answered at its ready URL). */
  providerStarted: boolean;
}

/** The error for a run in which requests were sent and none was answered; undefined otherwise. */
export function unreachableError(client: WatchedProviderClient, ctx: ReachabilityContext): ProviderUnreachableError | undefined {
  if (client.answered > 0 || client.unanswered.size === 0) return undefined;
  const total = [...client.unanswered.values()].reduce((n, u) => n + u.count, 0);
  const details = [...client.unanswered.entries()].map(([origin, u]) => `${origin}: ${u.count} request(s), e.g. ${u.reason}`);
  const tls = [...client.unanswered.values()].every((u) => TLS_FAILURE.test(u.reason));
  const hint = tls
    ? `The provider's TLS certificate is not trusted: trust its CA (NODE_EXTRA_CA_CERTS=<ca.pem>), or pass --disable-ssl-verification for a test certificate.`
    : ctx.providerStarted
    ? `The started provider does not answer at ${ctx.providerBaseUrl}: check --provider-base-url (the port it listens on) and --provider-ready-url.`
    : `Is the provider running at ${ctx.providerBaseUrl}? Start it first, or let pactship start it with --provider-start '<command>'; check --provider-base-url.`;
  const base = originOf(ctx.providerBaseUrl);
  const where = [...client.unanswered.keys()].every((o) => o === base) ? `the provider at ${ctx.providerBaseUrl}` : [...client.unanswered.keys()].join(' and ');
  return new ProviderUnreachableError(`${where} did not answer any of ${total} request(s): nothing was verified and no results were published`, { details, hint });
}

/**
 * A stateful in-memory Pact Broker stand-in for end-to-end tests and the demo.
 * Node built-ins only; see broker-api.md for the behaviour it mirrors.
 */
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ResolvedOptions, Route, WebhookWhitelist } from './context.js';
import { Urls } from './hal.js';
import { HttpError, isRecord } from './http.js';
import { environmentRoutes } from './routes/environments.js';
import { forVerificationRoutes } from './routes/for-verification.js';
import { indexRoutes } from './routes/index-resource.js';
import { matrixRoutes } from './routes/matrix.js';
import { pacticipantRoutes } from './routes/pacticipants.js';
import { pactRoutes } from './routes/pacts.js';
import { providerStateRoutes } from './routes/provider-states.js';
import { applyPublication } from './routes/publish.js';
import { publishRoutes } from './routes/publish.js';
import { verificationRoutes } from './routes/verification-results.js';
import { webhookRoutes } from './routes/webhooks.js';
import type { Credentials, Fault, RecordedRequest, ServerConfig } from './server.js';
import { createHandler } from './server.js';
import { BrokerState, type WebhookExecution } from './state.js';
import { executeWebhook, runsFor } from './webhooks.js';

export type { Fault, RecordedRequest } from './server.js';
export type {
  BrokerState,
  DeployedVersion,
  Environment,
  PactPublication,
  Pacticipant,
  PacticipantVersion,
  ReleasedVersion,
  VerificationRecord,
  Webhook,
  WebhookExecution,
} from './state.js';
export type { WebhookWhitelist } from './context.js';

export interface BrokerOptions {
  /** Path prefix, e.g. '/pact' → index at http://127.0.0.1:PORT/pact */
  prefix?: string;
  /** 401 + WWW-Authenticate: Basic when missing/wrong. */
  auth?: { token: string } | { username: string; password: string };
  /** Extra creds that may GET anything and POST for-verification only (else 403). */
  readOnly?: { username: string; password: string };
  /** Index without pb:publish-contracts (forces legacy PUT publishing). */
  legacy?: boolean;
  /** Drop these relations from the index. */
  omitRelations?: string[];
  /** What the broker believes its base URL is (all hrefs built from it); default = the real URL. */
  selfBaseUrl?: string;
  /** X-Pact-Broker-Version header, default '2.110.0'. */
  brokerVersion?: string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Default false → 409 on changed content for the same consumer version. */
  allowContractModification?: boolean;
  /** Serve HTTPS with this PEM key and certificate (to test CA handling). */
  tls?: { key: string; cert: string };
  /**
   * Allowed webhook targets. Default: hosts 127.0.0.1 and localhost, schemes http and https, method
   * POST. `hosts: []` allows any host but hides the target's response, as pact_broker does.
   */
  webhookWhitelist?: Partial<WebhookWhitelist>;
  /** Default true; false answers 404 like brokers older than 2.113.0. */
  providerStatesResource?: boolean;
}

export interface StandInBroker {
  /** Base URL incl. prefix, no trailing slash. */
  url: string;
  origin: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  state: BrokerState;
  /** Evaluated before auth and routing, first match wins, decremented by `times`. */
  fault(f: Fault): void;
  clearFaults(): void;
  /** Clear data (keeps the seeded environments test + production), requests and faults. */
  reset(): void;
  close(): Promise<void>;
  /** Throws (with the 409 body in the message) on changed content for the same version, like the route. */
  publishPact(p: { pact: object; consumerVersion: string; branch?: string; tags?: string[]; createdAt?: Date }): void;
  /** Needs the consumer version's pact (throws otherwise); creates the provider version with branch/tags. */
  recordVerification(v: {
    consumer: string;
    provider: string;
    consumerVersion: string;
    providerVersion: string;
    success: boolean;
    branch?: string;
    tags?: string[];
  }): void;
  /** Unlike the HTTP route (404 for an unknown version), creates the pacticipant/version as needed. */
  recordDeployment(p: { pacticipant: string; version: string; environment: string; applicationInstance?: string }): void;
  setMainBranch(pacticipant: string, branch: string): void;
  addLabel(pacticipant: string, label: string): void;
  /** Resolves when every webhook run triggered so far (by publications and verifications) has finished. */
  webhooksSettled(): Promise<WebhookExecution[]>;
}

const ROUTES: Route[] = [
  ...indexRoutes,
  ...publishRoutes,
  ...forVerificationRoutes,
  ...verificationRoutes,
  ...pactRoutes,
  ...pacticipantRoutes,
  ...environmentRoutes,
  ...matrixRoutes,
  ...webhookRoutes,
  ...providerStateRoutes,
];

function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Seeding helpers throw a plain Error naming what went wrong (the HTTP body, for broker rejections). */
function rethrow(error: unknown, what: string): never {
  if (error instanceof HttpError) throw new Error(`${what}: HTTP ${error.reply.status} ${JSON.stringify(error.reply.body)}`);
  throw error;
}

export async function startBroker(options: BrokerOptions = {}): Promise<StandInBroker> {
  const state = new BrokerState(options.allowContractModification ?? false);
  const prefix = normalizePrefix(options.prefix);
  const requests: RecordedRequest[] = [];
  const faults: ServerConfig['faults'] = [];
  const resolved: ResolvedOptions = {
    legacy: options.legacy ?? false,
    omitRelations: options.omitRelations ?? [],
    brokerVersion: options.brokerVersion ?? '2.110.0',
    webhookWhitelist: {
      hosts: options.webhookWhitelist?.hosts ?? ['127.0.0.1', 'localhost'],
      schemes: options.webhookWhitelist?.schemes ?? ['http', 'https'],
      methods: options.webhookWhitelist?.methods ?? ['POST'],
    },
    providerStatesResource: options.providerStatesResource ?? true,
  };
  let urls = new Urls('');
  const config: ServerConfig = {
    prefix,
    auth: options.auth as Credentials | undefined,
    readOnly: options.readOnly,
    state,
    urls: () => urls,
    options: resolved,
    routes: ROUTES,
    requests,
    faults,
  };
  const server = options.tls ? createTlsServer(options.tls, createHandler(config)) : createServer(createHandler(config));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  const origin = `${options.tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
  const url = `${origin}${prefix}`;
  urls = new Urls((options.selfBaseUrl ?? url).replace(/\/+$/, ''));

  // Events run their webhooks in the background, one after another, like the broker's job queue.
  let queue: Promise<unknown> = Promise.resolve();
  state.listeners.push((event) => {
    for (const run of runsFor(state, urls, event)) {
      queue = queue.then(async () => {
        const { execution } = await executeWebhook(run.webhook, run.context, resolved.webhookWhitelist, 'event');
        state.webhookExecutions.push(execution);
      });
    }
  });

  const broker: StandInBroker = {
    url,
    origin,
    requests,
    state,
    fault(f) {
      faults.push({ fault: f, remaining: f.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      faults.length = 0;
    },
    reset() {
      state.reset();
      requests.length = 0;
      faults.length = 0;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
    publishPact({ pact, consumerVersion, branch, tags, createdAt }) {
      const content = pact as Record<string, unknown>;
      const consumer = isRecord(content['consumer']) ? content['consumer']['name'] : undefined;
      const provider = isRecord(content['provider']) ? content['provider']['name'] : undefined;
      if (typeof consumer !== 'string' || typeof provider !== 'string') {
        throw new Error('publishPact: pact needs consumer.name and provider.name');
      }
      try {
        applyPublication(state, urls, {
          pacticipant: consumer,
          version: consumerVersion,
          ...(branch === undefined ? {} : { branch }),
          tags: tags ?? [],
          contracts: [{ provider, content }],
          ...(createdAt === undefined ? {} : { createdAt }),
        });
      } catch (error) {
        rethrow(error, `publishPact ${consumer} ${consumerVersion} → ${provider}`);
      }
    },
    recordVerification(v) {
      const pact = state.pact(v.consumer, v.provider, v.consumerVersion);
      if (!pact) throw new Error(`recordVerification: no pact from ${v.consumer} version ${v.consumerVersion} with ${v.provider}`);
      state.ensureVersion(v.provider, v.providerVersion);
      if (v.branch !== undefined) state.addBranch(v.provider, v.providerVersion, v.branch);
      for (const t of v.tags ?? []) state.addTag(v.provider, v.providerVersion, t);
      state.addVerification({
        consumer: v.consumer,
        provider: v.provider,
        sha: pact.sha,
        consumerVersions: [v.consumerVersion],
        providerVersion: v.providerVersion,
        success: v.success,
      });
    },
    recordDeployment(p) {
      const env = state.environmentByName(p.environment);
      if (!env) throw new Error(`recordDeployment: no environment named '${p.environment}'`);
      state.ensureVersion(p.pacticipant, p.version);
      state.recordDeployment(p.pacticipant, p.version, env.uuid, p.applicationInstance ?? null);
    },
    setMainBranch(pacticipant, branch) {
      const p = state.ensurePacticipant(pacticipant);
      p.mainBranch = branch;
      p.updatedAt = new Date();
    },
    addLabel(pacticipant, label) {
      const p = state.ensurePacticipant(pacticipant);
      if (!(p.labels ?? []).includes(label)) p.labels = [...(p.labels ?? []), label];
    },
    async webhooksSettled() {
      let seen: Promise<unknown>;
      do {
        seen = queue;
        await seen;
      } while (seen !== queue);
      return state.webhookExecutions;
    },
  };
  return broker;
}

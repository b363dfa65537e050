/**
 * The in-memory data model and the mutations shared by the HTTP routes and the seeding helpers.
 * Plain arrays so tests can inspect them (`broker.state.pacts.find(...)`).
 *
 * Simplifications vs pact_broker: names are case-sensitive; "latest" means the most recently
 * *created* version (the broker's default ordering); one pact per consumer version and provider.
 */
import { createHash, randomUUID } from 'node:crypto';
import { conflict, notFound } from './http.js';

export interface Pacticipant {
  name: string;
  displayName?: string;
  mainBranch?: string;
  repositoryUrl?: string;
  /** Pacticipant labels (webhooks can select consumers/providers by label). */
  labels?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PacticipantVersion {
  pacticipant: string;
  number: string;
  /** Creation order; "latest" = highest. */
  order: number;
  /** Branches in the order the version was added to them; the last one is "the" branch. */
  branches: string[];
  tags: string[];
  buildUrl?: string;
  createdAt: Date;
}

export interface PactPublication {
  consumer: string;
  provider: string;
  consumerVersion: string;
  /** sha256 (hex) of the canonical JSON of `content`. */
  sha: string;
  content: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface VerificationRecord {
  id: number;
  /** Per pact content: 1, 2, … */
  number: number;
  consumer: string;
  provider: string;
  sha: string;
  /** Consumer versions the result was published for (from the metadata in the URL). */
  consumerVersions: string[];
  providerVersion: string;
  success: boolean;
  buildUrl?: string;
  verifiedBy?: unknown;
  testResults?: unknown;
  createdAt: Date;
  /** Position in the broker's event sequence (versions, branches, tags, verifications), for "before" checks. */
  seq: number;
}

export interface Environment {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  contacts?: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeployedVersion {
  uuid: string;
  pacticipant: string;
  version: string;
  environment: string; // uuid
  applicationInstance: string | null;
  currentlyDeployed: boolean;
  createdAt: Date;
  undeployedAt: Date | null;
}

export interface ReleasedVersion {
  uuid: string;
  pacticipant: string;
  version: string;
  environment: string; // uuid
  currentlySupported: boolean;
  createdAt: Date;
  supportEndedAt: Date | null;
}

/** The events a webhook can subscribe to (pact_broker `WebhookEvent::EVENT_NAMES`). */
export const WEBHOOK_EVENT_NAMES = [
  'contract_content_changed',
  'contract_published',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_failed',
  'provider_verification_succeeded',
] as const;

/** A consumer or provider filter: by name or (newer brokers) by label. */
export interface WebhookPacticipant {
  name?: string;
  label?: string;
}

export interface WebhookRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A string or any JSON value, as given. */
  body?: unknown;
  username?: string;
  password?: string;
}

export interface Webhook {
  uuid: string;
  description?: string;
  consumer?: WebhookPacticipant;
  provider?: WebhookPacticipant;
  enabled: boolean;
  events: string[];
  request: WebhookRequest;
  createdAt: Date;
  updatedAt: Date;
}

/** One run of a webhook: by an event, or by POST pb:execute (`trigger: 'test'`). */
export interface WebhookExecution {
  webhookUuid: string;
  trigger: 'event' | 'test';
  eventName: string;
  /** What was sent (secrets already redacted, as the broker shows it). */
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
  error?: string;
  success: boolean;
  logs: string;
  at: Date;
}

/** Domain events the webhook machinery listens to. */
export type BrokerEvent =
  | { kind: 'pact-published'; pact: PactPublication; contentChanged: boolean }
  | { kind: 'verification-published'; verification: VerificationRecord };

export type Notice = { type: 'debug' | 'info' | 'warning' | 'prompt' | 'success' | 'error' | 'danger'; text: string };

export type OnConflict = 'overwrite' | 'merge';

export interface PublishInput {
  consumer: string;
  provider: string;
  consumerVersion: string;
  content: Record<string, unknown>;
  onConflict?: OnConflict;
  createdAt?: Date;
}

export interface PublishOutcome {
  pact: PactPublication;
  outcome: 'created' | 'unchanged' | 'overwritten' | 'merged';
}

/** Branch names that become a pacticipant's main branch when it has none (broker `auto_detect_main_branch`). */
const MAIN_BRANCH_CANDIDATES = ['develop', 'main', 'master'];

const SEEDED_ENVIRONMENTS = [
  { uuid: '5d7f6e2a-0000-4000-8000-000000000001', name: 'test', displayName: 'Test', production: false },
  { uuid: '5d7f6e2a-0000-4000-8000-000000000002', name: 'production', displayName: 'Production', production: true },
];

export class BrokerState {
  pacticipants: Pacticipant[] = [];
  versions: PacticipantVersion[] = [];
  pacts: PactPublication[] = [];
  verifications: VerificationRecord[] = [];
  environments: Environment[] = [];
  deployedVersions: DeployedVersion[] = [];
  releasedVersions: ReleasedVersion[] = [];
  webhooks: Webhook[] = [];
  webhookExecutions: WebhookExecution[] = [];
  /** Notified after each publication and verification (kept across reset()). */
  readonly listeners: ((event: BrokerEvent) => void)[] = [];
  private versionOrder = 0;
  private verificationId = 0;
  private seq = 0;
  /** `pacticipant\0branch` / `pacticipant\0tag` → seq when first used. */
  private readonly branchCreated = new Map<string, number>();
  private readonly tagCreated = new Map<string, number>();

  constructor(readonly allowContractModification = false) {
    this.reset();
  }

  reset(): void {
    this.pacticipants = [];
    this.versions = [];
    this.pacts = [];
    this.verifications = [];
    this.deployedVersions = [];
    this.releasedVersions = [];
    this.webhooks = [];
    this.webhookExecutions = [];
    this.versionOrder = 0;
    this.verificationId = 0;
    this.seq = 0;
    this.branchCreated.clear();
    this.tagCreated.clear();
    const now = new Date();
    this.environments = SEEDED_ENVIRONMENTS.map((e) => ({ ...e, createdAt: now, updatedAt: now }));
  }

  // ---- pacticipants and versions -------------------------------------------------------------

  pacticipant(name: string): Pacticipant | undefined {
    return this.pacticipants.find((p) => p.name === name);
  }

  ensurePacticipant(name: string): Pacticipant {
    let p = this.pacticipant(name);
    if (!p) {
      const now = new Date();
      p = { name, createdAt: now, updatedAt: now };
      this.pacticipants.push(p);
    }
    return p;
  }

  version(pacticipant: string, number: string): PacticipantVersion | undefined {
    return this.versions.find((v) => v.pacticipant === pacticipant && v.number === number);
  }

  ensureVersion(pacticipant: string, number: string, createdAt?: Date): PacticipantVersion {
    this.ensurePacticipant(pacticipant);
    let v = this.version(pacticipant, number);
    if (!v) {
      v = { pacticipant, number, order: ++this.versionOrder, branches: [], tags: [], createdAt: createdAt ?? new Date() };
      this.versions.push(v);
    }
    return v;
  }

  /** Versions of a pacticipant, oldest first. */
  versionsOf(pacticipant: string): PacticipantVersion[] {
    return this.versions.filter((v) => v.pacticipant === pacticipant).sort((a, b) => a.order - b.order);
  }

  latestVersion(pacticipant: string, filter: (v: PacticipantVersion) => boolean = () => true): PacticipantVersion | undefined {
    return this.versionsOf(pacticipant).filter(filter).at(-1);
  }

  addBranch(pacticipant: string, number: string, branch: string): PacticipantVersion {
    const v = this.ensureVersion(pacticipant, number);
    if (!v.branches.includes(branch)) v.branches.push(branch);
    const key = `${pacticipant}\0${branch}`;
    if (!this.branchCreated.has(key)) this.branchCreated.set(key, ++this.seq);
    const p = this.ensurePacticipant(pacticipant);
    if (p.mainBranch === undefined && MAIN_BRANCH_CANDIDATES.includes(branch)) p.mainBranch = branch;
    return v;
  }

  addTag(pacticipant: string, number: string, tag: string): PacticipantVersion {
    const v = this.ensureVersion(pacticipant, number);
    if (!v.tags.includes(tag)) v.tags.push(tag);
    const key = `${pacticipant}\0${tag}`;
    if (!this.tagCreated.has(key)) this.tagCreated.set(key, ++this.seq);
    return v;
  }

  /** Removes the branch (and so its versions' membership); the versions themselves stay. */
  deleteBranch(pacticipant: string, branch: string): boolean {
    const versions = this.versionsOf(pacticipant).filter((v) => v.branches.includes(branch));
    if (versions.length === 0) return false;
    for (const v of versions) v.branches = v.branches.filter((b) => b !== branch);
    this.branchCreated.delete(`${pacticipant}\0${branch}`);
    return true;
  }

  webhook(uuid: string): Webhook | undefined {
    return this.webhooks.find((w) => w.uuid === uuid);
  }

  branchesOf(pacticipant: string): string[] {
    const names = new Set<string>();
    for (const v of this.versionsOf(pacticipant)) for (const b of v.branches) names.add(b);
    return [...names];
  }

  // ---- pacts ---------------------------------------------------------------------------------

  pact(consumer: string, provider: string, consumerVersion: string): PactPublication | undefined {
    return this.pacts.find((p) => p.consumer === consumer && p.provider === provider && p.consumerVersion === consumerVersion);
  }

  pactsBySha(consumer: string, provider: string, sha: string): PactPublication[] {
    return this.pacts.filter((p) => p.consumer === consumer && p.provider === provider && p.sha === sha);
  }

  /** Pacts of one integration, ordered by consumer version (oldest first). */
  pactsFor(consumer: string, provider: string): PactPublication[] {
    const order = (p: PactPublication): number => this.version(p.consumer, p.consumerVersion)?.order ?? 0;
    return this.pacts.filter((p) => p.consumer === consumer && p.provider === provider).sort((a, b) => order(a) - order(b));
  }

  consumersOf(provider: string): string[] {
    return [...new Set(this.pacts.filter((p) => p.provider === provider).map((p) => p.consumer))];
  }

  providersOf(consumer: string): string[] {
    return [...new Set(this.pacts.filter((p) => p.consumer === consumer).map((p) => p.provider))];
  }

  /** Throws the 409 that publishing `input` would cause (checked for every contract before anything is stored). */
  checkConflict(input: PublishInput): void {
    const { consumer, provider, consumerVersion } = input;
    const existing = this.pact(consumer, provider, consumerVersion);
    if (!existing || input.onConflict !== undefined || this.allowContractModification) return;
    if (existing.sha === contentSha(input.content)) return;
    const message =
      `Cannot change the content of the pact for ${consumer} version ${consumerVersion} and provider ${provider}, ` +
      'as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a ' +
      'unique consumer version number. For more information see https://docs.pact.io/go/versioning';
    const diff = diffText(existing.content, input.content);
    throw conflict({
      notices: [
        { type: 'error', text: message },
        { type: 'info', text: diff },
      ],
      errors: { content: [`${message}\n${diff}`] },
    });
  }

  /** Store a pact for a consumer version (the semantics of publish-contracts and legacy PUT). */
  publish(input: PublishInput): PublishOutcome {
    const { consumer, provider, consumerVersion } = input;
    this.checkConflict(input);
    const existing = this.pact(consumer, provider, consumerVersion);
    let content = input.content;
    if (existing && input.onConflict === 'merge') content = mergePacts(existing.content, content);
    const sha = contentSha(content);
    // "Changed" compares with the previous consumer version's pact of this integration, as contract_content_changed does.
    const previous = this.pactsFor(consumer, provider).filter((p) => p.consumerVersion !== consumerVersion).at(-1);
    const contentChanged = previous === undefined || previous.sha !== sha;
    if (existing && existing.sha === sha) return this.published({ pact: existing, outcome: 'unchanged' }, false);
    this.ensurePacticipant(provider);
    this.ensureVersion(consumer, consumerVersion, input.createdAt);
    const now = input.createdAt ?? new Date();
    if (existing) {
      existing.content = content;
      existing.sha = sha;
      existing.updatedAt = now;
      return this.published({ pact: existing, outcome: input.onConflict === 'merge' ? 'merged' : 'overwritten' }, contentChanged);
    }
    const pact: PactPublication = { consumer, provider, consumerVersion, sha, content, createdAt: now, updatedAt: now };
    this.pacts.push(pact);
    return this.published({ pact, outcome: 'created' }, contentChanged);
  }

  private published(outcome: PublishOutcome, contentChanged: boolean): PublishOutcome {
    this.emit({ kind: 'pact-published', pact: outcome.pact, contentChanged });
    return outcome;
  }

  private emit(event: BrokerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // ---- verifications -------------------------------------------------------------------------

  /** When a branch / tag of a pacticipant was first used (undefined = never). */
  branchCreatedSeq(pacticipant: string, branch: string): number | undefined {
    return this.branchCreated.get(`${pacticipant}\0${branch}`);
  }

  tagCreatedSeq(pacticipant: string, tag: string): number | undefined {
    return this.tagCreated.get(`${pacticipant}\0${tag}`);
  }

  addVerification(v: Omit<VerificationRecord, 'id' | 'number' | 'createdAt' | 'seq'>): VerificationRecord {
    const number = this.verifications.filter((x) => x.provider === v.provider && x.sha === v.sha).length + 1;
    const record: VerificationRecord = { ...v, id: ++this.verificationId, number, createdAt: new Date(), seq: ++this.seq };
    this.ensureVersion(v.provider, v.providerVersion);
    this.verifications.push(record);
    this.emit({ kind: 'verification-published', verification: record });
    return record;
  }

  /** Latest verification of a pact content by one provider version (undefined = not verified). */
  verificationOf(provider: string, sha: string, providerVersion?: string): VerificationRecord | undefined {
    return this.verifications
      .filter((v) => v.provider === provider && v.sha === sha && (providerVersion === undefined || v.providerVersion === providerVersion))
      .at(-1);
  }

  // ---- environments, deployments, releases ---------------------------------------------------

  environment(uuid: string): Environment | undefined {
    return this.environments.find((e) => e.uuid === uuid);
  }

  environmentByName(name: string): Environment | undefined {
    return this.environments.find((e) => e.name === name);
  }

  recordDeployment(pacticipant: string, version: string, envUuid: string, applicationInstance: string | null): { deployed: DeployedVersion; created: boolean } {
    const current = this.deployedVersions.find(
      (d) => d.currentlyDeployed && d.pacticipant === pacticipant && d.environment === envUuid && d.applicationInstance === applicationInstance,
    );
    if (current && current.version === version) return { deployed: current, created: false };
    if (current) {
      current.currentlyDeployed = false;
      current.undeployedAt = new Date();
    }
    const deployed: DeployedVersion = {
      uuid: randomUUID(),
      pacticipant,
      version,
      environment: envUuid,
      applicationInstance,
      currentlyDeployed: true,
      createdAt: new Date(),
      undeployedAt: null,
    };
    this.deployedVersions.push(deployed);
    return { deployed, created: true };
  }

  recordRelease(pacticipant: string, version: string, envUuid: string): { released: ReleasedVersion; created: boolean } {
    const existing = this.releasedVersions.find((r) => r.pacticipant === pacticipant && r.version === version && r.environment === envUuid);
    if (existing) {
      if (!existing.currentlySupported) {
        existing.currentlySupported = true;
        existing.supportEndedAt = null;
      }
      return { released: existing, created: false };
    }
    const released: ReleasedVersion = {
      uuid: randomUUID(),
      pacticipant,
      version,
      environment: envUuid,
      currentlySupported: true,
      createdAt: new Date(),
      supportEndedAt: null,
    };
    this.releasedVersions.push(released);
    return { released, created: true };
  }

  /** Versions of a pacticipant currently deployed and/or released-and-supported (optionally in one environment). */
  versionsInEnvironment(pacticipant: string, envUuid: string | undefined, kind: 'deployed' | 'released' | 'either'): PacticipantVersion[] {
    const numbers = new Set<string>();
    if (kind !== 'released') {
      for (const d of this.deployedVersions) {
        if (d.currentlyDeployed && d.pacticipant === pacticipant && (envUuid === undefined || d.environment === envUuid)) numbers.add(d.version);
      }
    }
    if (kind !== 'deployed') {
      for (const r of this.releasedVersions) {
        if (r.currentlySupported && r.pacticipant === pacticipant && (envUuid === undefined || r.environment === envUuid)) numbers.add(r.version);
      }
    }
    return this.versionsOf(pacticipant).filter((v) => numbers.has(v.number));
  }
}

export function requireVersion(state: BrokerState, pacticipant: string, number: string): PacticipantVersion {
  const v = state.version(pacticipant, number);
  if (!v) throw notFound();
  return v;
}

export function requireEnvironment(state: BrokerState, uuid: string): Environment {
  const e = state.environment(uuid);
  if (!e) throw notFound();
  return e;
}

// ---- pact content helpers ---------------------------------------------------------------------

/** JSON with object keys sorted recursively, so equal content has one sha whatever the key order. */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

export function contentSha(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** Interaction identity for merging: description + provider state names (V2 `providerState`, V3/V4 `providerStates`). */
function interactionKey(interaction: unknown): string {
  if (typeof interaction !== 'object' || interaction === null) return JSON.stringify(interaction);
  const i = interaction as Record<string, unknown>;
  const states: string[] = [];
  if (typeof i['providerState'] === 'string') states.push(i['providerState']);
  if (Array.isArray(i['providerStates'])) {
    for (const s of i['providerStates']) {
      if (typeof s === 'object' && s !== null && typeof (s as Record<string, unknown>)['name'] === 'string') {
        states.push((s as Record<string, unknown>)['name'] as string);
      }
    }
  }
  return JSON.stringify([i['description'] ?? null, states]);
}

/** Merge by interaction identity; an interaction in `incoming` replaces the existing one with the same identity. */
export function mergePacts(existing: Record<string, unknown>, incoming: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...existing, ...incoming };
  for (const key of ['interactions', 'messages']) {
    const a = existing[key];
    const b = incoming[key];
    if (!Array.isArray(a) && !Array.isArray(b)) continue;
    const byKey = new Map<string, unknown>();
    for (const i of Array.isArray(a) ? a : []) byKey.set(interactionKey(i), i);
    for (const i of Array.isArray(b) ? b : []) byKey.set(interactionKey(i), i);
    merged[key] = [...byKey.values()];
  }
  return merged;
}

/** A line diff (LCS) of the pretty canonical JSON: changed lines only, `-` existing, `+` new. */
export function diffText(before: unknown, after: unknown): string {
  const a = canonicalJson(before, 2).split('\n');
  const b = canonicalJson(after, 2).split('\n');
  const lines: string[] = [];
  if (a.length * b.length > 4_000_000) {
    return ['--- existing pact', '+++ new pact', '(pacts too large to diff)'].join('\n');
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      lines.push(`+ ${b[j] ?? ''}`);
      j++;
    } else {
      lines.push(`- ${a[i] ?? ''}`);
      i++;
    }
  }
  return ['--- existing pact', '+++ new pact', ...lines].join('\n');
}

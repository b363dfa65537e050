/**
 * POST pb:publish-contracts (section 3) and the legacy PUT/PATCH pb:publish-pact.
 */
import { Buffer } from 'node:buffer';
import type { Ctx, Route } from '../context.js';
import { param } from '../context.js';
import type { Urls } from '../hal.js';
import { isNonBlankString, isRecord, Problems, validationError } from '../http.js';
import { pactName, pactResource } from '../resources.js';
import { encodeMetadata } from '../metadata.js';
import type { BrokerState, Notice, OnConflict, PublishOutcome } from '../state.js';

export interface ContractsPublication {
  pacticipant: string;
  version: string;
  branch?: string;
  tags: string[];
  buildUrl?: string;
  contracts: { provider: string; content: Record<string, unknown>; onConflict?: OnConflict }[];
  createdAt?: Date;
}

/** Apply a validated publication: conflicts first (nothing stored on 409), then version/branch/tags/pacts. */
export function applyPublication(state: BrokerState, urls: Urls, pub: ContractsPublication): Record<string, unknown> {
  for (const c of pub.contracts) {
    const input = { consumer: pub.pacticipant, provider: c.provider, consumerVersion: pub.version, content: c.content };
    state.checkConflict(c.onConflict === undefined ? input : { ...input, onConflict: c.onConflict });
  }
  const existed = state.version(pub.pacticipant, pub.version) !== undefined;
  const version = state.ensureVersion(pub.pacticipant, pub.version, pub.createdAt);
  if (pub.buildUrl !== undefined) version.buildUrl = pub.buildUrl;
  if (pub.branch !== undefined) state.addBranch(pub.pacticipant, pub.version, pub.branch);
  for (const tag of pub.tags) state.addTag(pub.pacticipant, pub.version, tag);

  const notices: Notice[] = [];
  const parts = [pub.branch === undefined ? '' : ` with branch ${pub.branch}`, pub.tags.length ? ` and tags ${pub.tags.join(', ')}` : ''];
  notices.push({ type: 'success', text: `${existed ? 'Updated' : 'Created'} ${pub.pacticipant} version ${pub.version}${parts.join('')}` });
  if (pub.branch === undefined) {
    notices.push({
      type: 'warning',
      text: 'No branch specified. Publishing without a branch is not recommended; see https://docs.pact.io/go/branches',
    });
  }
  const results: PublishOutcome[] = [];
  for (const c of pub.contracts) {
    const input = { consumer: pub.pacticipant, provider: c.provider, consumerVersion: pub.version, content: c.content };
    const withConflict = c.onConflict === undefined ? input : { ...input, onConflict: c.onConflict };
    const outcome = state.publish(pub.createdAt === undefined ? withConflict : { ...withConflict, createdAt: pub.createdAt });
    results.push(outcome);
    const url = urls.pactForVersion(c.provider, pub.pacticipant, pub.version);
    const verb: Record<PublishOutcome['outcome'], string> = {
      created: 'Pact successfully published',
      unchanged: 'Pact published (identical content was already published)',
      overwritten: 'Pact successfully republished (content overwritten)',
      merged: 'Pact successfully merged',
    };
    notices.push({ type: 'success', text: `${verb[outcome.outcome]} for ${pub.pacticipant} version ${pub.version} and provider ${c.provider}.` });
    notices.push({ type: 'info', text: `  View the published pact at ${url}` });
    const verified = state.verifications.some((v) => v.provider === c.provider && v.sha === outcome.pact.sha);
    if (!verified) {
      notices.push({ type: 'prompt', text: `  Next steps:\n    * Add Pact verification tests to the ${c.provider} build. See https://docs.pact.io/go/verifications` });
    }
  }
  const p = pub.pacticipant;
  return {
    notices,
    _embedded: {
      pacticipant: { name: p, _links: { self: { href: urls.pacticipant(p) } } },
      version: {
        number: pub.version,
        branch: pub.branch ?? null,
        buildUrl: pub.buildUrl ?? null,
        _links: { self: { href: urls.version(p, pub.version) } },
      },
    },
    _links: {
      'pb:pacticipant': { title: 'Pacticipant', name: p, href: urls.pacticipant(p) },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: pub.version, href: urls.version(p, pub.version) },
      'pb:pacticipant-version-tags': pub.tags.map((t) => ({ title: 'Tag', name: t, href: urls.tag(p, pub.version, t) })),
      ...(pub.branch === undefined
        ? {}
        : { 'pb:branch-version': { title: 'Branch version', name: pub.branch, href: urls.branchVersion(p, pub.branch, pub.version) } }),
      'pb:contracts': results.map((r) => ({
        title: 'Pact',
        name: pactName(p, [pub.version], r.pact.provider),
        href: urls.pactForVersion(r.pact.provider, p, pub.version),
      })),
    },
  };
}

function validatePublication(body: unknown): ContractsPublication {
  const problems = new Problems();
  if (!isRecord(body)) throw validationError({ body: ['must be a JSON object'] });
  const { pacticipantName, pacticipantVersionNumber, branch, tags, buildUrl, contracts } = body;
  if (!isNonBlankString(pacticipantName)) problems.add('pacticipantName', 'pacticipantName is missing or blank');
  if (!isNonBlankString(pacticipantVersionNumber)) problems.add('pacticipantVersionNumber', 'pacticipantVersionNumber is missing or blank');
  if (branch !== undefined && branch !== null && !isNonBlankString(branch)) problems.add('branch', 'branch must be a non-blank string');
  if (tags !== undefined && tags !== null && !(Array.isArray(tags) && tags.every(isNonBlankString))) {
    problems.add('tags', 'tags must be an array of non-blank strings');
  }
  if (buildUrl !== undefined && buildUrl !== null && typeof buildUrl !== 'string') problems.add('buildUrl', 'buildUrl must be a string');
  const parsed: ContractsPublication['contracts'] = [];
  if (!Array.isArray(contracts) || contracts.length === 0) {
    problems.add('contracts', 'contracts must be a non-empty array');
  } else {
    contracts.forEach((c: unknown, i) => {
      const at = ` (at index ${i})`;
      if (!isRecord(c)) {
        problems.add('contracts', `contract must be an object${at}`);
        return;
      }
      if (!isNonBlankString(c['consumerName'])) problems.add('contracts', `consumerName is missing${at}`);
      else if (isNonBlankString(pacticipantName) && c['consumerName'] !== pacticipantName) {
        problems.add('contracts', `consumerName (${c['consumerName']}) must match pacticipantName (${pacticipantName})${at}`);
      }
      if (!isNonBlankString(c['providerName'])) problems.add('contracts', `providerName is missing${at}`);
      if (c['specification'] !== 'pact') problems.add('contracts', `specification must be 'pact'${at}`);
      if (typeof c['contentType'] !== 'string' || !/^application\/(.+\+)?json\b/.test(c['contentType'])) {
        problems.add('contracts', `contentType must be application/json${at}`);
      }
      const onConflict = c['onConflict'];
      if (onConflict !== undefined && onConflict !== null && onConflict !== 'overwrite' && onConflict !== 'merge') {
        problems.add('contracts', `onConflict must be one of overwrite, merge${at}`);
      }
      let content: unknown;
      if (typeof c['content'] !== 'string' || c['content'] === '') {
        problems.add('contracts', `content is missing${at}`);
      } else {
        try {
          content = JSON.parse(Buffer.from(c['content'], 'base64').toString('utf8'));
        } catch {
          problems.add('contracts', `content is not valid base64-encoded JSON${at}`);
        }
      }
      if (content !== undefined) {
        if (!isRecord(content)) {
          problems.add('contracts', `content must be a JSON object${at}`);
          return;
        }
        const consumerInPact = isRecord(content['consumer']) ? content['consumer']['name'] : undefined;
        const providerInPact = isRecord(content['provider']) ? content['provider']['name'] : undefined;
        if (consumerInPact !== c['consumerName']) {
          problems.add('contracts', `consumer name in contract content (${String(consumerInPact)}) must match consumerName (${String(c['consumerName'])})${at}`);
        }
        if (providerInPact !== c['providerName']) {
          problems.add('contracts', `provider name in contract content (${String(providerInPact)}) must match providerName (${String(c['providerName'])})${at}`);
        }
        if (isNonBlankString(c['providerName'])) {
          parsed.push({
            provider: c['providerName'],
            content,
            ...(onConflict === 'overwrite' || onConflict === 'merge' ? { onConflict } : {}),
          });
        }
      }
    });
  }
  problems.throwIfAny();
  return {
    pacticipant: pacticipantName as string,
    version: pacticipantVersionNumber as string,
    ...(isNonBlankString(branch) ? { branch } : {}),
    tags: Array.isArray(tags) ? (tags as string[]) : [],
    ...(typeof buildUrl === 'string' ? { buildUrl } : {}),
    contracts: parsed,
  };
}

function publishContracts(ctx: Ctx): { status: number; body: unknown } {
  const pub = validatePublication(ctx.json);
  return { status: 200, body: applyPublication(ctx.state, ctx.urls, pub) };
}

/** Legacy PUT (or PATCH = merge) of pact JSON to pb:publish-pact. */
function legacyPublish(ctx: Ctx, merge: boolean): { status: number; body: unknown } {
  const provider = param(ctx, 'provider');
  const consumer = param(ctx, 'consumer');
  const version = param(ctx, 'version');
  const content = ctx.json;
  if (!isRecord(content)) throw validationError({ body: ['must be a pact JSON object'] });
  const problems = new Problems();
  const consumerInPact = isRecord(content['consumer']) ? content['consumer']['name'] : undefined;
  const providerInPact = isRecord(content['provider']) ? content['provider']['name'] : undefined;
  if (consumerInPact !== consumer) problems.add('consumer', `consumer name in pact (${String(consumerInPact)}) does not match consumer name in path (${consumer})`);
  if (providerInPact !== provider) problems.add('provider', `provider name in pact (${String(providerInPact)}) does not match provider name in path (${provider})`);
  problems.throwIfAny();
  const { pact, outcome } = ctx.state.publish({
    consumer,
    provider,
    consumerVersion: version,
    content,
    ...(merge ? { onConflict: 'merge' as const } : {}),
  });
  const self = ctx.urls.pactForVersion(provider, consumer, version);
  return {
    status: outcome === 'created' ? 201 : 200,
    body: pactResource(ctx.urls, pact, self, encodeMetadata({ cv: [version] }), [version]),
  };
}

export const publishRoutes: Route[] = [
  { method: 'POST', path: 'contracts/publish', handler: publishContracts },
  { method: 'PUT', path: 'pacts/provider/:provider/consumer/:consumer/version/:version', handler: (ctx) => legacyPublish(ctx, false) },
  { method: 'PATCH', path: 'pacts/provider/:provider/consumer/:consumer/version/:version', handler: (ctx) => legacyPublish(ctx, true) },
];

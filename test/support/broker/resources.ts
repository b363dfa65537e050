/** HAL representations shared by several routes. */
import type { Urls } from './hal.js';
import type {
  BrokerState,
  DeployedVersion,
  Environment,
  PactPublication,
  Pacticipant,
  PacticipantVersion,
  ReleasedVersion,
  VerificationRecord,
} from './state.js';

export function pacticipantResource(urls: Urls, p: Pacticipant, state: BrokerState): Record<string, unknown> {
  const latest = state.latestVersion(p.name);
  return {
    name: p.name,
    displayName: p.displayName ?? p.name,
    mainBranch: p.mainBranch ?? null,
    repositoryUrl: p.repositoryUrl ?? null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    _embedded: latest ? { latestVersion: versionSummary(urls, latest) } : {},
    _links: {
      self: { href: urls.pacticipant(p.name), name: p.name },
      'pb:versions': { href: urls.versions(p.name) },
      'pb:version': { href: `${urls.versions(p.name)}/{version}`, templated: true },
      'pb:version-tag': { href: `${urls.versions(p.name)}/{version}/tags/{tag}`, templated: true },
      'pb:branch-version': { href: `${urls.branches(p.name)}/{branch}/versions/{version}`, templated: true },
      'pb:latest-version': { href: urls.latestVersion(p.name) },
      'pb:branches': { href: urls.branches(p.name) },
      'pb:pacticipants': { href: urls.pacticipants() },
    },
  };
}

export function versionSummary(urls: Urls, v: PacticipantVersion): Record<string, unknown> {
  return {
    number: v.number,
    branch: v.branches.at(-1) ?? null,
    branches: v.branches,
    tags: v.tags.map((name) => ({ name })),
    _links: { self: { href: urls.version(v.pacticipant, v.number), name: v.number } },
  };
}

export function versionResource(urls: Urls, v: PacticipantVersion, state: BrokerState): Record<string, unknown> {
  const p = v.pacticipant;
  return {
    number: v.number,
    branch: v.branches.at(-1) ?? null,
    buildUrl: v.buildUrl ?? null,
    createdAt: v.createdAt.toISOString(),
    _embedded: {
      pacticipant: { name: p, _links: { self: { href: urls.pacticipant(p) } } },
      branchVersions: v.branches.map((b) => ({
        name: b,
        latest: state.latestVersion(p, (x) => x.branches.includes(b))?.number === v.number,
        _links: { self: { href: urls.branchVersion(p, b, v.number) } },
      })),
      tags: v.tags.map((t) => ({ name: t, _links: { self: { href: urls.tag(p, v.number, t) } } })),
    },
    _links: {
      self: { title: 'Version', name: v.number, href: urls.version(p, v.number) },
      'pb:pacticipant': { title: 'Pacticipant', name: p, href: urls.pacticipant(p) },
      'pb:tag': { href: `${urls.version(p, v.number)}/tags/{tag}`, templated: true },
      'pb:pact-versions': state.pacts
        .filter((x) => x.consumer === p && x.consumerVersion === v.number)
        .sort((a, b) => a.provider.toLowerCase().localeCompare(b.provider.toLowerCase()))
        .map((x) => ({ title: 'Pact', name: pactName(p, [v.number], x.provider), href: urls.pactForVersion(x.provider, p, v.number) })),
      'pb:record-deployment': state.environments.map((e) => ({
        title: `Record deployment to ${e.displayName}`,
        name: e.name,
        href: urls.recordDeployment(p, v.number, e.uuid),
      })),
      'pb:record-release': state.environments.map((e) => ({
        title: `Record release to ${e.displayName}`,
        name: e.name,
        href: urls.recordRelease(p, v.number, e.uuid),
      })),
    },
  };
}

export function pactName(consumer: string, consumerVersions: string[], provider: string): string {
  return `Pact between ${consumer} (${consumerVersions.join(', ')}) and ${provider}`;
}

/** Pact JSON plus `_links`; `metadata` decides where verification results are published for. */
export function pactResource(
  urls: Urls,
  pact: PactPublication,
  selfHref: string,
  metadata: string,
  consumerVersions: string[],
): Record<string, unknown> {
  const { consumer, provider, sha } = pact;
  return {
    ...pact.content,
    createdAt: pact.createdAt.toISOString(),
    _links: {
      self: { title: 'Pact', name: pactName(consumer, consumerVersions, provider), href: selfHref },
      'pb:consumer': { title: 'Consumer', name: consumer, href: urls.pacticipant(consumer) },
      'pb:consumer-version': { title: 'Consumer version', name: pact.consumerVersion, href: urls.version(consumer, pact.consumerVersion) },
      'pb:provider': { title: 'Provider', name: provider, href: urls.pacticipant(provider) },
      'pb:pact-version': { title: 'Pact content version permalink', name: sha, href: urls.pactVersion(provider, consumer, sha) },
      'pb:latest-pact-version': { title: 'Latest version of this pact', href: urls.latestPact(provider, consumer) },
      'pb:publish-verification-results': {
        title: 'Publish verification results',
        href: urls.verificationResults(provider, consumer, sha, metadata),
      },
      'pb:latest-verification-results': { href: urls.latestVerification(provider, consumer, sha) },
    },
  };
}

export function verificationResource(urls: Urls, v: VerificationRecord): Record<string, unknown> {
  return {
    providerName: v.provider,
    providerApplicationVersion: v.providerVersion,
    success: v.success,
    buildUrl: v.buildUrl ?? null,
    verifiedBy: v.verifiedBy ?? null,
    testResults: v.testResults ?? null,
    consumerVersions: v.consumerVersions,
    verificationDate: v.createdAt.toISOString(),
    _links: {
      self: { title: 'Verification result', name: `Verification result ${v.number} for ${pactName(v.consumer, v.consumerVersions, v.provider)}`, href: urls.verification(v.provider, v.consumer, v.sha, v.number) },
      'pb:pact-version': { title: 'Pact', href: urls.pactVersion(v.provider, v.consumer, v.sha) },
    },
  };
}

export function environmentResource(urls: Urls, e: Environment): Record<string, unknown> {
  return {
    uuid: e.uuid,
    name: e.name,
    displayName: e.displayName,
    production: e.production,
    ...(e.contacts === undefined ? {} : { contacts: e.contacts }),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    _links: {
      self: { title: 'Environment', name: e.name, href: urls.environment(e.uuid) },
      'pb:currently-deployed-deployed-versions': {
        title: 'Versions currently deployed to this environment',
        href: urls.currentlyDeployed(e.uuid),
      },
      'pb:currently-supported-released-versions': {
        title: 'Versions released and supported in this environment',
        href: urls.currentlySupported(e.uuid),
      },
      'pb:environments': { title: 'Environments', href: urls.environments() },
    },
  };
}

export function deployedVersionResource(urls: Urls, d: DeployedVersion, state: BrokerState): Record<string, unknown> {
  const env = state.environment(d.environment);
  return {
    uuid: d.uuid,
    currentlyDeployed: d.currentlyDeployed,
    applicationInstance: d.applicationInstance,
    target: d.applicationInstance,
    createdAt: d.createdAt.toISOString(),
    undeployedAt: d.undeployedAt?.toISOString() ?? null,
    _embedded: {
      pacticipant: { name: d.pacticipant, _links: { self: { href: urls.pacticipant(d.pacticipant) } } },
      version: { number: d.version, _links: { self: { href: urls.version(d.pacticipant, d.version) } } },
      ...(env ? { environment: environmentResource(urls, env) } : {}),
    },
    _links: {
      self: { title: 'Deployed version', name: `${d.pacticipant} ${d.version}`, href: urls.deployedVersion(d.uuid) },
      'pb:version': { href: urls.version(d.pacticipant, d.version) },
      'pb:environment': { href: urls.environment(d.environment) },
    },
  };
}

export function releasedVersionResource(urls: Urls, r: ReleasedVersion, state: BrokerState): Record<string, unknown> {
  const env = state.environment(r.environment);
  return {
    uuid: r.uuid,
    currentlySupported: r.currentlySupported,
    createdAt: r.createdAt.toISOString(),
    supportEndedAt: r.supportEndedAt?.toISOString() ?? null,
    _embedded: {
      pacticipant: { name: r.pacticipant, _links: { self: { href: urls.pacticipant(r.pacticipant) } } },
      version: { number: r.version, _links: { self: { href: urls.version(r.pacticipant, r.version) } } },
      ...(env ? { environment: environmentResource(urls, env) } : {}),
    },
    _links: {
      self: { title: 'Released version', name: `${r.pacticipant} ${r.version}`, href: urls.releasedVersion(r.uuid) },
      'pb:version': { href: urls.version(r.pacticipant, r.version) },
      'pb:environment': { href: urls.environment(r.environment) },
    },
  };
}

/**
 * Link building. Every href is absolute and built from the base URL the broker *believes* it has
 * (`selfBaseUrl` option, else the real one), like a broker behind a misconfigured proxy would.
 */

export interface Link {
  href: string;
  name?: string;
  title?: string;
  templated?: boolean;
}

/** URL-encode one path segment (space → %20, `/` → %2F). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}

export function link(href: string, extra: Omit<Link, 'href'> = {}): Link {
  return { href, ...extra };
}

export class Urls {
  constructor(readonly base: string) {}

  index(): string {
    return this.base;
  }

  pacticipants(): string {
    return `${this.base}/pacticipants`;
  }

  pacticipant(name: string): string {
    return `${this.base}/pacticipants/${seg(name)}`;
  }

  versions(pacticipant: string): string {
    return `${this.pacticipant(pacticipant)}/versions`;
  }

  version(pacticipant: string, version: string): string {
    return `${this.versions(pacticipant)}/${seg(version)}`;
  }

  latestVersion(pacticipant: string): string {
    return `${this.pacticipant(pacticipant)}/latest-version`;
  }

  tag(pacticipant: string, version: string, tag: string): string {
    return `${this.version(pacticipant, version)}/tags/${seg(tag)}`;
  }

  branches(pacticipant: string): string {
    return `${this.pacticipant(pacticipant)}/branches`;
  }

  branch(pacticipant: string, branch: string): string {
    return `${this.branches(pacticipant)}/${seg(branch)}`;
  }

  branchVersion(pacticipant: string, branch: string, version: string): string {
    return `${this.branch(pacticipant, branch)}/versions/${seg(version)}`;
  }

  integration(provider: string, consumer: string): string {
    return `${this.base}/pacts/provider/${seg(provider)}/consumer/${seg(consumer)}`;
  }

  pactForVersion(provider: string, consumer: string, consumerVersion: string): string {
    return `${this.integration(provider, consumer)}/version/${seg(consumerVersion)}`;
  }

  latestPact(provider: string, consumer: string): string {
    return `${this.integration(provider, consumer)}/latest`;
  }

  pactVersion(provider: string, consumer: string, sha: string, metadata?: string): string {
    const url = `${this.integration(provider, consumer)}/pact-version/${sha}`;
    return metadata === undefined ? url : `${url}/metadata/${metadata}`;
  }

  verificationResults(provider: string, consumer: string, sha: string, metadata?: string): string {
    return `${this.pactVersion(provider, consumer, sha, metadata)}/verification-results`;
  }

  verification(provider: string, consumer: string, sha: string, number: number): string {
    return `${this.verificationResults(provider, consumer, sha)}/${number}`;
  }

  /** The pact content's latest verification (pact_broker: `…/verification-results/latest`). */
  latestVerification(provider: string, consumer: string, sha: string): string {
    return `${this.verificationResults(provider, consumer, sha)}/latest`;
  }

  forVerification(provider: string): string {
    return `${this.base}/pacts/provider/${seg(provider)}/for-verification`;
  }

  environments(): string {
    return `${this.base}/environments`;
  }

  environment(uuid: string): string {
    return `${this.environments()}/${seg(uuid)}`;
  }

  currentlyDeployed(envUuid: string): string {
    return `${this.environment(envUuid)}/deployed-versions/currently-deployed`;
  }

  currentlySupported(envUuid: string): string {
    return `${this.environment(envUuid)}/released-versions/currently-supported`;
  }

  recordDeployment(pacticipant: string, version: string, envUuid: string): string {
    return `${this.version(pacticipant, version)}/deployed-versions/environment/${seg(envUuid)}`;
  }

  recordRelease(pacticipant: string, version: string, envUuid: string): string {
    return `${this.version(pacticipant, version)}/released-versions/environment/${seg(envUuid)}`;
  }

  deployedVersion(uuid: string): string {
    return `${this.base}/deployed-versions/${seg(uuid)}`;
  }

  releasedVersion(uuid: string): string {
    return `${this.base}/released-versions/${seg(uuid)}`;
  }

  matrix(): string {
    return `${this.base}/matrix`;
  }

  webhooks(): string {
    return `${this.base}/webhooks`;
  }

  webhook(uuid: string): string {
    return `${this.webhooks()}/${seg(uuid)}`;
  }

  webhookExecution(uuid: string): string {
    return `${this.webhook(uuid)}/execute`;
  }

  label(pacticipant: string, label: string): string {
    return `${this.pacticipant(pacticipant)}/labels/${seg(label)}`;
  }

  /** pact_broker >= 2.113.0; no index relation points here (like the matrix). */
  providerStates(provider: string): string {
    return `${this.base}/pacts/provider/${seg(provider)}/provider-states`;
  }
}

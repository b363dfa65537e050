/**
 * What `pactship init` needs to know, how each answer is checked, and the defaults a flag-less
 * CI run (or Enter at every prompt) gets. Pure: the command asks, this module decides.
 */
export type Role = 'consumer' | 'provider' | 'both';
export type StateSetup = 'url' | 'handlers' | 'none';

export interface InitAnswers {
  role: Role;
  brokerBaseUrl?: string;
  /** Where the consumer's tests write pact files (published from there). */
  pactDir: string;
  provider?: string;
  providerBaseUrl: string;
  states: StateSetup;
  stateChangeUrl?: string;
  providerStart?: string;
}

export const ROLES: readonly Role[] = ['consumer', 'provider', 'both'];

export const DEFAULTS = {
  role: 'both' as Role,
  pactDir: './pacts',
  providerBaseUrl: 'http://localhost:8080',
};

export const hasConsumer = (a: Pick<InitAnswers, 'role'>) => a.role !== 'provider';
export const hasProvider = (a: Pick<InitAnswers, 'role'>) => a.role !== 'consumer';

/** `undefined` when the value is fine, else what is wrong with it. */
export function checkUrl(value: string): string | undefined {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must be an http(s) URL, got '${value}'`;
    return undefined;
  } catch {
    return `must be a URL such as http://localhost:8080, got '${value}'`;
  }
}

export function checkRole(value: string): string | undefined {
  return ROLES.includes(value as Role) ? undefined : `must be one of ${ROLES.join(', ')}, got '${value}'`;
}

/** The state-change URL a provider on `base` most likely serves (the convention of the Pact docs). */
export function defaultStateChangeUrl(providerBaseUrl: string): string {
  return new URL('/_pact/provider-states', providerBaseUrl).toString();
}

import { describe, expect, it } from 'vitest';
import type { Source } from '../../../src/config/types.js';
import { rerunCommand, rerunFlags } from '../../../src/report/rerun.js';
import { shellWords } from '../../support/shell-words.js';
import { interaction } from '../verify/helpers.js';

const flag = (name: string): Source => ({ kind: 'flag', name });
const resolved = {
  config: {
    verify: { stateChangeUrl: 'http://p/_state', headers: ['X-Tenant: acme'], timeoutMs: 300, providerStart: 'npm start', providerReadyUrl: 'http://p/health', providerStartTimeoutMs: 30000 },
    broker: { baseUrl: 'http://broker', token: 'sekrit', username: 'ci', caFile: '/ca.pem', skipSslVerification: true, customHeaders: [], maxResponseMb: 50 },
  },
  sources: new Map<string, Source>([
    ['verify.stateChangeUrl', flag('--state-change-url')],
    ['verify.headers', flag('--header')],
    ['verify.timeoutMs', flag('--timeout')],
    ['verify.providerStart', { kind: 'file', file: '/x/.pactrc' }], // comes back with the config file
    ['verify.providerReadyUrl', flag('--provider-ready-url')],
    ['broker.baseUrl', flag('--broker-base-url')],
    ['broker.token', flag('--broker-token')],
    ['broker.username', { kind: 'env', name: 'PACT_BROKER_USERNAME' }], // read again from the environment
    ['broker.skipSslVerification', flag('--skip-ssl-verification')],
  ]),
} as never;

describe('rerunFlags', () => {
  const flags = rerunFlags(resolved, { cwd: '/work', configPath: 'ci/.pactrc' });

  it('repeats what was given as flags, and the named config file (absolute); never a secret', () => {
    expect(flags.common).toEqual(['--config', '/work/ci/.pactrc', '--provider-ready-url', 'http://p/health', '--state-change-url', 'http://p/_state', '--header', 'X-Tenant: acme', '--timeout', '300']);
    expect(flags.broker).toEqual(['--broker-base-url', 'http://broker', '--skip-ssl-verification']);
    expect(JSON.stringify(flags)).not.toContain('sekrit');
  });

  it('adds the broker flags only for a pact read from a URL or the broker', () => {
    const failed = interaction({ description: "it's $1", providerStates: ['a state'], status: 'failed' });
    const target = { providerBaseUrl: 'http://p' };
    const fromFile = shellWords(rerunCommand({ origin: 'file', location: '/pacts/a b.json' }, failed, target, flags));
    expect(fromFile).toEqual(['pactship', 'verify', '--pact', '/pacts/a b.json', '--provider-base-url', 'http://p', ...flags.common, '--filter-description', "^it's \\$1$", '--filter-state', '^a state$']);
    const fromBroker = shellWords(rerunCommand({ origin: 'broker', location: 'http://broker/pacts/x' }, failed, target, flags));
    expect(fromBroker.slice(2, 7)).toEqual(['--pact-url', 'http://broker/pacts/x', '--broker-base-url', 'http://broker', '--skip-ssl-verification']);
  });
});

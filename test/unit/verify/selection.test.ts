import { describe, expect, it } from 'vitest';
import type { ResolvedConfig, Source } from '../../../src/config/types.js';
import { DEFAULT_SELECTORS } from '../../../src/config/schema.js';
import { UsageError } from '../../../src/errors.js';
import { filtersFrom, forVerificationRequest, parseSelectorFlags } from '../../../src/verify/selection.js';

function resolved(verify: Record<string, unknown>, selectorSource: Source['kind'] = 'default'): ResolvedConfig {
  const config = {
    verify: { consumerVersionSelectors: DEFAULT_SELECTORS, consumerVersionTags: [], providerVersionTags: [], enablePending: false, provider: 'Items', ...verify },
  } as unknown as ResolvedConfig['config'];
  const sources = new Map<string, Source>([['verify.consumerVersionSelectors', selectorSource === 'flag' ? { kind: 'flag', name: '--consumer-version-selector' } : { kind: 'default' }]]);
  return { config, sources, notes: [] };
}

describe('forVerificationRequest', () => {
  it('sends the default selectors and includePendingStatus explicitly', () => {
    expect(forVerificationRequest(resolved({}), 'main')).toEqual({
      provider: 'Items',
      consumerVersionSelectors: DEFAULT_SELECTORS,
      providerVersionBranch: 'main',
      providerVersionTags: [],
      includePendingStatus: false,
    });
  });

  it('drops the default matchingBranch selector without a branch, with a note', () => {
    const notes: string[] = [];
    expect(forVerificationRequest(resolved({}), undefined, notes).consumerVersionSelectors).toEqual([{ mainBranch: true }, { deployedOrReleased: true }]);
    expect(notes).toHaveLength(1);
  });

  it('an explicit matchingBranch without a branch is a usage error', () => {
    expect(() => forVerificationRequest(resolved({ consumerVersionSelectors: [{ matchingBranch: true }] }, 'flag'), undefined)).toThrow(UsageError);
  });

  it('legacy tags replace the default selectors and add to explicit ones', () => {
    expect(forVerificationRequest(resolved({ consumerVersionTags: ['prod'] }), 'main').consumerVersionSelectors).toEqual([{ tag: 'prod', latest: true }]);
    expect(
      forVerificationRequest(resolved({ consumerVersionTags: ['prod'], consumerVersionSelectors: [{ branch: 'x' }] }, 'flag'), 'main').consumerVersionSelectors,
    ).toEqual([{ branch: 'x' }, { tag: 'prod', latest: true }]);
  });

  it('pending and WIP need a provider branch or tags', () => {
    expect(() => forVerificationRequest(resolved({ enablePending: true }), undefined)).toThrow(/needs the provider version branch/);
    expect(forVerificationRequest(resolved({ enablePending: true, includeWipPactsSince: '2024-01-01' }), 'main')).toMatchObject({
      includePendingStatus: true,
      includeWipPactsSince: '2024-01-01',
    });
  });
});

describe('flags', () => {
  it('parses selector JSON and reports bad ones', () => {
    expect(parseSelectorFlags(['{"branch":"main"}'])).toEqual([{ branch: 'main' }]);
    expect(() => parseSelectorFlags(['{bad', '[1]'])).toThrow(/2 invalid selectors/);
  });

  it('filters: flags win over PACT_* env, bad regexes are usage errors', () => {
    const f = filtersFrom({ filterDescription: 'a' }, { PACT_DESCRIPTION: 'b', PACT_PROVIDER_STATE: 's', PACT_PROVIDER_NO_STATE: 'true' });
    expect(f.description?.source).toBe('a');
    expect(f.state?.source).toBe('s');
    expect(f.noState).toBe(true);
    expect(() => filtersFrom({ filterState: '(' }, {})).toThrow(UsageError);
  });
});

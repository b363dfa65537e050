import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePactText } from '../../../src/pact/index.js';
import { sha1Hex } from '../../../src/pact/sha1.js';

const nodeSha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

describe('sha1Hex', () => {
  it('agrees with node:crypto across block boundaries and UTF-8', () => {
    const alphabet = ['a', 'Z', '0', ' ', '\u0000', 'é', '✓', '\u{1F600}', '\ud800', '"'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let length = 0; length <= 200; length++) {
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[next() % alphabet.length];
      expect(sha1Hex(text), JSON.stringify(text)).toBe(nodeSha1(text));
    }
    expect(sha1Hex('x'.repeat(100_000))).toBe(nodeSha1('x'.repeat(100_000)));
  });

  it('has the published test vector', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('interaction ids without _id or key', () => {
  it('stay what earlier versions published (description and states, hashed)', () => {
    const pact = parsePactText(
      JSON.stringify({
        consumer: { name: 'a' },
        provider: { name: 'b' },
        interactions: [
          {
            description: 'ünïcode ✓ \u{1F600}',
            providerStates: [{ name: 's1', params: { id: 1, x: 'é' } }, { name: 's2' }],
            request: { method: 'GET', path: '/' },
            response: { status: 200 },
          },
        ],
        metadata: { pactSpecification: { version: '3.0.0' } },
      }),
      'ids.json',
    );
    expect(pact.interactions[0]?.id).toBe('da02f1258f46');
  });
});

import { describe, expect, it } from 'vitest';
import { pactFileNames, safeName } from '../../../src/verify/file-names.js';

describe('safe pact file names', () => {
  it('never escapes the directory', () => {
    for (const evil of ['../../etc/passwd', '/abs/path', '..', '.hidden', 'a/../b', 'C:\\x', 'nul\u0000byte']) {
      const name = safeName(evil);
      expect(name).not.toMatch(/[/\\]/);
      expect(name).not.toMatch(/^\./);
      expect(name).not.toContain('..');
      expect(name).not.toContain('\u0000');
      expect(name.length).toBeGreaterThan(0);
    }
  });

  it('avoids reserved device names and empty results', () => {
    expect(safeName('con')).toBe('_con');
    expect(safeName('///')).toBe('_');
  });

  it('gives each pact its own file, also case-insensitively', () => {
    const names = pactFileNames([
      { consumer: 'Web App', provider: 'Items', consumerVersion: '1.0.0' },
      { consumer: 'Web App', provider: 'Items', consumerVersion: '2.0.0' },
      { consumer: 'web app', provider: 'items' },
      { consumer: 'Web/App', provider: 'Items' },
    ]);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
    expect(names[0]).toBe('Web-App-Items-1.0.0.json');
    expect(names[1]).toBe('Web-App-Items-2.0.0.json');
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9._-]+\.json$/);
  });
});

/** The cheap look that decides whether cosmiconfig is loaded at all: it may say "maybe" too often, never "no" wrongly. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mayHaveConfigFile } from '../../../src/config/find-file.js';
import { loadConfig, SEARCH_PLACES } from '../../../src/config/load.js';
import { tempDir } from '../../support/cli.js';

const env = () => ({ HOME: tempDir('pactship-home-') });
const noGlobalConfig = !existsSync(path.join(homedir(), '.config', 'pactship')) && !process.env.XDG_CONFIG_HOME;

describe('mayHaveConfigFile', () => {
  it.each(SEARCH_PLACES.filter((p) => p !== 'package.json'))('finds %s in the directory or above it', (place) => {
    const root = tempDir();
    const nested = path.join(root, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    writeFileSync(path.join(root, place), '');
    expect(mayHaveConfigFile(nested, env(), SEARCH_PLACES)).toBe(true);
  });

  it('a package.json counts only with a pactship key (or cosmiconfig’s own)', () => {
    const plain = tempDir();
    writeFileSync(path.join(plain, 'package.json'), '{"name":"x"}');
    const withKey = tempDir();
    writeFileSync(path.join(withKey, 'package.json'), '{"name":"x","pactship":{"broker":{}}}');
    const withMeta = tempDir();
    writeFileSync(path.join(withMeta, 'package.json'), '{"name":"x","cosmiconfig":{"searchPlaces":["x.json"]}}');
    expect(mayHaveConfigFile(withKey, env(), SEARCH_PLACES)).toBe(true);
    expect(mayHaveConfigFile(withMeta, env(), SEARCH_PLACES)).toBe(true);
    if (noGlobalConfig) expect(mayHaveConfigFile(plain, env(), SEARCH_PLACES)).toBe(false);
  });

  it('cosmiconfig’s meta-config places and a global config directory mean "maybe"', () => {
    const meta = tempDir();
    mkdirSync(path.join(meta, '.config'));
    expect(mayHaveConfigFile(meta, env(), SEARCH_PLACES)).toBe(true);
    const xdg = tempDir();
    mkdirSync(path.join(xdg, 'pactship'));
    expect(mayHaveConfigFile(tempDir(), { ...env(), XDG_CONFIG_HOME: xdg }, SEARCH_PLACES)).toBe(true);
  });

  it.runIf(noGlobalConfig)('an empty directory has none, and loadConfig then reports defaults only', async () => {
    const dir = tempDir();
    expect(mayHaveConfigFile(dir, env(), SEARCH_PLACES)).toBe(false);
    const resolved = await loadConfig({ cwd: dir, env: env() });
    expect(resolved.file).toBeUndefined();
  });
});

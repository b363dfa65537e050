/**
 * A cheap look for a config file before loading cosmiconfig, which costs ~20 ms of start-up (its
 * own loaders, YAML parser, meta-config search). It errs towards "maybe": it walks from cwd to
 * the root (cosmiconfig stops at the home directory), and any place that could hold config for
 * pactship, or for cosmiconfig itself, hands the search over to cosmiconfig.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where cosmiconfig looks for its own meta config (in the working directory only). */
const META_PLACES = ['package.yaml', '.config'];

function packageJsonMentions(file: string, keys: string[]): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    return keys.some((k) => json[k] !== undefined);
  } catch {
    return true; // a broken package.json: let cosmiconfig report it as it always has
  }
}

/** The global config directories cosmiconfig may read (env-paths: XDG on Linux, macOS and Windows locations). */
function globalConfigDirs(env: NodeJS.ProcessEnv, moduleName: string): string[] {
  const homes = new Set([homedir(), env.HOME, env.USERPROFILE].filter((h): h is string => Boolean(h)));
  const dirs: string[] = [];
  if (env.XDG_CONFIG_HOME) dirs.push(path.join(env.XDG_CONFIG_HOME, moduleName));
  if (env.APPDATA) dirs.push(path.join(env.APPDATA, moduleName));
  for (const home of homes) {
    dirs.push(path.join(home, '.config', moduleName), path.join(home, 'Library', 'Preferences', moduleName), path.join(home, 'AppData', 'Roaming', moduleName));
  }
  return dirs;
}

export function mayHaveConfigFile(cwd: string, env: NodeJS.ProcessEnv, searchPlaces: readonly string[], moduleName = 'pactship'): boolean {
  const start = path.resolve(cwd);
  if (META_PLACES.some((p) => existsSync(path.join(start, p)))) return true;
  if (packageJsonMentions(path.join(start, 'package.json'), ['cosmiconfig'])) return true;
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const place of searchPlaces) {
      const file = path.join(dir, place);
      if (place === 'package.json' ? packageJsonMentions(file, [moduleName]) : existsSync(file)) return true;
    }
    if (path.dirname(dir) === dir) break;
  }
  return globalConfigDirs(env, moduleName).some((d) => existsSync(d));
}

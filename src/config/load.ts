/**
 * Loads and resolves configuration: flags > env > file > defaults.
 * The file is found by cosmiconfig (module name `pactship`) from cwd upwards, or given with --config.
 */
import path from 'node:path';
import { ConfigError, UsageError } from '../errors.js';
import { readEnv } from './env.js';
import { mayHaveConfigFile } from './find-file.js';
import { SCHEMA, SCHEMA_BY_PATH } from './schema.js';
import { configLoadError, loadJsConfig, loadJsonConfig } from './loaders.js';
import { loadTypeScriptConfig } from './ts-loader.js';
import type { Config, ResolvedConfig, Source } from './types.js';
import { checkValue, validateConfigObject } from './validate.js';

export const SEARCH_PLACES = [
  'package.json',
  '.pactrc',
  '.pactrc.json',
  '.pactrc.yaml',
  '.pactrc.yml',
  '.pactrc.js',
  '.pactrc.cjs',
  '.pactrc.mjs',
  '.pactrc.ts',
  'pactship.config.js',
  'pactship.config.mjs',
  'pactship.config.cjs',
  'pactship.config.ts',
];

export interface LoadConfigOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Flag values by config path, e.g. `{ 'broker.baseUrl': 'http://…' }`; undefined entries are ignored. */
  flags?: Record<string, unknown>;
  /** Flag names by config path, for messages (e.g. `'broker.token' → '--broker-token'`). */
  flagNames?: Record<string, string>;
  /** Explicit --config path. */
  configPath?: string;
}

async function readConfigFile(cwd: string, configPath?: string): Promise<{ file?: string; raw?: unknown }> {
  const { cosmiconfig } = await import('cosmiconfig');
  try {
    // Inside the try: cosmiconfig already reads package.json (its own meta config) when created.
    const explorer = cosmiconfig('pactship', {
      searchPlaces: SEARCH_PLACES,
      searchStrategy: 'global',
      loaders: { '.ts': loadTypeScriptConfig, '.json': loadJsonConfig, '.js': loadJsConfig, '.mjs': loadJsConfig, '.cjs': loadJsConfig },
    });
    const result = configPath ? await explorer.load(path.resolve(cwd, configPath)) : await explorer.search(cwd);
    if (!result || result.isEmpty) return result ? { file: result.filepath, raw: {} } : {};
    return { file: result.filepath, raw: result.config };
  } catch (error) {
    const where = configPath ? path.resolve(cwd, configPath) : 'config file';
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') {
      throw new ConfigError(`${where}: not found`, [], { hint: 'Check the --config path.', cause: error });
    }
    throw configLoadError(error, where);
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const [section, key] = dotted.split('.') as [string, string];
  const sec = (target[section] ??= {}) as Record<string, unknown>;
  sec[key] = value;
}

const AUTH_LEVEL: Record<Source['kind'], number> = { flag: 3, env: 2, file: 1, default: 0 };

export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const flagNames = options.flagNames ?? {};
  const { file, raw } = options.configPath || mayHaveConfigFile(cwd, env, SEARCH_PLACES) ? await readConfigFile(cwd, options.configPath) : {};
  const fileLayer = raw === undefined ? { values: new Map<string, unknown>(), problems: [] } : validateConfigObject(raw, file!);
  const envLayer = readEnv(env);

  const flagValues = new Map<string, unknown>();
  const problems = [...fileLayer.problems, ...envLayer.problems];
  for (const [p, value] of Object.entries(options.flags ?? {})) {
    if (value === undefined) continue;
    const spec = SCHEMA_BY_PATH.get(p);
    if (!spec) continue;
    const checked = checkValue(spec, value);
    if ('problem' in checked) problems.push(`${flagNames[p] ?? p}: ${checked.problem}`);
    else flagValues.set(p, checked.value);
  }
  if (problems.length > 0) {
    throw new ConfigError(
      problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration (${problems.length} problems)`,
      problems.length === 1 ? [] : problems,
    );
  }

  const config: Record<string, unknown> = {};
  const sources = new Map<string, Source>();
  for (const spec of SCHEMA) {
    const layers: [Map<string, unknown>, Source][] = [
      [flagValues, { kind: 'flag', name: flagNames[spec.path] ?? spec.path }],
      [envLayer.values, { kind: 'env', name: spec.env ?? '' }],
      [fileLayer.values, { kind: 'file', file: file ?? '' }],
    ];
    const hit = layers.find(([values]) => values.has(spec.path));
    if (hit) {
      setPath(config, spec.path, hit[0].get(spec.path));
      sources.set(spec.path, hit[1]);
    } else if (spec.default !== undefined) {
      setPath(config, spec.path, structuredClone(spec.default));
      sources.set(spec.path, { kind: 'default' });
    } else {
      setPath(config, spec.path, undefined);
    }
  }
  const resolved: ResolvedConfig = { config: config as unknown as Config, sources, notes: [] };
  if (file) resolved.file = file;
  resolveAuth(resolved, flagNames);
  return resolved;
}

export function describeSource(source: Source | undefined): string {
  if (!source) return 'unset';
  switch (source.kind) {
    case 'flag':
      return `flag ${source.name}`;
    case 'env':
      return `env ${source.name}`;
    case 'file':
      return source.file;
    case 'default':
      return 'default';
  }
}

/**
 * Token vs username/password: the same level twice is ambiguous (usage error naming both);
 * at different levels the higher one wins and the other is dropped, with a note for --verbose.
 */
function resolveAuth(resolved: ResolvedConfig, flagNames: Record<string, string>): void {
  const { config, sources } = resolved;
  const b = config.broker;
  const src = (p: string) => sources.get(p);
  const name = (p: string) => {
    const s = src(p);
    if (s?.kind === 'flag') return flagNames[p] ?? s.name;
    return s?.kind === 'file' ? `${s.file}: ${p}` : describeSource(s);
  };
  const basicSource = src('broker.username') ?? src('broker.password');
  if (b.token && (b.username || b.password)) {
    const tokenLevel = AUTH_LEVEL[src('broker.token')!.kind];
    const basicLevel = AUTH_LEVEL[basicSource!.kind];
    if (tokenLevel === basicLevel) {
      throw new UsageError(
        `both a token (${name('broker.token')}) and a username/password (${name(b.username ? 'broker.username' : 'broker.password')}) were given`,
        { hint: 'Use either a bearer token or basic auth credentials, not both.' },
      );
    }
    if (tokenLevel > basicLevel) {
      resolved.notes.push(`auth: using the bearer token from ${name('broker.token')}; ignoring username/password from ${describeSource(basicSource)}`);
      delete b.username;
      delete b.password;
      sources.delete('broker.username');
      sources.delete('broker.password');
    } else {
      resolved.notes.push(`auth: using username/password from ${describeSource(basicSource)}; ignoring the token from ${describeSource(src('broker.token'))}`);
      delete b.token;
      sources.delete('broker.token');
    }
  } else if (b.token) {
    resolved.notes.push(`auth: bearer token from ${describeSource(src('broker.token'))}`);
  } else if (b.username || b.password) {
    if (!b.username || !b.password) {
      const missing = b.username ? 'password' : 'username';
      throw new UsageError(`broker ${missing} is missing: basic auth needs both a username and a password`, {
        hint: `Set --broker-${missing} or PACT_BROKER_${missing.toUpperCase()}.`,
      });
    }
    resolved.notes.push(`auth: username/password from ${describeSource(basicSource)}`);
  }
}

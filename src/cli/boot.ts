/**
 * Loads the bundled CLI (CommonJS chunks in dist/cli/) with a V8 code cache, the way Node 22's
 * module.enableCompileCache() does for its own loader, on every Node version pactship supports:
 * `vm.Script` with `cachedData` is the runtime's public API for it. Compiling the CLI's code is
 * most of pactship's start-up; from the cache it takes about a third (see README, Performance).
 *
 * The cache lives in `<package>/.cache/v8/<node version>-<arch>/<command>/`, one file per chunk,
 * keyed by the chunk's size and mtime (V8 itself checks only the source length, so a rebuilt chunk
 * must never meet an old cache). A cache is written once, after the first run of that command that
 * lacked it, so it holds the functions that command actually used (a cache made by `--version`
 * would leave `--help` or `verify` compiling most of their code). Unwritable places and rejected
 * caches just mean compiling as usual. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does
 * Node's own.
 *
 * Only files inside dist/cli/ go through here; anything else (node: builtins, external
 * packages) is required normally, and the chunks' run-time import()s go through an ordinary
 * module's import() (a native one inside vm.Script needs an experimental API on Node 20).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

interface Loaded {
  exports: Record<string, unknown>;
}

const CLI_DIR = path.dirname(fileURLToPath(import.meta.url));
const CACHE_ROOT = path.join(CLI_DIR, '..', '..', '.cache', 'v8', `${process.version}-${process.arch}`);
let cacheDir = path.join(CACHE_ROOT, 'other');
const registry = new Map<string, Loaded>();
const stats = { accepted: 0, rejected: 0, missing: 0, written: 0 };
const unsaved: { file: string; script: vm.Script }[] = [];
const enabled = !process.env.NODE_DISABLE_COMPILE_CACHE;

/** `chunks/core-Ab12.cjs` → `chunks__core-Ab12.cjs~<size>~<mtime>.cache`: a rebuilt file never meets an old cache. */
function cacheFileFor(file: string): string {
  const { size, mtimeMs } = statSync(file);
  return path.join(cacheDir, `${path.relative(CLI_DIR, file).replaceAll(path.sep, '__')}~${size}~${Math.trunc(mtimeMs)}.cache`);
}

/** Caches whose chunk is gone or was rebuilt (only on the rare runs that write one). */
function pruneStale(): void {
  for (const name of readdirSync(cacheDir)) {
    const chunk = path.join(CLI_DIR, ...name.split('~')[0]!.split('__'));
    let current: string | undefined;
    try {
      current = path.basename(cacheFileFor(chunk));
    } catch {
      /* the chunk is gone */
    }
    if (name !== current) rmSync(path.join(cacheDir, name), { force: true });
  }
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

const dynamicImport = (specifier: string, options?: ImportCallOptions) => import(specifier, options);

function load(file: string): Record<string, unknown> {
  const known = registry.get(file);
  if (known) return known.exports;
  const mod: Loaded = { exports: {} };
  registry.set(file, mod); // before running it: chunks may require each other in a cycle
  const source = readFileSync(file, 'utf8');
  const cacheFile = enabled ? cacheFileFor(file) : undefined;
  const cachedData = cacheFile ? readCache(cacheFile) : undefined;
  // The CommonJS wrapper, on the source's first line so line numbers in stack traces stay right.
  // `__pactshipImport` serves the chunks' run-time import()s (see rolldown.config.mjs).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __pactshipImport) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cacheFile) {
    if (!cachedData) stats.missing++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.accepted++;
    if (!cachedData || script.cachedDataRejected) unsaved.push({ file: cacheFile, script });
  }
  const nodeRequire = createRequire(file);
  const require = Object.assign((id: string) => (id.startsWith('.') ? load(path.resolve(path.dirname(file), id)) : nodeRequire(id)), nodeRequire);
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, require, mod, file, path.dirname(file), dynamicImport);
  return mod.exports;
}

/** Which cache a run uses: its command (one of dist/cli/commands/), `help`, `version` or `other`. */
function profileOf(argv: readonly string[]): string {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return 'help';
  if (first === '--version') return 'version';
  if (/^[a-z][a-z-]*$/.test(first)) {
    try {
      statSync(path.join(CLI_DIR, 'commands', `${first}.cjs`));
      return first;
    } catch {
      /* not a command */
    }
  }
  return 'other';
}

/** The CLI's main module, loaded through the cache kept for the command in `argv`. */
export function loadCli(argv: readonly string[] = []): { main: typeof import('./main.js').main } {
  cacheDir = path.join(CACHE_ROOT, profileOf(argv));
  return load(path.join(CLI_DIR, 'main.cjs')) as { main: typeof import('./main.js').main };
}

/** Writes the caches this run lacked (call it after the command ran, so they include its functions). */
export function saveCodeCache(): void {
  if (unsaved.length === 0) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const { file, script } of unsaved.splice(0)) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file); // atomic: parallel runs never read a half-written cache
      stats.written++;
    }
    pruneStale();
  } catch {
    /* a read-only install: no cache, compile as usual */
  }
}

/** How this process used the cache, per chunk loaded (for tests). */
export function codeCacheStats(): Readonly<typeof stats> {
  return { ...stats };
}

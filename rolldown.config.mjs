/**
 * The JavaScript in dist/ (`tsc -p tsconfig.build.json` writes only the .d.ts files). Two outputs:
 *
 * - dist/cli/: the CLI as CommonJS chunks, loaded by dist/cli/boot.cjs through a V8 code cache
 *   (see src/cli/boot.ts). One entry per src/cli/commands/*.ts, found here, so a new command needs
 *   no edit. Start-up decides the chunking (README, Performance): `base` is the exit point (all
 *   `--version` needs), `cli` what `--help` adds (commander and the declarations), `core` all other
 *   pactship code, and the big dependencies (undici, cosmiconfig, execa, globby) stay in their own
 *   chunks, loaded only by what uses them.
 * - dist/index.js (+ dist/lib/): the library API as ESM.
 *
 * Everything is bundled except the packages in package.json#dependencies, which stay real imports:
 * that is where a package goes whose files must stay on disk as they are (jiti loads its Babel
 * build lazily by a relative path). No source maps: they would double the installed size, and
 * --verbose stacks stay readable because nothing is minified.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'rolldown';
import { parseAst } from 'rolldown/parseAst';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const runtimeDeps = Object.keys(pkg.dependencies ?? {});

const cliInput = { main: 'src/cli/main.ts', boot: 'src/cli/boot.ts' };
for (const file of readdirSync('src/cli/commands')) {
  if (file.endsWith('.ts') && !file.endsWith('.d.ts')) cliInput[`commands/${file.slice(0, -3)}`] = `src/cli/commands/${file}`;
}

const external = (id) =>
  id.startsWith('node:') || builtinModules.includes(id) || runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));

const slash = (id) => id.replaceAll('\\', '/');

/** src/version.ts reads ../package.json at run time (tests run the sources); a chunk gets the version as a constant. */
const version = {
  name: 'pactship-version',
  load(id) {
    return slash(id).endsWith('/src/version.ts') ? `export const VERSION = ${JSON.stringify(pkg.version)};` : null;
  },
};

/**
 * boot.cjs runs the CLI's chunks with vm.Script, where a native `import()` needs an experimental
 * Node API (it prints a warning on Node 20). So the dynamic imports that stay imports at run time
 * (config files, external packages) call `__pactshipImport`, which boot.cjs passes in and which
 * imports from an ordinary module; loaded any other way, the chunks fall back to `import()`.
 * Imports rolldown bundles (our own modules, bundled packages) become chunk requires as usual.
 */
const dynamicImports = {
  name: 'pactship-dynamic-import',
  transform(code, id) {
    if (!code.includes('import(')) return null;
    const lang = /\.tsx?$/.test(id) ? 'ts' : 'js';
    let ast;
    try {
      ast = parseAst(code, { lang, sourceType: 'module' }, id);
    } catch {
      ast = parseAst(code, { lang, sourceType: 'script' }, id);
    }
    const edits = [];
    const visit = (node) => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach(visit);
      if (node.type === 'ImportExpression') {
        const s = node.source;
        const literal = s.type === 'Literal' && typeof s.value === 'string' ? s.value : s.type === 'TemplateLiteral' && s.expressions.length === 0 ? s.quasis[0].value.cooked : undefined;
        if (literal === undefined || external(literal)) edits.push([node.start, s.start]);
      }
      for (const key of Object.keys(node)) if (key !== 'parent' && typeof node[key] === 'object') visit(node[key]);
    };
    visit(ast);
    if (edits.length === 0) return null;
    let out = code;
    for (const [start, end] of edits.sort((a, b) => b[0] - a[0])) {
      out = `${out.slice(0, start)}(typeof __pactshipImport === "function" ? __pactshipImport : (s, o) => import(s, o))(${out.slice(end)}`;
    }
    return { code: out, map: null };
  },
};

/**
 * Node builtins that only some commands use (spawning a JS config loader or an executable,
 * `generate-uuid`, `init`'s questions) are required when first used instead of when their chunk
 * loads: node:child_process, node:crypto and node:readline cost a verify or `--help` 2-4 ms they
 * never need. In the chunks such a builtin is a binding, `let node_x = require("node:x");` (maybe
 * rewrapped by `__toESM`) or a bundled CommonJS package's `const x = require("node:x");`, used
 * as `x.member`; that binding becomes a proxy that requires the module on first member access.
 * A binding used any other way keeps its plain require (checked here, so a new use cannot break
 * silently).
 */
const LAZY_BUILTINS = ['child_process', 'crypto', 'readline', 'readline/promises', 'dns', 'https', 'tls', 'zlib', 'worker_threads', 'perf_hooks', 'v8'];
const LAZY_RUNTIME = `function __pactshipLazy(load) { let m; const get = () => (m ??= load()); return new Proxy({}, { get: (_, k) => get()[k], has: (_, k) => k in get(), ownKeys: () => Reflect.ownKeys(get()), getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(get(), k); return d && { ...d, configurable: true }; } }); }\n`;

const lazyBuiltins = {
  name: 'pactship-lazy-builtins',
  renderChunk(code) {
    let out = code;
    let changed = false;
    for (const builtin of LAZY_BUILTINS) {
      const declaration = new RegExp(`(let|const|var) ([\\w$]+) = require\\("(?:node:)?${builtin}"\\);\\n`, 'g');
      for (const [text, , name] of [...out.matchAll(declaration)]) {
        const wrapped = `${name} = require_rolldown_runtime.__toESM(${name}, 1);\n`;
        const rest = out.replaceAll(text, '').replaceAll(wrapped, '');
        const uses = [...rest.matchAll(new RegExp(`(?<![\\w$.])${name.replaceAll('$', '\\$')}(?![\\w$])(.)`, 'g'))];
        if (uses.length === 0 || uses.some((m) => m[1] !== '.')) continue; // used as a value: keep it eager
        const load = out.includes(wrapped) ? `require_rolldown_runtime.__toESM(require("node:${builtin}"), 1)` : `require("node:${builtin}")`;
        out = out.replaceAll(wrapped, '').replaceAll(text, `const ${name} = __pactshipLazy(() => ${load});\n`);
        changed = true;
      }
    }
    return changed ? { code: LAZY_RUNTIME + out, map: null } : null;
  },
};

/** Which modules went into which file (build/bundle-manifest.json), for the test that keeps `--help` light. */
function manifest(name) {
  return {
    name: 'pactship-manifest',
    generateBundle(_options, bundle) {
      const chunks = {};
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunks[file] = {
          imports: chunk.imports,
          dynamicImports: chunk.dynamicImports,
          modules: chunk.moduleIds.map((id) => slash(id).replace(/^.*?\/(src|node_modules)\//, '$1/')),
        };
      }
      mkdirSync('build', { recursive: true });
      writeFileSync(`build/bundle-manifest-${name}.json`, `${JSON.stringify(chunks, null, 1)}\n`);
    },
  };
}

rmSync('dist', { recursive: true, force: true });

export default defineConfig([
  {
    input: cliInput,
    platform: 'node',
    tsconfig: 'tsconfig.json',
    external,
    plugins: [version, dynamicImports, lazyBuiltins, manifest('cli')],
    output: {
      dir: 'dist/cli',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      sourcemap: false,
      // ASCII only (non-ASCII escaped): V8 then keeps each chunk as a one-byte string, which boot.cjs
      // reads and V8 checks in half the time of a two-byte one (see src/cli/boot.ts).
      charset: 'ascii',
      // JSDoc is for the sources; the chunks keep licence notices (and stay ASCII: comments are not escaped).
      comments: { legal: true, annotation: true, jsdoc: false },
      codeSplitting: {
        groups: [
          { name: 'base', priority: 3, test: (id) => /\/src\/(cli\/main|errors|version)\.ts$/.test(slash(id)) },
          { name: 'cli', priority: 2, test: (id) => /\/src\/cli\/(program|options|runner|declare\/)|\/node_modules\/commander\//.test(slash(id)) },
          // execa's signal tables are built when their module loads (~1 ms): only with execa.
          { name: 'signals', priority: 2, test: (id) => /\/node_modules\/human-signals\//.test(slash(id)) },
          { name: 'core', priority: 1, test: (id) => /\/src\/(?!cli\/boot\.ts)|\/node_modules\/chalk\//.test(slash(id)) },
        ],
      },
    },
  },
  {
    input: { index: 'src/index.ts' },
    platform: 'node',
    tsconfig: 'tsconfig.json',
    external,
    plugins: [version, manifest('lib')],
    output: { dir: 'dist', format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'lib/[name]-[hash].js', sourcemap: false },
  },
]);

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
    plugins: [version, dynamicImports, manifest('cli')],
    output: {
      dir: 'dist/cli',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      sourcemap: false,
      codeSplitting: {
        groups: [
          { name: 'base', priority: 3, test: (id) => /\/src\/(cli\/main|errors|version)\.ts$/.test(slash(id)) },
          { name: 'cli', priority: 2, test: (id) => /\/src\/cli\/(program|options|runner|declare\/)|\/node_modules\/commander\//.test(slash(id)) },
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

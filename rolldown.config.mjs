/**
 * The JavaScript in dist/ (`tsc -p tsconfig.build.json` writes only the .d.ts files).
 *
 * One ESM entry per src/cli/commands/*.ts (found here, so a new command needs no edit), the CLI
 * entry and the library API; shared code in dist/chunks/. Start-up is dominated by module
 * resolution and loading (see README, Performance), so everything is bundled except the packages
 * in package.json#dependencies, which stay real imports: that is where a package goes whose files
 * must stay on disk as they are (jiti loads its Babel build lazily by a relative path).
 * No source maps: they would double the installed size, and --verbose stacks stay readable
 * because nothing is minified.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'rolldown';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const runtimeDeps = Object.keys(pkg.dependencies ?? {});

const input = { 'cli/main': 'src/cli/main.ts', index: 'src/index.ts' };
for (const file of readdirSync('src/cli/commands')) {
  if (file.endsWith('.ts') && !file.endsWith('.d.ts')) input[`cli/commands/${file.slice(0, -3)}`] = `src/cli/commands/${file}`;
}

const isExternal = (id) =>
  id.startsWith('node:') || builtinModules.includes(id) || runtimeDeps.some((dep) => id === dep || id.startsWith(`${dep}/`));

export default defineConfig({
  input,
  platform: 'node',
  tsconfig: 'tsconfig.json',
  external: isExternal,
  plugins: [
    {
      // src/version.ts reads ../package.json at run time (tests run the sources); in a chunk that
      // path would be wrong, so the bundle gets the version as a constant.
      name: 'pactship-version',
      load(id) {
        if (id.replaceAll('\\', '/').endsWith('/src/version.ts')) return `export const VERSION = ${JSON.stringify(pkg.version)};`;
        return null;
      },
    },
    {
      // Which modules went into which file, for the test that keeps `--help` free of heavy modules.
      name: 'pactship-manifest',
      generateBundle(_options, bundle) {
        const chunks = {};
        for (const [file, chunk] of Object.entries(bundle)) {
          if (chunk.type !== 'chunk') continue;
          chunks[file] = {
            imports: chunk.imports,
            dynamicImports: chunk.dynamicImports,
            modules: chunk.moduleIds.map((id) => id.replaceAll('\\', '/').replace(/^.*?\/(src|node_modules)\//, '$1/')),
          };
        }
        mkdirSync('build', { recursive: true });
        writeFileSync('build/bundle-manifest.json', `${JSON.stringify(chunks, null, 1)}\n`);
      },
    },
  ],
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: false,
    cleanDir: true,
    minify: false,
  },
});

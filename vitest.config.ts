import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The packaging test runs two npm installs: its own run, `npm run test:package` (.ci/run calls it).
    exclude: [...configDefaults.exclude, 'test/package/**'],
    // E2E tests run real servers (and a few real processes); keep the 2-core machine from thrashing.
    maxWorkers: 2,
    // Test files share a worker's module graph (about half of the suite's time was re-importing per file).
    // That is safe because nothing here keeps mutable module state between files: the CLI runs through
    // main(io) with its own env, cwd and streams, servers are closed in afterAll, and no file uses vi.mock.
    // A test that needs a fresh module graph must restore what it changes.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'build/test-results.json' },
  },
});

// `npm run test:package`: the packaging tests (test/package: install from a clone, the public types), slow, so
// not part of `npm test`; one file at a time, as packing runs the build (prepack) in the checkout.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/package/**/*.test.ts'], fileParallelism: false, testTimeout: 600_000, hookTimeout: 60_000 },
});

// `npm run test:package`: the packaging test (test/package), slow, so not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/package/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 60_000 },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/unit/setup.ts'],
    // Speed is measured by the benchmarks, not here: a test is given time to finish on a
    // busy 2-core machine (the default 5 s is hit by the property tests under load).
    testTimeout: 30_000,
  },
});

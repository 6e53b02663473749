import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Most end-to-end files wait on pacing windows and child processes, not the CPU: three at a time
    // on two cores cuts the suite's wall time by a third, and the tests assert on counts, not speed.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

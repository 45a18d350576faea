import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests co-located with the code, and integration suites that talk to the
// project's simulator over HTTP and to real databases (PGlite and, when reachable, PostgreSQL).
// Two workers even on a 2-core machine (vitest's default there is one): the integration suites mostly wait
// on child processes, HTTP and databases, and every suite owns its ports, data directories and databases.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

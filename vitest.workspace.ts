/**
 * The test projects (DESIGN.md names this file; Vitest 4 ignores it on its own, so
 * vitest.config.ts imports it into `test.projects`, STACK.md).
 *
 * - unit  `*.test.ts`       pure logic and services, fast
 * - int   `*.int.test.ts`   through createCaller and real HTTP, on an in-memory PGlite
 * - int-pg the int files again on PostgreSQL 127.0.0.1:5432
 * - pg    `*.pg.test.ts`    PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379: races,
 *                           migrations, multi-instance realtime (required when CI=true)
 * - e2e   `e2e/*.e2e.test.ts` real Chromium against the started server (required when CI=true)
 */
import { defineProject } from 'vitest/config';

const setupFiles = ['server/test/setup.ts'];
const integration = { setupFiles, testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false };

export default [
  defineProject({
    test: {
      name: 'unit',
      include: [
        'shared/src/**/*.test.ts',
        'server/src/**/*.test.ts',
        'clients/usher/src/**/*.test.ts',
        'clients/webapp/src/**/*.test.ts',
      ],
      exclude: ['**/*.int.test.ts', '**/*.pg.test.ts', '**/node_modules/**'],
      setupFiles,
    },
  }),
  defineProject({ test: { name: 'int', include: ['server/src/**/*.int.test.ts'], ...integration } }),
  // the same integration files again, on PostgreSQL
  defineProject({
    test: {
      name: 'int-pg',
      include: ['server/src/**/*.int.test.ts'],
      env: { ADMIT_TEST_DB: 'postgres' },
      ...integration,
    },
  }),
  defineProject({ test: { name: 'pg', include: ['server/src/**/*.pg.test.ts'], ...integration } }),
  defineProject({
    test: { name: 'e2e', include: ['e2e/**/*.e2e.test.ts'], setupFiles, testTimeout: 180_000, hookTimeout: 180_000 },
  }),
];

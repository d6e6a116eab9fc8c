/**
 * Database connections. One Prisma schema serves both targets (STACK.md "Prisma 7 here"):
 * - `DATABASE_URL` set → PostgreSQL through `@prisma/adapter-pg` (a pool);
 * - unset → embedded PGlite (PostgreSQL in WASM) kept in `.data/pglite`, or in memory for tests.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/client.ts';
import { applyMigrations, type SqlRunner } from './migrate.ts';

export type Db = PrismaClient;

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** Runs `fn` with a single-connection SQL runner (migrations, test resets). */
  withSql<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent PGlite is used */
  url?: string;
  /** PGlite data directory (`memory://` for a throwaway database) */
  dataDir?: string;
  /** apply pending migrations before returning (default true) */
  migrate?: boolean;
  /** pg pool size (default 10) */
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions = {}): Promise<Database> {
  const db = opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : await openPglite(opts.dataDir ?? '.data/pglite');
  if (opts.migrate !== false) await db.withSql((sql) => applyMigrations(sql));
  return db;
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dirname(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  return {
    prisma,
    kind: 'pglite',
    withSql: (fn) =>
      fn({
        exec: (s) => client.exec(s),
        query: async <T>(s: string, p?: unknown[]) => ({ rows: (await client.query<T>(s, p)).rows }),
      }),
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}

function openPostgres(url: string, max: number): Database {
  // an unreachable server fails a request within 5 s (→ 503 UNAVAILABLE) instead of hanging it
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // pg emits 'error' for an idle client the server terminated (restart, failover, a dropped
  // database). The pool discards that client and connects a new one on demand; unhandled, the
  // event would crash the process.
  pool.on('error', () => {});
  // Under a rush every pooled connection can be busy: wait up to 5 s for one (Prisma's default is
  // 2 s) before the request fails with 503 UNAVAILABLE (ops/db-errors.ts), never a 500.
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    transactionOptions: { maxWait: 5000, timeout: 10_000 },
  });
  return {
    prisma,
    kind: 'postgres',
    async withSql(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: (s) => client.query(s),
          query: async <T>(s: string, p?: unknown[]) => ({ rows: (await client.query(s, p)).rows as T[] }),
        });
      } finally {
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Applies pending migrations from `prisma/migrations/` and records them in the standard
 * `_prisma_migrations` table, so the files stay compatible with `prisma migrate deploy`
 * where the real CLI can run (STACK.md: it cannot fetch its schema engine on these machines).
 *
 * Each migration runs in its own transaction together with its bookkeeping row, so a failing
 * migration leaves nothing half-applied and is never recorded as applied (unlike
 * pglite-prisma-adapter's executeScript, which does not await the SQL).
 *
 * Errors: throws `MigrationError` naming the migration when its SQL fails or when an applied
 * migration's checksum no longer matches its file (edited after it was applied).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../prisma/migrations');

/** The minimal SQL surface both PGlite and a `pg` client offer. */
export interface SqlRunner {
  /** runs a multi-statement script (no parameters) */
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`migration ${migration}: ${message}`, options);
    this.name = 'MigrationError';
  }
}

/** Reads `<dir>/<name>/migration.sql` in name order (names start with a UTC timestamp). */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/**
 * Applies every migration not yet recorded as finished.
 * Returns the names applied, in order. Safe to call concurrently from several processes on
 * PostgreSQL: a transaction-level advisory lock serialises them.
 */
export async function applyMigrations(db: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await readMigrations(dir);
  await db.exec(BOOKKEEPING);
  const applied: string[] = [];
  for (const m of migrations) {
    await db.exec('BEGIN');
    try {
      // 0x41444d4954 = "ADMIT": one migrator at a time across processes.
      await db.query('SELECT pg_advisory_xact_lock(279384623444)');
      const { rows } = await db.query<{ checksum: string }>(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [m.name],
      );
      if (rows.length > 0) {
        await db.exec('COMMIT');
        if (rows[0]?.checksum !== m.checksum) {
          throw new MigrationError(m.name, 'was edited after it was applied (checksum mismatch)');
        }
        continue;
      }
      await db.exec(m.sql);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      await db.exec('COMMIT');
      applied.push(m.name);
    } catch (err) {
      await db.exec('ROLLBACK').catch(() => {});
      if (err instanceof MigrationError) throw err;
      throw new MigrationError(m.name, err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
  return applied;
}

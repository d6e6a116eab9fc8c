/** Migrations on real PostgreSQL: idempotent, recorded like `prisma migrate deploy`, guarded. */
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIf, openTestDatabase, postgresAvailable } from '../../test/harness.ts';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from './migrate.ts';

const ready = await postgresAvailable();

describeIf(ready)('migrations on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('postgres'); // applies every migration
  });
  afterAll(() => db?.close());

  it('records each migration once in _prisma_migrations and re-running applies nothing', async () => {
    const names = (await readMigrations()).map((m) => m.name);
    const rows = await db.withSql((sql) =>
      sql.query<{ migration_name: string; checksum: string }>(
        'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
      ),
    );
    expect(rows.rows.map((r) => r.migration_name)).toEqual(names);
    expect(await db.withSql((sql) => applyMigrations(sql))).toEqual([]);
  });

  it('a failing migration leaves nothing behind and is not recorded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'admit-mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await mkdir(join(dir, '29990101000000_broken'));
    await writeFile(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n',
    );
    await expect(db.withSql((sql) => applyMigrations(sql, dir))).rejects.toThrow(/29990101000000_broken/);
    const half = await db.withSql((sql) => sql.query(`SELECT to_regclass('"Half"') AS t`));
    expect(half.rows[0]).toEqual({ t: null });
    const recorded = await db.withSql((sql) =>
      sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`),
    );
    expect(recorded.rows).toHaveLength(0);
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'admit-mig-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    await writeFile(join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
    await expect(db.withSql((sql) => applyMigrations(sql, dir))).rejects.toThrow(/checksum/);
  });
});

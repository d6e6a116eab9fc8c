/**
 * Migrations without the Prisma CLI's native engine (STACK.md).
 *
 *   tsx scripts/db-migrate.ts deploy          apply pending migrations to DATABASE_URL or .data/pglite
 *   tsx scripts/db-migrate.ts create <name>   write prisma/migrations/<UTC timestamp>_<name>/migration.sql
 *
 * `create` asks Prisma's official WASM schema engine for the SQL that takes the existing
 * migrations (replayed into a throwaway in-memory PGlite "shadow database") to
 * `prisma/schema.prisma`, the same diff `prisma migrate diff --from-migrations --to-schema` prints. Hand-written SQL (CHECK
 * constraints, partial indexes) can be appended to the generated file before it is committed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { openDatabase } from '../server/src/db/connection.ts';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../server/src/db/migrate.ts';

const SCHEMA = join(import.meta.dirname, '../prisma/schema.prisma');

async function deploy() {
  const db = await openDatabase({ url: process.env.DATABASE_URL, migrate: false });
  try {
    const applied = await db.withSql((sql) => applyMigrations(sql));
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } finally {
    await db.close();
  }
}

/** Loads the wasm-bindgen module by hand: its entry point needs `--experimental-wasm-modules`. */
async function loadSchemaEngine() {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bg = await import(entry);
  const bytes = await readFile(entry.replace(/\.js$/, '.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg.SchemaEngine as typeof import('@prisma/schema-engine-wasm').SchemaEngine;
}

/** pglite-prisma-adapter's executeScript does not await its SQL (STACK.md): await it. */
function awaitedFactory(client: PGlite) {
  const factory = new PrismaPGlite(client);
  const wrap = async <A extends { executeScript(s: string): Promise<void> }>(adapter: A, pgl: PGlite) => {
    adapter.executeScript = async (script: string) => {
      await pgl.exec(script);
    };
    return adapter;
  };
  return bindMigrationAwareSqlAdapterFactory({
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrap(await factory.connect(), client),
    connectToShadowDb: async () => {
      const shadow = await PGlite.create('memory://');
      return wrap(await new PrismaPGlite(shadow).connect(), shadow);
    },
  });
}

async function create(name: string) {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error('migration name: lower-case letters, digits and _ only');
  const main = await PGlite.create('memory://');
  const schema = await readFile(SCHEMA, 'utf8');
  const SchemaEngine = await loadSchemaEngine();
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA, schema]] }, () => {}, awaitedFactory(main));
  const filters = { externalTables: [], externalEnums: [] };
  const migrationsList = {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
    shadowDbInitScript: '',
    migrationDirectories: (await readMigrations()).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.sql } },
    })),
  };
  // "from": the migrations replayed into a shadow PGlite; "to": the schema file.
  const result = await engine.diff({
    from: { tag: 'migrations', ...migrationsList },
    to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA, content: schema }] },
    script: true,
    exitCode: null,
    filters,
  });
  const sql = (result.stdout ?? '').trim();
  if (!sql || sql === '-- This is an empty migration.') {
    console.log('schema and migrations agree: nothing to create');
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), `${sql}\n`);
    console.log(`wrote ${dir}/migration.sql`);
  }
  engine.free();
  await main.close();
}

const [cmd, arg] = process.argv.slice(2);
if (cmd === 'deploy') await deploy();
else if (cmd === 'create' && arg) await create(arg);
else {
  console.error('usage: db-migrate.ts deploy | create <name>');
  process.exitCode = 2;
}
// the wasm engine leaves a timer running (STACK.md)
process.exit(process.exitCode ?? 0);

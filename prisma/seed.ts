/** `pnpm db:seed`: fills the database (DATABASE_URL, else PGlite in PGLITE_DIR or .data/pglite) with the demo world. */
import { openDatabase } from '../server/src/db/connection.ts';
import { seedDemoWorld } from '../server/src/db/seed.ts';

const db = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.PGLITE_DIR });
try {
  await seedDemoWorld(db.prisma, { log: console.log });
} finally {
  await db.close();
}

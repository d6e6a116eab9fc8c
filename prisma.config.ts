import { defineConfig } from 'prisma/config';

// The Prisma CLI is only used for `prisma generate` here (STACK.md: it cannot fetch its schema
// engine on these machines). Migrations are created and applied by scripts/db-migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/placeholder' },
});

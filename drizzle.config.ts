import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` diffs src/store/schema.ts against drizzle/meta and writes a new SQL migration.
// The first migration (custom) creates the pgvector extension, which drizzle-kit does not emit.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './drizzle',
  strict: true,
  verbose: true,
});

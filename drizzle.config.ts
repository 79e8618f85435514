import { defineConfig } from 'drizzle-kit';

/** drizzle-kit generates SQL migrations from the TypeScript schema into migrations/. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './migrations',
  casing: 'snake_case',
});

import { defineConfig } from "prisma/config";

// `env("DATABASE_URL")` throws when unset; the CLI only needs a URL for
// commands that touch a database, so fall back to the local PostgreSQL.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/steward_dev",
  },
});

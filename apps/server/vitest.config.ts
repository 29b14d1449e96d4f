import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `*.pg.test.ts` need a real PostgreSQL (several instances sharing one database).
    exclude: process.env.TEST_DATABASE_URL ? [] : ["test/**/*.pg.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own server on its own database, so files run in parallel.
    pool: "forks",
    maxWorkers: 2,
    reporters: [
      "default",
      ["json", { outputFile: `../../.test-results/server-${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"}.json` }],
    ],
  },
});

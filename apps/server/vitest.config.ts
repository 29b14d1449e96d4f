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
      // `pnpm fuzz` (FUZZ_RUNS set) reports on its own, beside the suites' reports rather than over one.
      ["json", { outputFile: `../../.test-results/server-${process.env.FUZZ_RUNS ? "fuzz-" : ""}${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"}.json` }],
    ],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `*.pg.test.ts` need a real PostgreSQL (several instances sharing one database).
    exclude: process.env.TEST_DATABASE_URL ? [] : ["test/**/*.pg.test.ts"],
    // One migrated embedded database for the run, which in-memory test databases start from.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own server on its own database, so files run in parallel.
    pool: "forks",
    maxWorkers: 2,
    // A worker runs file after file in one process instead of a new process
    // per file: the imports, the JIT's work and PGlite's compiled WebAssembly
    // are paid once per worker, not once per file (half the CPU of a small
    // file). Files share no state but the process: each starts and closes its
    // own servers on its own databases, as several servers in one file do
    // (the process-wide caches, the common-password list and the like, hold
    // the same values for every server).
    isolate: false,
    reporters: [
      "default",
      // `pnpm fuzz` (FUZZ_RUNS set) reports on its own, beside the suites' reports rather than over one.
      ["json", { outputFile: `../../.test-results/server-${process.env.FUZZ_RUNS ? "fuzz-" : ""}${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"}.json` }],
    ],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own Steward server (embedded database, migrations,
    // argon2); the pack test also runs `pnpm pack` and `npm install`.
    // One migrated embedded database for the run, which the servers start from.
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    // A worker runs file after file in one process (imports and PGlite's
    // compiled WebAssembly paid once); each file has its own server.
    isolate: false,
    reporters: ["default", ["json", { outputFile: "../../.test-results/client.json" }]],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own Steward server (embedded database, migrations,
    // argon2); the pack test also runs `pnpm pack` and `npm install`.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
    reporters: ["default", ["json", { outputFile: "../../.test-results/client.json" }]],
  },
});

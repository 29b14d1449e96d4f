import { defineConfig } from "vitest/config";

// Browser tests: a real API (in-process), the built console (`next start`)
// and Chromium. Slow steps get generous timeouts; files run one at a time.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: "forks",
    reporters: ["default", ["json", { outputFile: "../../.test-results/console.json" }]],
  },
});

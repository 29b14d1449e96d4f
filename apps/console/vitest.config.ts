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
    // A page's answer to a click (an API call, a render) can take seconds on a busy 2-core runner:
    // expect.poll waits up to 10 s (vitest's default, 1 s, made a push's result row flaky in CI).
    expect: { poll: { timeout: 10_000 } },
    pool: "forks",
    // One process runs file after file (imports and PGlite's compiled
    // WebAssembly paid once); each file still has its own API, console and browser.
    isolate: false,
    reporters: ["default", ["json", { outputFile: "../../.test-results/console.json" }]],
  },
});

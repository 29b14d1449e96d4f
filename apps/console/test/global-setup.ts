import { existsSync } from "node:fs";
import path from "node:path";
import { CONSOLE_DIR, ensureChromium } from "./env";

/** Runs once before the browser tests: the console must be built, Chromium must exist. */
export default function setup(): void {
  if (!existsSync(path.join(CONSOLE_DIR, ".next", "BUILD_ID"))) {
    throw new Error(
      "The console is not built (apps/console/.next is missing): run `pnpm --filter @steward/console build` first.",
    );
  }
  ensureChromium();
}

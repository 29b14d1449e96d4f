import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_PATH, CONSOLE_DIR } from "./env";

/** Runs once before the browser tests: the console must be built, Chromium must exist. */
export default function setup(): void {
  if (!existsSync(path.join(CONSOLE_DIR, ".next", "BUILD_ID"))) {
    throw new Error(
      "The console is not built (apps/console/.next is missing): run `pnpm --filter @steward/console build` first.",
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    const script = path.resolve(fileURLToPath(import.meta.url), "../../../../tooling/scripts/ensure-chromium.sh");
    console.log(`${CHROMIUM_PATH} not found; running ${path.relative(process.cwd(), script)}`);
    execFileSync("sh", [script], { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH } });
  }
}

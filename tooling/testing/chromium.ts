// Debian's Chromium for the browser tests (server docs page, console), driven
// by playwright-core: `npx playwright install` cannot download browsers here.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Flags that work in containers and offline (see TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Installs Debian's chromium when it is missing (tooling/scripts/ensure-chromium.sh). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../scripts/ensure-chromium.sh");
  console.log(`${CHROMIUM_PATH} not found; running ${path.relative(process.cwd(), script)}`);
  execFileSync("sh", [script], { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH } });
}

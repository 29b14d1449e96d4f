import path from "node:path";
import { fileURLToPath } from "node:url";

export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
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

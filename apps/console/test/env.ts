import path from "node:path";
import { fileURLToPath } from "node:url";

export const CONSOLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from "../../../tooling/testing/chromium.ts";

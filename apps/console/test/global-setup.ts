import { existsSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migratedEmbeddedSnapshot } from "@steward/server";
import { writeEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";
import { CONSOLE_DIR, ensureChromium } from "./env";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's migrated embedded database (tooling/testing/embedded-snapshot.ts), which each test's API starts from. */
    embeddedSnapshotFile: string;
  }
}

/**
 * Runs once before the browser tests: the console must be built, Chromium
 * must exist; and one migrated embedded database is made for the APIs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(CONSOLE_DIR, ".next", "BUILD_ID"))) {
    throw new Error(
      "The console is not built (apps/console/.next is missing): run `pnpm --filter @steward/console build` first.",
    );
  }
  ensureChromium();
  const { file, remove } = await writeEmbeddedSnapshot(migratedEmbeddedSnapshot);
  project.provide("embeddedSnapshotFile", file);
  return remove;
}

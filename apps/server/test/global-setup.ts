import type { TestProject } from "vitest/node";
import { migratedEmbeddedSnapshot } from "@steward/db";
import { writeEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's migrated embedded database (tooling/testing/embedded-snapshot.ts); empty when there is none. */
    embeddedSnapshotFile: string;
  }
}

/**
 * Runs once before the server tests: on the embedded database (no
 * TEST_DATABASE_URL), one migrated PGlite database that the test files'
 * in-memory databases start from.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("embeddedSnapshotFile", "");
    return undefined;
  }
  const { file, remove } = await writeEmbeddedSnapshot(migratedEmbeddedSnapshot);
  project.provide("embeddedSnapshotFile", file);
  return remove;
}

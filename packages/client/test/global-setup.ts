import type { TestProject } from "vitest/node";
import { migratedEmbeddedSnapshot } from "@steward/server";
import { writeEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's migrated embedded database (tooling/testing/embedded-snapshot.ts), which each test's server starts from. */
    embeddedSnapshotFile: string;
  }
}

/** Runs once before the SDK tests: one migrated embedded database for the servers they start. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { file, remove } = await writeEmbeddedSnapshot(migratedEmbeddedSnapshot);
  project.provide("embeddedSnapshotFile", file);
  return remove;
}

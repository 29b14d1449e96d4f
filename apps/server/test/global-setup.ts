import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";
import { migratedEmbeddedSnapshot, openDatabase } from "@steward/db";
import { writeEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's migrated embedded database (tooling/testing/embedded-snapshot.ts); empty when there is none. */
    embeddedSnapshotFile: string;
    /** The run's bundle of the server (main.js, cli.js), built from the sources, for the processes tests start. */
    serverBundleDir: string;
    /** A PGlite data folder as a server's first start migrates it, which data-folder tests copy (support/data-folder.ts). */
    migratedDataFolder: string;
  }
}

const serverDir = path.resolve(import.meta.dirname, "..");

/**
 * Runs once before the server tests and prepares what many files would
 * otherwise each pay for:
 * - on the embedded database (no TEST_DATABASE_URL), one migrated PGlite
 *   database that the test files' in-memory databases start from;
 * - the server bundled from the sources as `pnpm build` bundles it, so a
 *   test's server or `steward` process starts as in production (plain node,
 *   about 1.7 s less than through the TypeScript loader);
 * - one migrated PGlite data folder (migrated about 4 s faster than a new one).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), "steward-test-run-"));
  // Right under apps/server, as dist is (its imports and ../package.json resolve from there); one per run, so runs side by side do not meet.
  const bundleDir = path.join(serverDir, `.test-dist-${path.basename(scratch).slice("steward-test-run-".length)}`);
  const folder = path.join(scratch, "migrated-data");
  const [snapshot] = await Promise.all([
    process.env.TEST_DATABASE_URL ? undefined : writeEmbeddedSnapshot(migratedEmbeddedSnapshot),
    promisify(execFile)(process.execPath, [path.join(serverDir, "build.mjs"), bundleDir]),
    openDatabase(`pglite:${folder}`).then(async (database) => {
      await database.migrate();
      await database.close();
    }),
  ]);
  project.provide("embeddedSnapshotFile", snapshot?.file ?? "");
  project.provide("serverBundleDir", bundleDir);
  project.provide("migratedDataFolder", folder);
  return async () => {
    await snapshot?.remove();
    await rm(bundleDir, { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  };
}

import { cp } from "node:fs/promises";
import { inject } from "vitest";

/**
 * Makes `folder` a PGlite data folder as a server's first start leaves it
 * migrated (no users, no key file yet): a copy of the run's one (global
 * setup). For tests of what a server or `steward` does with a folder, not
 * of creating one.
 */
export async function copyMigratedDataFolder(folder: string): Promise<void> {
  await cp(inject("migratedDataFolder"), folder, { recursive: true });
}

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { freshDatabase } from "../harness.ts";
import { copyMigratedDataFolder } from "./data-folder.ts";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The `steward` command as an operator runs it: a child process (the run's
 * bundle, global-setup.ts) configured by the environment, in a temporary
 * folder, on a new migrated data folder (or a fresh PostgreSQL database
 * under test:pg). Call at a test file's top level:
 * the folder and database are made before its tests and removed after.
 * `env` (valid inside tests) is what a server started on the same database takes.
 */
export function stewardCli(prefix: string): { readonly dir: string; readonly env: Record<string, string>; run(args: string[], stdin?: string): Promise<CliRun> } {
  let dir = "";
  let env: Record<string, string> = {};
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    const folder = path.join(dir, "data");
    if (!process.env.TEST_DATABASE_URL) await copyMigratedDataFolder(folder);
    const database = process.env.TEST_DATABASE_URL ? await freshDatabase() : { url: `pglite:${folder}`, drop: async () => {} };
    drop = database.drop;
    env = { DATABASE_URL: database.url, STEWARD_SECRET_KEY_FILE: path.join(dir, "secret.key"), LOG_LEVEL: "warn" };
  });
  afterAll(async () => {
    await drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    get env() {
      return env;
    },
    run: (args, stdin) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--enable-source-maps", path.join(inject("serverBundleDir"), "cli.js"), ...args], { env: { ...process.env, ...env }, cwd: dir });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin ?? "");
      }),
  };
}

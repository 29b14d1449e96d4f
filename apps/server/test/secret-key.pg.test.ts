import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, startServer, type RunningServer } from "../src/index.ts";
import { freshDatabase } from "./harness.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";

// PostgreSQL only: with no STEWARD_SECRET_KEY, the key file lands under the working directory.
let dir: string;
let cwd: string;
const running: RunningServer[] = [];
let drop: (() => Promise<void>) | undefined;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "steward-keys-pg-")));
  cwd = process.cwd();
  process.chdir(dir);
});

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  await drop?.();
  process.chdir(cwd);
  await rm(dir, { recursive: true, force: true });
});

async function start(url: string, lines: LogLine[]): Promise<void> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_URL: url, DATABASE_POOL_SIZE: "2", STEWARD_ADMIN_PASSWORD: "keys-admin-password" });
  running.push(await startServer(config, { log: capturingLogger(lines) }));
}

describe("the secret key on PostgreSQL", () => {
  it("without STEWARD_SECRET_KEY: .steward/secret.key under the working directory, shared by a second instance", async () => {
    const database = await freshDatabase();
    drop = database.drop;
    const lines: LogLine[] = [];
    await start(database.url, lines);
    const keyFile = path.join(dir, ".steward", "secret.key");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(lines.find((line) => line.msg.startsWith("secret key file created"))?.fields).toMatchObject({
      path: keyFile,
      note: expect.stringContaining("STEWARD_SECRET_KEY"),
    });
    const again: LogLine[] = [];
    await start(database.url, again);
    expect(again.find((line) => line.msg === "secret key file read")?.fields.path).toBe(keyFile);
  });
});

import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const BIN = "/usr/lib/postgresql/15/bin";
const OS_USER = "postgres";

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/steward` */
  url: string;
  /** Stops the server as an operator or a crash would (`pg_ctl stop -m <mode>`). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same data and port. */
  start(): Promise<void>;
  /** Stops it however it is and removes its folder; safe to call more than once. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL 15 server of its own (initdb + pg_ctl in a temp folder, on a
 * free port), for tests that stop and start the database under a running
 * Steward. The shared server on 5432 is never touched. PostgreSQL refuses to
 * run as root, so as root the binaries run as the `postgres` OS user.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "steward-pg-"));
  const dataDir = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const pgRun = (bin: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", OS_USER, "--", path.join(BIN, bin), ...args]) : run(path.join(BIN, bin), args);
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await pgRun("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w"]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  try {
    if (asRoot) {
      const { stdout } = await run("id", ["-u", OS_USER]);
      const { stdout: gid } = await run("id", ["-g", OS_USER]);
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await pgRun("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]);
    const port = await freePort();
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c max_connections=50`;
    const start = async () => {
      await pgRun("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-l", path.join(dir, "server.log"), "-o", options]);
    };
    await start();
    const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query("CREATE DATABASE steward");
    await admin.end();
    return {
      url: `postgres://postgres@127.0.0.1:${port}/steward`,
      stop: async (mode) => void (await pgRun("pg_ctl", ["stop", "-D", dataDir, "-m", mode, "-w", "-t", "60"])),
      start,
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

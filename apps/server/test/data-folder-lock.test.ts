import { existsSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launchChildServer, startChildServer, type ChildServer } from "./support/child-server.ts";
import { copyMigratedDataFolder } from "./support/data-folder.ts";

// Embedded PGlite in a folder, on every run (whatever TEST_DATABASE_URL says):
// one data folder belongs to one server process at a time.
const ADMIN = { username: "admin", password: "folder-admin-password" };

let dir: string;
/** A data folder in `dir` as a first start leaves it (migrated), which every test but one starts on. */
let existing: string;
const launched: ChildServer[] = [];

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "steward-folder-")));
  existing = path.join(dir, "data");
  await copyMigratedDataFolder(existing);
});

afterEach(async () => {
  for (const server of launched.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.kill("SIGKILL");
    await server.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

const envFor = (folder: string) => ({
  DATABASE_URL: `pglite:${folder}`,
  STEWARD_ADMIN_USERNAME: ADMIN.username,
  STEWARD_ADMIN_PASSWORD: ADMIN.password,
});

function launch(folder: string): ChildServer {
  const server = launchChildServer(envFor(folder));
  launched.push(server);
  return server;
}

async function start(folder: string): Promise<ChildServer & { url: string }> {
  const server = await startChildServer(envFor(folder));
  launched.push(server);
  return server;
}

/** Where a launched server ends up: listening (its URL) or exited (null). */
async function outcome(server: ChildServer): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`neither listening nor exited:\n${server.output()}`)), 60_000);
  });
  try {
    return await Promise.race([server.listening, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

function expectRefusal(server: ChildServer, folder: string, ownerPid: number): void {
  const output = server.output();
  expect(output).toContain(`The data folder ${folder} is already in use by Steward process ${ownerPid}`);
  expect(output).toContain(`stop process ${ownerPid} first`);
}

describe("one server per embedded data folder", () => {
  it("a second server on the folder refuses to start, naming the folder, the owner's pid and what to do, and exits non-zero", async () => {
    const owner = await start(existing);
    const second = launch(existing);
    expect(await outcome(second)).toBeNull();
    expect((await second.exited).code).toBe(1);
    expectRefusal(second, existing, owner.child.pid!);
    expect((await fetch(`${owner.url}/readyz`)).status).toBe(200);
  }, 120_000);

  it("after the owner is killed (SIGKILL), a new server starts on the folder and finds the data written before", async () => {
    const owner = await start(existing);
    const token = await signIn(owner.url);
    const created = await fetch(`${owner.url}/api/v1/users`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ username: "written-before-kill", email: "before-kill@example.org" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    owner.kill("SIGKILL");
    expect((await owner.exited).signal).toBe("SIGKILL");

    const next = await start(existing);
    const found = await fetch(`${next.url}/api/v1/users/${id}`, { headers: { authorization: `Bearer ${await signIn(next.url)}` } });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { username: string }).username).toBe("written-before-kill");
  }, 120_000);

  it("a clean stop (SIGTERM) releases the folder: its lock file is gone and a new server starts", async () => {
    const owner = await start(existing);
    // main.ts announces "listening" just before it installs its signal handlers; once it answers, they are in place.
    expect((await fetch(`${owner.url}/readyz`)).status).toBe(200);
    owner.kill("SIGTERM");
    expect((await owner.exited).code).toBe(0);
    expect(existsSync(path.join(existing, "steward.lock"))).toBe(false);
    const next = await start(existing);
    expect((await fetch(`${next.url}/readyz`)).status).toBe(200);
  }, 120_000);

  it("of two servers started at the same moment on a folder that does not exist yet, exactly one starts", async () => {
    const fresh = path.join(dir, "new");
    const servers = [launch(fresh), launch(fresh)];
    const outcomes = await Promise.all(servers.map(outcome));
    expect(outcomes.filter((url) => url !== null)).toHaveLength(1);
    const [winner, loser] = outcomes[0] ? servers : [servers[1]!, servers[0]!];
    expect((await loser!.exited).code).toBe(1);
    expectRefusal(loser!, fresh, winner!.child.pid!);
  }, 120_000);

  it("of two servers started at the same moment on a folder whose owner was killed, exactly one starts", async () => {
    const owner = await start(existing);
    owner.kill("SIGKILL");
    await owner.exited;
    const servers = [launch(existing), launch(existing)];
    const outcomes = await Promise.all(servers.map(outcome));
    expect(outcomes.filter((url) => url !== null)).toHaveLength(1);
    const [winner, loser] = outcomes[0] ? servers : [servers[1]!, servers[0]!];
    expect((await loser!.exited).code).toBe(1);
    expectRefusal(loser!, existing, winner!.child.pid!);
  }, 120_000);
});

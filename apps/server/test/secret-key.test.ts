import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, realpath, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, startServer, type RunningServer } from "../src/index.ts";
import { parseKeys } from "../src/secret-key.ts";
import { generateKey, keyIdOf, Keyring, SEAL_CONTEXT, sealedKeyId } from "../src/services/kernel/keyring.ts";
import { resealSecrets } from "../src/services/maintenance/reseal-secrets.ts";
import { hashToken, newSecret } from "../src/services/kernel/secrets.ts";
import { embeddedSnapshot, freshDatabase } from "./harness.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";
import { launchChildServer } from "./support/child-server.ts";
import { copyMigratedDataFolder } from "./support/data-folder.ts";

// Real servers on real databases. Restarts need data that outlives a server:
// a PGlite folder, or, with TEST_DATABASE_URL, one PostgreSQL database
// opened twice. The generated key file of an embedded folder is tested on
// PGlite whatever TEST_DATABASE_URL says.
const CONTEXT = SEAL_CONTEXT.inviteToken;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let dir: string;
const running: RunningServer[] = [];
const cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(os.tmpdir(), "steward-keys-")));
});

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Starts a server in this process; `lines` receives its log. */
async function start(env: Record<string, string>, lines: LogLine[] = []): Promise<RunningServer> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATABASE_POOL_SIZE: "2", STEWARD_ADMIN_PASSWORD: "keys-admin-password", ...env });
  // An in-memory database starts from the run's migrated one, as in startTestServer.
  const snapshot = config.databaseUrl === "pglite:memory" ? await embeddedSnapshot() : undefined;
  const server = await startServer(config, { log: capturingLogger(lines), embeddedSnapshot: snapshot });
  running.push(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

/** A new database, dropped after the test: in-memory PGlite, or one on TEST_DATABASE_URL's server. */
async function newDatabase(): Promise<string> {
  const database = await freshDatabase();
  cleanups.push(database.drop);
  return database.url;
}

/** A new database that outlives its server: a PGlite folder (migrated: its creation is not what is tested here), or a PostgreSQL database. */
async function lastingDatabase(): Promise<string> {
  return onPostgres ? newDatabase() : `pglite:${await migratedFolder()}`;
}

/** `dir`/data, a PGlite data folder as a server's first start migrates it, with no key file yet. */
async function migratedFolder(): Promise<string> {
  const folder = path.join(dir, "data");
  await copyMigratedDataFolder(folder);
  return folder;
}

async function insertInvite(server: RunningServer, keyring: Keyring): Promise<{ id: string; token: string }> {
  const token = newSecret("sti_");
  const invite = await server.db.prisma.invite.create({
    data: { kind: "register", tokenHash: hashToken(token), tokenCiphertext: keyring.seal(token, CONTEXT) },
  });
  return { id: invite.id, token };
}

async function sealedToken(server: RunningServer, id: string): Promise<string> {
  const invite = await server.db.prisma.invite.findUniqueOrThrow({ where: { id } });
  return invite.tokenCiphertext!;
}

const hexKey = () => generateKey().toString("hex");

describe("the generated key file of an embedded data folder", () => {
  it("is created on first start with mode 0600, logged by path only, and reused after a restart: a token sealed before opens after", async () => {
    const folder = await migratedFolder();
    const keyFile = path.join(folder, "secret.key");
    const firstLog: LogLine[] = [];
    const first = await start({ DATABASE_URL: `pglite:${folder}` }, firstLog);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const keyText = await readFile(keyFile, "utf8");
    const keyring = new Keyring(parseKeys(keyText, "the key file"));
    const created = firstLog.find((line) => line.msg.startsWith("secret key file created"));
    expect(created?.fields).toMatchObject({ path: keyFile, currentKeyId: keyring.currentKeyId });
    expect(JSON.stringify(firstLog)).not.toContain(keyText.trim());
    const invite = await insertInvite(first, keyring);
    await stop(first);

    const secondLog: LogLine[] = [];
    const second = await start({ DATABASE_URL: `pglite:${folder}` }, secondLog);
    expect(await readFile(keyFile, "utf8")).toBe(keyText);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(secondLog.find((line) => line.msg === "secret key file read")?.fields).toMatchObject({ path: keyFile, currentKeyId: keyring.currentKeyId });
    expect(secondLog.some((line) => line.msg.startsWith("secrets re-sealed"))).toBe(false);
    expect(keyring.open(await sealedToken(second, invite.id), CONTEXT)).toBe(invite.token);
  }, 60_000);

  it("warns when the key file can be read by other users", async () => {
    const folder = await migratedFolder();
    await stop(await start({ DATABASE_URL: `pglite:${folder}` }));
    await chmod(path.join(folder, "secret.key"), 0o644);
    const lines: LogLine[] = [];
    await start({ DATABASE_URL: `pglite:${folder}` }, lines);
    expect(lines.find((line) => line.level === "warn")).toMatchObject({ msg: expect.stringContaining("chmod 600"), fields: { path: path.join(folder, "secret.key") } });
  }, 60_000);
});

describe("where the key comes from otherwise", () => {
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
    process.chdir(dir);
  });
  afterEach(() => process.chdir(cwd));

  it("STEWARD_SECRET_KEY_FILE: created where it says (folders too), read on later starts", async () => {
    const keyFile = path.join(dir, "nested", "keys", "steward.key");
    const url = await lastingDatabase();
    const first = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY_FILE: "nested/keys/steward.key" });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const keyText = await readFile(keyFile, "utf8");
    const keyring = new Keyring(parseKeys(keyText, "the key file"));
    const invite = await insertInvite(first, keyring);
    await stop(first);

    const lines: LogLine[] = [];
    const second = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY_FILE: keyFile }, lines);
    expect(lines.find((line) => line.msg === "secret key file read")?.fields).toMatchObject({ path: keyFile, currentKeyId: keyring.currentKeyId });
    expect(await readFile(keyFile, "utf8")).toBe(keyText);
    expect(keyring.open(await sealedToken(second, invite.id), CONTEXT)).toBe(invite.token);
    expect(existsSync(path.join(dir, ".steward"))).toBe(false);
    expect(existsSync(path.join(dir, "data", "secret.key"))).toBe(false);
  }, 60_000);

  it("in-memory PGlite: an ephemeral key, said at info, and no file anywhere", async () => {
    const lines: LogLine[] = [];
    await start({ DATABASE_URL: "pglite:memory" }, lines);
    expect(lines.find((line) => line.msg.includes("ephemeral"))).toMatchObject({ level: "info", fields: { currentKeyId: expect.stringMatching(/^[0-9a-f]{8}$/) } });
    expect(existsSync(path.join(dir, ".steward"))).toBe(false);
  });
});

describe("STEWARD_SECRET_KEY", () => {
  it("accepts hex, base64 and base64url keys", async () => {
    const key = generateKey();
    const value = [key.toString("hex"), generateKey().toString("base64"), generateKey().toString("base64url")].join(", ");
    const lines: LogLine[] = [];
    await start({ DATABASE_URL: await newDatabase(), STEWARD_SECRET_KEY: value }, lines);
    const said = lines.find((line) => line.msg === "secret keys from STEWARD_SECRET_KEY");
    expect(said?.fields).toMatchObject({ currentKeyId: keyIdOf(key) });
    expect(said?.fields.keyIds).toHaveLength(3);
  });

  it.each([
    ["not a key", "definitely-not-a-key-but-maybe-a-password", "key 1 of 1"],
    ["31 bytes", "ab".repeat(31), "key 1 of 1"],
    ["33 bytes of base64", Buffer.alloc(33, 7).toString("base64"), "key 1 of 1"],
    ["a good key, then a bad one", `${"cd".repeat(32)},short-secret-value`, "key 2 of 2"],
    ["the same key twice", `${"ef".repeat(32)},${"ef".repeat(32)}`, "key 2 is listed twice"],
  ])("refuses %s: startup stops with a message naming the variable, never the value", async (_case, value, position) => {
    const attempt = start({ DATABASE_URL: await newDatabase(), STEWARD_SECRET_KEY: value });
    const error: Error = await attempt.then(() => new Error("started"), (e: Error) => e);
    expect(error.message).toMatch(/^STEWARD_SECRET_KEY: /);
    expect(error.message).toContain(position);
    for (const part of value.split(",")) expect(error.message).not.toContain(part.slice(0, 12));
  });

  it("the process exits 1 and its output names the variable, never the value", async () => {
    const value = "super-secret-but-not-a-key";
    const child = launchChildServer({ DATABASE_URL: await newDatabase(), STEWARD_SECRET_KEY: value, STEWARD_ADMIN_PASSWORD: "keys-admin-password" });
    expect(await child.listening).toBeNull();
    expect((await child.exited).code).toBe(1);
    expect(child.output()).toContain("STEWARD_SECRET_KEY: key 1 of 1 is not a 32-byte key");
    expect(child.output()).not.toContain(value);
  }, 60_000);
});

describe("key rotation", () => {
  it("B,A re-seals A's tokens under B (the count logged); then B alone works; C alone refuses to start, naming B", async () => {
    const [a, b, c] = [hexKey(), hexKey(), hexKey()];
    const ringA = new Keyring(parseKeys(a, "A"));
    const ringB = new Keyring(parseKeys(b, "B"));
    const url = await lastingDatabase();

    const first = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY: a });
    const invites = [await insertInvite(first, ringA), await insertInvite(first, ringA), await insertInvite(first, ringA)];
    await stop(first);

    const rotating: LogLine[] = [];
    const second = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY: `${b},${a}` }, rotating);
    expect(rotating.find((line) => line.msg.startsWith("secrets re-sealed"))?.fields).toEqual({ resealed: 3, currentKeyId: ringB.currentKeyId });
    const resealed: string[] = [];
    for (const invite of invites) {
      const sealed = await sealedToken(second, invite.id);
      expect(sealedKeyId(sealed)).toBe(ringB.currentKeyId);
      expect(ringB.open(sealed, CONTEXT)).toBe(invite.token);
      resealed.push(sealed);
    }
    await stop(second);

    const settled: LogLine[] = [];
    const third = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY: b }, settled);
    expect(settled.some((line) => line.msg.startsWith("secrets re-sealed"))).toBe(false);
    for (const [i, invite] of invites.entries()) expect(await sealedToken(third, invite.id)).toBe(resealed[i]);
    await stop(third);

    const error: Error = await start({ DATABASE_URL: url, STEWARD_SECRET_KEY: c }).then(() => new Error("started"), (e: Error) => e);
    expect(error.message).toBe(
      `invites were encrypted with key ${ringB.currentKeyId}, which STEWARD_SECRET_KEY does not hold; add the old key after the new one`,
    );
    // The refusal let go of the database: a server with the right key starts on it.
    await start({ DATABASE_URL: url, STEWARD_SECRET_KEY: b });
  }, 120_000);

  it("re-seals in batches, each row once, and leaves current and empty tokens alone", async () => {
    const [a, b] = [hexKey(), hexKey()];
    const ringA = new Keyring(parseKeys(a, "A"));
    const ringBA = new Keyring(parseKeys(`${b},${a}`, "B,A"));
    // One server, no restart: the database need not outlive it.
    const server = await start({ DATABASE_URL: await newDatabase(), STEWARD_SECRET_KEY: `${b},${a}` });
    const old = await Promise.all(Array.from({ length: 5 }, () => insertInvite(server, ringA)));
    const current = await insertInvite(server, ringBA);
    const currentSealed = await sealedToken(server, current.id);
    await server.db.prisma.invite.create({ data: { kind: "group", tokenHash: hashToken(newSecret("sti_")) } });

    expect(await resealSecrets(server.db.prisma, ringBA, 2)).toBe(5);
    for (const invite of old) expect(ringBA.open(await sealedToken(server, invite.id), CONTEXT)).toBe(invite.token);
    expect(await sealedToken(server, current.id)).toBe(currentSealed);
    expect(await resealSecrets(server.db.prisma, ringBA, 2)).toBe(0);
  });

  it("re-seals outbox mail bodies too, under their own context", async () => {
    const [a, b] = [hexKey(), hexKey()];
    const ringA = new Keyring(parseKeys(a, "A"));
    const ringBA = new Keyring(parseKeys(`${b},${a}`, "B,A"));
    // One server, no restart: the database need not outlive it.
    const server = await start({ DATABASE_URL: await newDatabase(), STEWARD_SECRET_KEY: `${b},${a}` });
    const body = JSON.stringify({ text: "t", html: "<p>h</p>" });
    const { id } = await server.db.prisma.outboxMessage.create({
      data: { to: "a@example.org", subject: "s", kind: "invite", bodySealed: ringA.seal(body, SEAL_CONTEXT.mailBody) },
    });
    expect(await resealSecrets(server.db.prisma, ringBA)).toBe(1);
    const { bodySealed } = await server.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
    expect(sealedKeyId(bodySealed)).toBe(ringBA.currentKeyId);
    expect(ringBA.open(bodySealed, SEAL_CONTEXT.mailBody)).toBe(body);
  });
});

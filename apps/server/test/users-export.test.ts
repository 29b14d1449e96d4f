import { pbkdf2Sync, randomBytes, scryptSync } from "node:crypto";
import { hash as argon2Hash } from "@node-rs/argon2";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, startTestServer, type TestServer } from "./harness.ts";
import { FIREBASE_VECTOR, ab64, exportText, firebaseScrypt, importBody, ndjson, storedHashOf } from "./import-support.ts";

// Bulk export (GET /api/v1/users/export): NDJSON or CSV in numeric-id
// order, resumable by cursor, hashes only for who may see them; and the
// round trip: what one server exports, a fresh one imports into the same
// users, whose imported passwords sign in there.

const PASSWORD = "round-trip-passphrase";

let source: TestServer;
let target: TestServer;
beforeAll(async () => {
  [source, target] = await Promise.all([startTestServer(), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([source?.close(), target?.close()]);
});

const lines = (text: string) =>
  text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** The fields a round trip keeps (the ids and numbers are the new server's own). */
const comparable = (user: any) => ({
  username: user.username,
  email: user.email,
  displayName: user.displayName,
  firstName: user.firstName,
  lastName: user.lastName,
  language: user.language,
  phone: user.phone,
  externalId: user.externalId,
  domain: user.domain,
  status: user.status,
  tags: user.tags,
  roles: user.roles,
  groups: user.groups.map((g: { name: string }) => g.name),
  createdAt: user.createdAt,
});

async function allUsers(t: TestServer): Promise<any[]> {
  const users: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await t.api("GET", `/api/v1/users?limit=200&sort=username${cursor ? `&cursor=${cursor}` : ""}`)).body;
    users.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return users;
}

describe("export, then import into a fresh server", () => {
  it("reproduces every user field by field, and the imported passwords (bcrypt, argon2, PBKDF2, scrypt, Firebase) sign in there and become argon2id", async () => {
    await source.api("POST", "/api/v1/roles", { body: { name: "support", permissions: ["users:read"] } });
    const ops = (await source.api("POST", "/api/v1/groups", { body: { name: "Ops; night shift" } })).body;
    await source.api("POST", "/api/v1/groups", { body: { name: "Readers" } });
    // Users made every way: through the API, and by import with each kind of hash.
    const made = await createUser(source, {
      username: "api-made",
      email: "api@example.org",
      displayName: "Made, by the \"API\"",
      password: "api-made-password",
      tags: ["b", "a"],
      roles: ["moderator"],
      externalId: "ext-api",
      language: "fr-CH",
      phone: "+41 1",
    });
    await source.api("PUT", `/api/v1/groups/${ops.id}/members/${made.id}`);
    await createUser(source, { username: "remote-one", domain: "social.example", status: "deactivated" });
    const djangoSalt = "pepper1234";
    const scryptSalt = randomBytes(16);
    const fbSalt = randomBytes(12);
    const hashes: Record<string, unknown> = {
      "bcrypt-user": await bcryptHash(PASSWORD, 8),
      "argon2i-user": await argon2Hash(PASSWORD, { algorithm: 1, memoryCost: 4096, timeCost: 2 }),
      "pbkdf2-user": `pbkdf2_sha256$5000$${djangoSalt}$${pbkdf2Sync(PASSWORD, djangoSalt, 5000, 32, "sha256").toString("base64")}`,
      "scrypt-user": `$scrypt$ln=12,r=8,p=1$${ab64(scryptSalt)}$${ab64(scryptSync(PASSWORD, scryptSalt, 32, { N: 2 ** 12, r: 8, p: 1 }))}`,
      "firebase-user": firebaseScrypt(PASSWORD, fbSalt, FIREBASE_VECTOR.params),
    };
    const imported = await importBody(
      source,
      ndjson([
        { type: "hashParameters", firebaseScrypt: FIREBASE_VECTOR.params },
        ...Object.entries(hashes).map(([username, passwordHash], i) => ({
          username,
          passwordHash,
          ...(username === "firebase-user" ? { passwordSalt: fbSalt.toString("base64") } : {}),
          email: `${username}@example.org`,
          tags: ["imported"],
          roles: i % 2 ? ["support"] : [],
          groups: ["Readers", "Ops; night shift"].slice(0, i % 3),
          externalId: `legacy-${i}`,
          createdAt: `2019-0${i + 1}-15T08:00:00.000Z`,
        })),
      ]),
    );
    expect(imported.summary).toMatchObject({ created: 5, failed: 0 });

    const exported = await exportText(source, "includePasswordHashes=true");
    expect(exported.status).toBe(200);
    const rows = lines(exported.text);
    expect(rows.at(-1)).toEqual({ type: "end", exported: rows.length - 1, nextCursor: null });
    // The round trip carries everyone but the target's own admin (who exists there already).
    const body = ndjson(rows.filter((row) => row.username !== "admin"));
    // Roles are not made by an import: the target has its own (the same names).
    await target.api("POST", "/api/v1/roles", { body: { name: "support", permissions: ["users:read"] } });
    const answer = await importBody(target, body, { query: "createGroups=true" });
    expect(answer.summary, JSON.stringify(answer.summary.errors)).toMatchObject({ created: rows.length - 2, failed: 0 });

    const before = (await allUsers(source)).map(comparable);
    const after = (await allUsers(target)).map(comparable);
    expect(after.filter((u) => u.username !== "admin")).toEqual(before.filter((u) => u.username !== "admin"));
    // Stored hashes travel as they are (the one argon2id made through the API too).
    for (const username of [...Object.keys(hashes), "api-made"]) expect(await storedHashOf(target, username)).toBe(await storedHashOf(source, username));

    for (const username of Object.keys(hashes)) {
      const res = await target.api("POST", "/api/v1/auth/login", { token: null, body: { username, password: PASSWORD } });
      expect(res.status, username).toBe(200);
      expect(await storedHashOf(target, username), username).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    }
    expect((await target.api("POST", "/api/v1/auth/login", { token: null, body: { username: "api-made", password: "api-made-password" } })).status).toBe(200);
  });
});

describe("exporting users", () => {
  it("streams NDJSON in numeric-id order, and resumes after a cursor; limit cuts it with a next cursor", async () => {
    const all = lines((await exportText(source)).text);
    const users = all.slice(0, -1);
    const numbers = users.map((u) => u.numericId);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(users.every((u) => !("passwordHash" in u))).toBe(true);
    const resumed = lines((await exportText(source, `cursor=${numbers[2]}`)).text);
    expect(resumed.slice(0, -1)).toEqual(users.slice(3));
    const limited = lines((await exportText(source, "limit=2")).text);
    expect(limited).toHaveLength(3);
    expect(limited.at(-1)).toEqual({ type: "end", exported: 2, nextCursor: String(numbers[1]) });
    const rest = lines((await exportText(source, `limit=1000&cursor=${limited.at(-1).nextCursor}`)).text);
    expect([...limited.slice(0, 2), ...rest.slice(0, -1)]).toEqual(users);
    expect(rest.at(-1).nextCursor).toBeNull();
  });

  it("writes CSV with a header row, which an import reads back", async () => {
    const csv = await exportText(source, "format=csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const [header, ...rest] = csv.text.split("\r\n");
    expect(header).toBe("numericId,id,username,email,displayName,firstName,lastName,language,phone,externalId,domain,status,tags,roles,groups,createdAt");
    expect(rest.find((row) => row.includes("api-made"))).toContain('"Made, by the ""API"""');
    expect(rest.find((row) => row.includes("api-made"))).toContain('"[""Ops; night shift""]"');
    const fresh = await startTestServer();
    try {
      await fresh.api("POST", "/api/v1/roles", { body: { name: "support", permissions: ["users:read"] } });
      const without = csv.text
        .split("\r\n")
        .filter((row) => !/^\d+,[^,]+,admin,/.test(row))
        .join("\r\n");
      const answer = await importBody(fresh, without, { type: "text/csv", query: "createGroups=true" });
      expect(answer.summary, JSON.stringify(answer.summary.errors)).toMatchObject({ failed: 0 });
      expect((await allUsers(fresh)).map(comparable)).toEqual((await allUsers(source)).map(comparable).map((u) => (u.username === "admin" ? { ...u, createdAt: expect.any(String) } : u)));
    } finally {
      await fresh.close();
    }
  });

  it("needs users:export; password hashes need users:export-credentials too, and such an export is audited", async () => {
    const reader = await apiKeyWith(source, ["users:read"]);
    expect((await exportText(source, "", reader)).status).toBe(403);
    const exporter = await apiKeyWith(source, ["users:export"]);
    const plain = await exportText(source, "", exporter);
    expect(plain.status).toBe(200);
    const withHashes = await exportText(source, "includePasswordHashes=true", exporter);
    expect(withHashes.status).toBe(403);
    expect(JSON.parse(withHashes.text).reason).toBe("missing_permission");
    const before = await source.server.db.prisma.auditEvent.count({ where: { action: "user.export" } });
    const both = await apiKeyWith(source, ["users:export", "users:export-credentials"]);
    const allowed = await exportText(source, "includePasswordHashes=true&format=csv", both);
    expect(allowed.status).toBe(200);
    expect(allowed.text.split("\r\n")[0]).toMatch(/,passwordHash$/);
    expect(await source.server.db.prisma.auditEvent.count({ where: { action: "user.export" } })).toBe(before + 1);
  });

  it("refuses bad parameters with a 400", async () => {
    for (const query of ["format=xml", "cursor=0", "cursor=abc", "limit=0", "includePasswordHashes=yes", "unknown=1"]) {
      const res = await source.api("GET", `/api/v1/users/export?${query}`);
      expect(res.status, query).toBe(400);
    }
  });
});

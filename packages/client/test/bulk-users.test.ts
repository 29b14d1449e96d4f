import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { StewardClient, type ExportedUser, type ImportBatch } from "../src/index.js";
import { serverWithAdmin, stewardError } from "./support.js";

// users.import / users.export: rows streamed out as they are produced,
// progress heard as the server makes it, an export read user by user.

const ADMIN = { username: "admin", password: "admin-password-1" };
const t = serverWithAdmin(ADMIN);

const djangoHash = (password: string, salt: string, iterations = 2000) =>
  `pbkdf2_sha256$${iterations}$${salt}$${pbkdf2Sync(password, salt, iterations, 32, "sha256").toString("base64")}`;

describe("users.import", () => {
  it("streams rows from an async generator, reports progress per batch, and resolves with the summary", async () => {
    async function* rows() {
      for (let i = 0; i < 450; i++) {
        // Produced one at a time, as a reader of a large file would.
        if (i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        yield { username: `sdk-${i}`, email: `sdk-${i}@example.org`, tags: ["sdk"], ...(i === 7 ? { passwordHash: djangoHash("sdk-seven-password", "salt7") } : {}) };
      }
      yield { username: "bad name" };
    }
    const progress: ImportBatch[] = [];
    const summary = await t.admin.users.import(rows(), { batchSize: 200, onProgress: (batch) => progress.push(batch) });
    expect(summary).toMatchObject({ type: "summary", dryRun: false, rows: 451, created: 450, failed: 1, errorCount: 1 });
    expect(summary.errors).toEqual([expect.objectContaining({ line: 451, field: "username", reason: "invalid_field" })]);
    expect(progress.map((batch) => [batch.firstLine, batch.lastLine, batch.outcome, batch.created])).toEqual([
      [1, 200, "committed", 200],
      [201, 400, "committed", 200],
      [401, 451, "committed", 50],
    ]);
    // The imported hash signs in.
    const seven = new StewardClient({ baseUrl: t.server.url });
    expect((await seven.login("sdk-7", "sdk-seven-password")).user.username).toBe("sdk-7");
  });

  it("sends CSV text, and a dry run writes nothing", async () => {
    const csv = "username,email,tags\ncsv-a,csv-a@example.org,x;y\ncsv-b,,\n";
    const dry = await t.admin.users.import(csv, { format: "csv", dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, created: 2, failed: 0 });
    expect((await t.admin.users.list({ q: "csv-" })).total).toBe(0);
    const real = await t.admin.users.import(csv, { format: "csv" });
    expect(real).toMatchObject({ dryRun: false, created: 2 });
    expect((await t.admin.users.lookup({ username: "csv-a" })).tags).toEqual(["x", "y"]);
  });

  it("rejects a refused import with a StewardError (no users:import)", async () => {
    const key = await t.admin.apiKeys.create({ name: "reader", permissions: ["users:read"] });
    const reader = new StewardClient({ baseUrl: t.server.url, token: key.key });
    const error = await stewardError(() => reader.users.import([{ username: "nope" }]));
    expect(error.status).toBe(403);
    expect(error.reason).toBe("missing_permission");
  });
});

describe("users.export", () => {
  it("iterates every user in numeric-id order, resumes after a cursor, and round-trips through import", async () => {
    const users: ExportedUser[] = [];
    for await (const user of t.admin.users.export()) users.push(user);
    expect(users.length).toBeGreaterThan(450);
    const numbers = users.map((user) => user.numericId);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(users.find((user) => user.username === "sdk-3")).toMatchObject({ email: "sdk-3@example.org", tags: ["sdk"], roles: [], groups: [] });
    expect(users.every((user) => user.passwordHash === undefined)).toBe(true);

    const after: ExportedUser[] = [];
    for await (const user of t.admin.users.export({ cursor: numbers[9]!, limit: 5 })) after.push(user);
    expect(after).toEqual(users.slice(10, 15));

    // What the export gives, an import takes back: into the same server, every row is a taken username.
    const again = await t.admin.users.import(users.slice(0, 20), { dryRun: true });
    expect(again).toMatchObject({ created: 0, failed: 20 });
    expect(new Set(again.errors.map((error) => error.reason))).toEqual(new Set(["username_taken"]));
  });

  it("gives the CSV text with format csv; hashes need users:export-credentials", async () => {
    let text = "";
    for await (const piece of t.admin.users.export({ format: "csv", limit: 3 })) text += piece;
    expect(text.split("\r\n")[0]).toMatch(/^numericId,id,username,/);
    expect(text.trim().split("\r\n")).toHaveLength(4);

    const key = await t.admin.apiKeys.create({ name: "exporter", permissions: ["users:export"] });
    const exporter = new StewardClient({ baseUrl: t.server.url, token: key.key });
    const error = await stewardError(async () => {
      for await (const _ of exporter.users.export({ includePasswordHashes: true })) break;
    });
    expect(error.status).toBe(403);
    const withHashes: ExportedUser[] = [];
    for await (const user of t.admin.users.export({ includePasswordHashes: true, limit: 1 })) withHashes.push(user);
    expect(withHashes[0]!.passwordHash).toMatch(/^\$argon2id\$/);
  });
});

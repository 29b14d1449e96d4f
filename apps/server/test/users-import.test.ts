import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, startTestServer, writeCounts, type TestServer } from "./harness.ts";
import { importBody, ndjson } from "./import-support.ts";

// Bulk import (POST /api/v1/users/import): streamed NDJSON and CSV, row
// errors with their lines, batches written whole or not at all, dry runs,
// and what the caller must hold. Foreign password hashes: users-import-hashes.test.ts;
// export and the round trip: users-export.test.ts.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.api("POST", "/api/v1/groups", { body: { name: "Readers" } });
  await t.api("POST", "/api/v1/roles", { body: { name: "support", permissions: ["users:read"] } });
});
afterAll(() => t?.close());

const byName = (username: string) => t.server.db.prisma.user.findFirst({ where: { username } });

describe("importing users", () => {
  it("reads NDJSON: every field, roles and groups by name, tags; batches in file order, one audit event each with its counts", async () => {
    const auditBefore = await t.server.db.prisma.auditEvent.count({ where: { action: "user.import" } });
    const rows: unknown[] = Array.from({ length: 250 }, (_, i) => ({ username: `bulk-${i}`, email: `bulk-${i}@example.org`, tags: ["imported", i % 2 ? "odd" : "even"] }));
    rows[0] = {
      username: "ada",
      email: "ada@example.org",
      displayName: "Ada Lovelace",
      firstName: "Ada",
      lastName: "Lovelace",
      language: "en",
      phone: "+44 20 7946 0000",
      externalId: "legacy-1",
      status: "deactivated",
      tags: ["vip", "imported", "vip"],
      roles: ["support", "moderator"],
      groups: ["Readers"],
      createdAt: "2020-01-02T03:04:05.000Z",
    };
    const answer = await importBody(t, ndjson(rows), { query: "batchSize=100" });
    expect(answer.status).toBe(200);
    expect(answer.summary).toMatchObject({ dryRun: false, rows: 250, created: 250, failed: 0, errorCount: 0, errors: [] });
    expect(answer.summary.landed).toEqual([
      { firstLine: 1, lastLine: 100 },
      { firstLine: 101, lastLine: 200 },
      { firstLine: 201, lastLine: 250 },
    ]);
    expect(answer.lines.filter((line) => line.type === "batch").map((line) => [line.outcome, line.created])).toEqual([
      ["committed", 100],
      ["committed", 100],
      ["committed", 50],
    ]);
    const ada = (await t.api("GET", "/api/v1/users/lookup?username=ada")).body;
    expect(ada).toMatchObject({
      email: "ada@example.org",
      displayName: "Ada Lovelace",
      firstName: "Ada",
      lastName: "Lovelace",
      language: "en",
      phone: "+44 20 7946 0000",
      externalId: "legacy-1",
      status: "deactivated",
      tags: ["imported", "vip"],
      roles: ["moderator", "support"],
      createdAt: "2020-01-02T03:04:05.000Z",
    });
    expect(ada.groups.map((g: { name: string }) => g.name)).toEqual(["Readers"]);
    // Numbers follow the file's order.
    const made = await t.server.db.prisma.user.findMany({ where: { username: { startsWith: "bulk-" } }, select: { username: true, numericId: true } });
    const order = made.sort((a, b) => a.numericId - b.numericId).map((u) => Number(u.username.slice(5)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // One event per batch. Two batches are written at once, so their events can be recorded in either order: each says its lines.
    const recorded = await t.server.db.prisma.auditEvent.findMany({ where: { action: "user.import" }, orderBy: { id: "asc" }, skip: auditBefore });
    const events = recorded.sort((a, b) => (a.after as { firstLine: number }).firstLine - (b.after as { firstLine: number }).firstLine);
    expect(events.map((e) => (e.after as { created: number }).created)).toEqual([100, 100, 50]);
    expect(events[0]!.after).toMatchObject({ firstLine: 1, lastLine: 100, created: 100, failed: 0, roles: { support: 1, moderator: 1 }, groups: { Readers: 1 } });
    expect(events[0]).toMatchObject({ actorLabel: "admin", dialect: "v1" });
    // The users' table counters (kept by triggers) saw the set-based insert.
    expect((await t.api("GET", "/api/v1/users?limit=1&tag=imported")).body.total).toBe(250);
  });

  it("reads CSV: a header row, quoted cells holding commas, quotes and line breaks, lists `;`-separated or as JSON; lines counted as the file has them", async () => {
    const csv = [
      "username,email,displayName,tags,roles,groups,status",
      'csv-1,csv-1@example.org,"Doe, Jane",a;b,support,Readers,active',
      'csv-2,,"She said ""hi""',
      'and left","[""x;y""]",,,deactivated',
      "",
      "csv-3,not-an-email,,,,,",
      "csv-4,,,,,,",
    ].join("\r\n");
    const answer = await importBody(t, csv, { type: "text/csv; charset=utf-8" });
    expect(answer.summary, JSON.stringify(answer.summary)).toMatchObject({ rows: 4, created: 3, failed: 1 });
    expect(answer.summary.errors).toEqual([{ line: 6, field: "email", reason: "invalid_field", message: expect.stringMatching(/email/) }]);
    const one = (await t.api("GET", "/api/v1/users/lookup?username=csv-1")).body;
    expect(one).toMatchObject({ displayName: "Doe, Jane", tags: ["a", "b"], roles: ["support"], status: "active" });
    const two = (await t.api("GET", "/api/v1/users/lookup?username=csv-2")).body;
    expect(two).toMatchObject({ email: null, displayName: 'She said "hi"\r\nand left', tags: ["x;y"], status: "deactivated" });
  });

  it("reports each bad row with its line and field, and writes the others: malformed JSON, a huge line, a bad field, an unknown hash, a taken name, a repeat", async () => {
    await createUser(t, { username: "taken-name" });
    const lines = [
      { username: "good-1" },
      '{"username": "broken",',
      JSON.stringify({ username: "huge", displayName: "x".repeat(70_000) }),
      "",
      { username: "bad email", email: "nope" },
      { username: "hashed", passwordHash: "md5$deadbeef" },
      { username: "TAKEN-NAME" },
      { username: "good-2", email: "same@example.org" },
      { username: "good-3", email: "SAME@example.org" },
      "[1, 2]",
      { username: "extra", isAdmin: true },
      { username: "good-4", roles: ["no-such-role"] },
      { username: "good-5", groups: ["No such group"] },
      { username: "good-6" },
    ];
    const before = await t.server.db.prisma.user.count();
    const answer = await importBody(t, ndjson(lines));
    expect(answer.summary).toMatchObject({ rows: 13, created: 3, failed: 10, errorCount: 10 });
    expect(answer.summary.errors.map((e: any) => [e.line, e.field, e.reason])).toEqual([
      [2, undefined, "malformed_line"],
      [3, undefined, "line_too_long"],
      [5, "username", "invalid_field"],
      [6, "passwordHash", "unknown_hash_format"],
      [7, "username", "username_taken"],
      [9, "email", "duplicate_in_import"],
      [10, undefined, "malformed_line"],
      [11, undefined, "invalid_field"],
      [12, "roles", "unknown_role"],
      [13, "groups", "unknown_group"],
    ]);
    expect(answer.summary.errors[7].message).toMatch(/isAdmin/);
    expect(await t.server.db.prisma.user.count()).toBe(before + 3);
    for (const name of ["good-1", "good-2", "good-6"]) expect(await byName(name)).not.toBeNull();
  });

  it("a dry run checks every row as an import would and writes nothing", async () => {
    const before = await writeCounts(t);
    const answer = await importBody(t, ndjson([{ username: "dry-1", roles: ["support"], groups: ["Readers"] }, { username: "ada" }, { username: "dry-2" }]), {
      query: "dryRun=true",
    });
    expect(answer.summary).toMatchObject({ dryRun: true, rows: 3, created: 2, failed: 1 });
    expect(answer.summary.errors.map((e: any) => [e.line, e.reason])).toEqual([[2, "username_taken"]]);
    expect(answer.lines[0]).toMatchObject({ type: "batch", outcome: "checked", created: 2, failed: 1 });
    expect(answer.summary.landed).toEqual([]);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("a batch the database refuses is rolled back whole and its rows reported; the batches before and after stay", async () => {
    // A trigger stands in for a failure only the database sees (a constraint no check covers).
    await t.server.db.prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.username = 'doomed' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await t.server.db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_doomed BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION refuse_doomed()`);
    try {
      const auditBefore = await t.server.db.prisma.auditEvent.count({ where: { action: "user.import" } });
      const rows = Array.from({ length: 300 }, (_, i) => ({ username: i === 150 ? "doomed" : `batch-${i}` }));
      const answer = await importBody(t, ndjson(rows), { query: "batchSize=100" });
      expect(answer.summary).toMatchObject({ rows: 300, created: 200, failed: 100, errorCount: 100 });
      expect(answer.lines.filter((l) => l.type === "batch").map((l) => l.outcome)).toEqual(["committed", "failed", "committed"]);
      expect(answer.summary.landed).toEqual([
        { firstLine: 1, lastLine: 100 },
        { firstLine: 201, lastLine: 300 },
      ]);
      expect(answer.summary.errors[0]).toMatchObject({ line: 101, reason: "batch_failed" });
      expect(answer.summary.errors.every((e: any) => e.reason === "batch_failed" && e.line >= 101 && e.line <= 200)).toBe(true);
      // Nothing of the failed batch, not even the good rows; nothing audited for it.
      expect(await t.server.db.prisma.user.count({ where: { username: { in: ["batch-100", "batch-149", "batch-151", "batch-199", "doomed"] } } })).toBe(0);
      expect(await t.server.db.prisma.user.count({ where: { username: { in: ["batch-99", "batch-200"] } } })).toBe(2);
      expect(await t.server.db.prisma.auditEvent.count({ where: { action: "user.import" } })).toBe(auditBefore + 2);
    } finally {
      await t.server.db.prisma.$executeRawUnsafe("DROP TRIGGER refuse_doomed ON users");
      await t.server.db.prisma.$executeRawUnsafe("DROP FUNCTION refuse_doomed()");
    }
  });

  it("makes missing groups when asked (createGroups=true), and refuses a group name two groups share", async () => {
    await t.api("POST", "/api/v1/groups", { body: { name: "Twins" } });
    await t.api("POST", "/api/v1/groups", { body: { name: "Twins" } });
    const answer = await importBody(t, ndjson([{ username: "joiner-1", groups: ["Fresh", "Readers"] }, { username: "joiner-2", groups: ["Fresh"] }, { username: "joiner-3", groups: ["Twins"] }]), {
      query: "createGroups=true",
    });
    expect(answer.summary).toMatchObject({ created: 2, failed: 1 });
    expect(answer.summary.errors).toEqual([expect.objectContaining({ line: 3, field: "groups", reason: "ambiguous_group" })]);
    const fresh = await t.server.db.prisma.group.findMany({ where: { name: "Fresh" }, include: { memberships: true } });
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.memberships).toHaveLength(2);
    expect(await t.server.db.prisma.auditEvent.count({ where: { action: "group.create", targetId: fresh[0]!.id } })).toBe(1);
  });

  it("refuses a body that is neither NDJSON nor CSV (415), a CSV header with an unknown column (422), bad hash parameters (400); nothing written", async () => {
    const before = await writeCounts(t);
    const json = await importBody(t, JSON.stringify({ username: "json-body" }), { type: "application/json" });
    expect(json.status).toBe(415);
    expect(json.body.reason).toBe("unsupported_import_type");
    const header = await importBody(t, "username,isAdmin\nx,true\n", { type: "text/csv" });
    expect(header.status).toBe(422);
    expect(header.body).toMatchObject({ reason: "invalid_import_header", detail: expect.stringMatching(/isAdmin/) });
    const params = await importBody(t, ndjson([{ username: "x" }]), { headers: { "steward-scrypt-parameters": "signerKey=abc, rounds=many" } });
    expect(params.status).toBe(400);
    expect(params.body.reason).toBe("invalid_hash_parameters");
    const line = await importBody(t, ndjson([{ type: "hashParameters", firebaseScrypt: { signerKey: "" } }, { username: "x" }]));
    expect(line.status).toBe(400);
    const latin = await importBody(t, ndjson([{ username: "x" }]), { type: "application/x-ndjson; charset=iso-8859-1" });
    expect(latin.status).toBe(415);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("needs users:import (403 otherwise, nothing read); rows with roles need users:manage-roles and every permission of the roles, rows with groups groups:manage", async () => {
    const creator = await apiKeyWith(t, ["users:create", "users:manage-roles", "groups:manage"]);
    const before = await writeCounts(t);
    const refused = await importBody(t, ndjson([{ username: "nope" }]), { token: creator });
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe("missing_permission");
    expect(await writeCounts(t)).toEqual(before);

    const importer = await apiKeyWith(t, ["users:import"]);
    const plain = await importBody(t, ndjson([{ username: "plain-1" }, { username: "with-role", roles: ["support"] }, { username: "with-group", groups: ["Readers"] }]), { token: importer });
    expect(plain.summary).toMatchObject({ created: 1, failed: 2 });
    expect(plain.summary.errors.map((e: any) => [e.line, e.field, e.reason])).toEqual([
      [2, "roles", "missing_permission"],
      [3, "groups", "missing_permission"],
    ]);

    // Holding users:manage-roles is not enough to hand out a role granting more than one holds.
    await t.api("POST", "/api/v1/roles", { body: { name: "auditor", permissions: ["audit-events:read"] } });
    const granter = await apiKeyWith(t, ["users:import", "users:manage-roles", "users:read"]);
    const granted = await importBody(t, ndjson([{ username: "role-ok", roles: ["support"] }, { username: "role-beyond", roles: ["auditor"] }]), { token: granter });
    expect(granted.summary).toMatchObject({ created: 1, failed: 1 });
    expect(granted.summary.errors).toEqual([expect.objectContaining({ line: 2, field: "roles", reason: "permission_not_held" })]);
    expect((await t.api("GET", "/api/v1/users/lookup?username=role-ok")).body.roles).toEqual(["support"]);

    // createGroups is refused up front without groups:manage.
    const noGroups = await importBody(t, ndjson([{ username: "g" }]), { token: importer, query: "createGroups=true" });
    expect(noGroups.status).toBe(403);
  });

  it("streams: a body sent slowly in small pieces, longer than the request timeout, is read to its end", async () => {
    const slow = await startTestServer({ STEWARD_REQUEST_TIMEOUT_SECONDS: "1", STEWARD_HEADERS_TIMEOUT_SECONDS: "1" });
    try {
      const encoder = new TextEncoder();
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (i === 12) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 200));
          // Lines cut across chunks: `{"username":"slow-3"}` arrives in two pieces.
          const text = `{"username":"slow-${i}"}\n`;
          controller.enqueue(encoder.encode(text.slice(0, 7)));
          controller.enqueue(encoder.encode(text.slice(7)));
          i++;
        },
      });
      const answer = await importBody(slow, body);
      expect(answer.summary).toMatchObject({ rows: 12, created: 12, failed: 0 });
      // An ordinary request on the same server still has the usual limit: the exemption was the import's only.
      expect((await slow.api("GET", "/api/v1/users?limit=1")).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it("ignores an Idempotency-Key on an import (a body that is never kept cannot be compared): a second send reports the users as taken", async () => {
    const body = ndjson([{ username: "idem-1" }]);
    const first = await importBody(t, body, { headers: { "idempotency-key": "import-once" } });
    const second = await importBody(t, body, { headers: { "idempotency-key": "import-once" } });
    expect(first.summary.created).toBe(1);
    expect(second.summary).toMatchObject({ created: 0, failed: 1, errors: [expect.objectContaining({ reason: "username_taken" })] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";
import { importBody, ndjson } from "./import-support.ts";

// PostgreSQL only: an import racing other writers of the same usernames.
// However they interleave, each username ends up with exactly one user, the
// loser is told (a 409 to the create, a `username_taken` row to the import),
// and the import's other rows are written.

let t: TestServer;
const ROUNDS = 15;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

describe("an import racing a create of the same username", () => {
  it(`one of them gets it, the other is told, in ${ROUNDS} rounds; the import's other rows land`, async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const contested = `contested-${round}`;
      // The contested row sits among others, at a place that moves from round to round.
      const rows = Array.from({ length: 300 }, (_, i) => ({ username: i === (round * 37) % 300 ? contested : `racer-${round}-${i}` }));
      const importing = importBody(t, ndjson(rows), { query: "batchSize=100" });
      const creating = new Promise((resolve) => setTimeout(resolve, round % 8)).then(() => t.api("POST", "/api/v1/users", { body: { username: contested } }));
      const [imported, created] = await Promise.all([importing, creating]);
      const contestedError = imported.summary.errors.find((e: any) => e.reason === "username_taken");
      const outcome = `create ${created.status}, import ${contestedError ? "row refused" : "row created"}`;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      expect(["create 201, import row refused", "create 409, import row created"], `round ${round}: ${JSON.stringify([created.body, imported.summary.errors])}`).toContain(outcome);
      expect(imported.summary).toMatchObject({ rows: 300, created: contestedError ? 299 : 300, failed: contestedError ? 1 : 0 });
      expect(await t.server.db.prisma.user.count({ where: { username: contested } })).toBe(1);
      expect(await t.server.db.prisma.user.count({ where: { username: { startsWith: `racer-${round}-` } } })).toBe(299);
    }
    console.log("import vs create:", Object.fromEntries(outcomes));
  }, 180_000);

  it("two imports with overlapping usernames: each username is created once, and the summaries add up", async () => {
    const first = Array.from({ length: 1000 }, (_, i) => ({ username: `overlap-${i}` }));
    const second = Array.from({ length: 1000 }, (_, i) => ({ username: `overlap-${i + 500}` }));
    const [a, b] = await Promise.all([importBody(t, ndjson(first), { query: "batchSize=100" }), importBody(t, ndjson(second), { query: "batchSize=100" })]);
    expect(a.summary.created + b.summary.created).toBe(1500);
    expect(a.summary.failed + b.summary.failed).toBe(500);
    expect([...a.summary.errors, ...b.summary.errors].every((e: any) => e.reason === "username_taken")).toBe(true);
    expect(await t.server.db.prisma.user.count({ where: { username: { startsWith: "overlap-" } } })).toBe(1500);
    // Every batch that created users was audited once, with its count.
    const audited = await t.server.db.prisma.auditEvent.findMany({ where: { action: "user.import" } });
    const counted = audited.reduce((sum, event) => sum + (event.after as { created: number }).created, 0);
    expect(counted).toBe(await t.server.db.prisma.user.count({ where: { OR: [{ username: { startsWith: "overlap-" } }, { username: { startsWith: "racer-" } }, { username: { startsWith: "contested-" } }] } }) - (await createdByApi()));
  }, 120_000);
});

describe("an import whose batches write at once", () => {
  it("makes each new group once (createGroups), however many batches name it, and numbers users in file order", async () => {
    // Every batch names the same new groups: two batches write at once (two connections), and each would find them missing.
    const rows = Array.from({ length: 1200 }, (_, i) => ({ username: `grouped-${i}`, groups: [`racing-group-${i % 3}`] }));
    const answer = await importBody(t, ndjson(rows), { query: "batchSize=100&createGroups=true" });
    expect(answer.summary).toMatchObject({ rows: 1200, created: 1200, failed: 0 });
    const groups = await t.server.db.prisma.group.findMany({ where: { name: { startsWith: "racing-group-" } }, include: { _count: { select: { memberships: true } } } });
    expect(groups.map((g) => [g.name, g._count.memberships]).sort()).toEqual([
      ["racing-group-0", 400],
      ["racing-group-1", 400],
      ["racing-group-2", 400],
    ]);
    const made = await t.server.db.prisma.user.findMany({ where: { username: { startsWith: "grouped-" } }, select: { username: true, numericId: true }, orderBy: { numericId: "asc" } });
    expect(made.map((u) => Number(u.username.slice("grouped-".length)))).toEqual(rows.map((_, i) => i));
  }, 120_000);
});

/** Users the first test made through POST /users (the contested names the create won). */
async function createdByApi(): Promise<number> {
  return t.server.db.prisma.auditEvent.count({ where: { action: "user.create" } });
}

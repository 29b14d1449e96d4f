import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma, USER_SEARCH_TEXT } from "@steward/db";
import { createUser, expectProblem, startTestServer, type TestServer } from "./harness.ts";

let t: TestServer;
let groupId: string;
beforeAll(async () => {
  t = await startTestServer();
  const people = [
    { username: "alice.martin", email: "alice@example.org", firstName: "Alice", lastName: "Martin", tags: ["staff", "paris"] },
    { username: "bob.stone", email: "bob@example.org", firstName: "Bob", lastName: "Stone", tags: ["staff"] },
    { username: "carol", email: "carol@remote.example", displayName: "Carol from afar", domain: "remote.example" },
    { username: "dave", email: "dave@example.org", displayName: "Dave 50%_off", lastName: "Alicante", status: "deactivated" },
    { username: "erin", email: "erin@example.org", externalId: "hr-5", roles: ["moderator"] },
  ];
  for (const p of people) await createUser(t, p);
  // Groups have no API yet (a later issue); membership is set in the database to test the filter.
  const group = await t.server.db.prisma.group.create({ data: { name: "ops" } });
  groupId = group.id;
  const bob = await t.server.db.prisma.user.findUniqueOrThrow({ where: { username: "bob.stone" } });
  await t.server.db.prisma.groupMembership.create({ data: { groupId, userId: bob.id } });
});
afterAll(() => t?.close());

const names = (res: { body: any }) => res.body.data.map((u: any) => u.username);

describe("GET /api/v1/users", () => {
  it("lists everyone newest first with the total", async () => {
    const res = await t.api("GET", "/api/v1/users");
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(names(res)).toEqual(["erin", "dave", "carol", "bob.stone", "alice.martin", "admin"]);
    expect(res.body.nextCursor).toBeNull();
  });

  it("searches a case-insensitive substring of username, email and names", async () => {
    expect(names(await t.api("GET", "/api/v1/users?q=ALIC&sort=username"))).toEqual(["alice.martin", "dave"]);
    expect(names(await t.api("GET", "/api/v1/users?q=remote.exa"))).toEqual(["carol"]);
    expect(names(await t.api("GET", "/api/v1/users?q=from%20afar"))).toEqual(["carol"]);
    const res = await t.api("GET", "/api/v1/users?q=stone");
    expect(res.body.total).toBe(1);
  });

  it("treats % and _ in the search as plain characters", async () => {
    expect(names(await t.api("GET", "/api/v1/users?q=50%25"))).toEqual(["dave"]);
    expect(names(await t.api("GET", "/api/v1/users?q=%25_o"))).toEqual(["dave"]);
    // Unescaped, `_` would match the space in "Dave 50".
    expect(names(await t.api("GET", "/api/v1/users?q=e_5"))).toEqual([]);
  });

  it("filters by status, role, tags, group, origin, email and external id", async () => {
    expect(names(await t.api("GET", "/api/v1/users?status=deactivated"))).toEqual(["dave"]);
    expect(names(await t.api("GET", "/api/v1/users?role=moderator"))).toEqual(["erin"]);
    expect(names(await t.api("GET", "/api/v1/users?tag=staff&sort=username"))).toEqual(["alice.martin", "bob.stone"]);
    expect(names(await t.api("GET", "/api/v1/users?tag=staff&tag=paris"))).toEqual(["alice.martin"]);
    expect(names(await t.api("GET", `/api/v1/users?group=${groupId}`))).toEqual(["bob.stone"]);
    expect(names(await t.api("GET", "/api/v1/users?local=false"))).toEqual(["carol"]);
    expect((await t.api("GET", "/api/v1/users?local=true")).body.total).toBe(5);
    expect(names(await t.api("GET", "/api/v1/users?email=BOB@example.org"))).toEqual(["bob.stone"]);
    expect(names(await t.api("GET", "/api/v1/users?externalId=hr-5"))).toEqual(["erin"]);
    const combined = await t.api("GET", "/api/v1/users?q=example.org&status=active&sort=username");
    expect(names(combined)).toEqual(["alice.martin", "bob.stone", "erin"]);
    expect(combined.body.total).toBe(3);
  });

  it("sorts by username, numeric id and creation, either way", async () => {
    expect(names(await t.api("GET", "/api/v1/users?sort=username"))).toEqual(["admin", "alice.martin", "bob.stone", "carol", "dave", "erin"]);
    expect(names(await t.api("GET", "/api/v1/users?sort=-username"))).toEqual(["erin", "dave", "carol", "bob.stone", "alice.martin", "admin"]);
    const byNumber = await t.api("GET", "/api/v1/users?sort=numericId");
    const ids = byNumber.body.data.map((u: any) => u.numericId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(names(await t.api("GET", "/api/v1/users?sort=createdAt"))[0]).toBe("admin");
  });

  for (const sort of ["-createdAt", "createdAt", "username", "-username", "numericId", "-numericId"]) {
    it(`walks every page with the cursor (sort ${sort}), each user exactly once`, async () => {
      const all = names(await t.api("GET", `/api/v1/users?sort=${sort}`));
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: any = await t.api("GET", `/api/v1/users?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(6);
        seen.push(...names(res));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(all);
      expect(pages).toBe(3);
    });
  }

  it("pages through a filtered search", async () => {
    const first = await t.api("GET", "/api/v1/users?q=example&limit=2&sort=username");
    expect(first.body.total).toBe(5);
    const second = await t.api("GET", `/api/v1/users?q=example&limit=2&sort=username&cursor=${first.body.nextCursor}`);
    expect(names(second)).toEqual(["carol", "dave"]);
  });

  it("refuses a cursor from another sort, or a forged one, with 400", async () => {
    const first = await t.api("GET", "/api/v1/users?limit=2&sort=username");
    expectProblem(await t.api("GET", `/api/v1/users?limit=2&sort=-createdAt&cursor=${first.body.nextCursor}`), 400, "bad_request");
    const forged = Buffer.from(JSON.stringify({ s: "-createdAt", v: ["not a date", "not a uuid"] })).toString("base64url");
    expectProblem(await t.api("GET", `/api/v1/users?cursor=${forged}`), 400, "bad_request");
    expectProblem(await t.api("GET", "/api/v1/users?cursor=%%%"), 400);
    expectProblem(await t.api("GET", "/api/v1/users?cursor=bm90IGpzb24"), 400);
  });
});

describe("user search", () => {
  it("is served by the trigram index the migration built", async () => {
    // The search repeats the indexed expression verbatim (USER_SEARCH_TEXT); if
    // the two drift apart, PostgreSQL silently scans every row instead.
    const statement = Prisma.sql`EXPLAIN SELECT count(*) FROM users u WHERE ${Prisma.raw(USER_SEARCH_TEXT)} LIKE ${"%martin%"}`;
    const plan = await t.server.db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>(statement);
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("users_search_trgm_idx");
  });
});

describe("GET /api/v1/audit-events", () => {
  it("filters by action prefix and target, newest first, with totals and cursors", async () => {
    const created = await t.api("GET", "/api/v1/audit-events?action=user.create&limit=2");
    expect(created.status).toBe(200);
    expect(created.body.total).toBe(5);
    expect(created.body.data.every((e: any) => e.action === "user.create")).toBe(true);
    const next = await t.api("GET", `/api/v1/audit-events?action=user.create&limit=2&cursor=${created.body.nextCursor}`);
    expect(Number(next.body.data[0].id)).toBeLessThan(Number(created.body.data[1].id));
    const prefix = await t.api("GET", "/api/v1/audit-events?action=user.");
    expect(prefix.body.data.every((e: any) => e.action.startsWith("user."))).toBe(true);
    const since = await t.api("GET", `/api/v1/audit-events?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(since.body.total).toBe(0);
  });
});

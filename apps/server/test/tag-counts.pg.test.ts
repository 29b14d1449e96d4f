import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL: tag counters are shared rows. Bulk tag changes running at once
// over local and remote users move several counters each; they write all of
// theirs in one statement, in key order, so none holds a counter another
// waits for while waiting on one of that other's (this failed with a
// deadlock, a 500, when each user was its own statement). Every call
// succeeds and the totals stay exact.
let t: TestServer;
const ROUNDS = 15;
let locals: string[] = [];
let remotes: string[] = [];

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
  for (let i = 0; i < 8; i++) {
    locals.push((await createUser(t, { username: `local-${i}` })).id);
    remotes.push((await createUser(t, { username: `remote-${i}`, domain: "remote.example" })).id);
  }
  locals = locals.sort();
  remotes = remotes.sort();
});
afterAll(() => t?.close());

const bulk = (path: "/users/tags" | "/users/tags/remove", userIds: string[]) => t.api("POST", `/api/v1${path}`, { body: { userIds, tags: ["hot"] } });

describe("tag counters under concurrent bulk changes", () => {
  it(`${ROUNDS} rounds of four bulk changes at once: every one succeeds, totals stay exact`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // Pairs whose first user (in id order) is local for some and remote for others.
      const pairs = [0, 1, 2, 3].map((i) => [locals[2 * i]!, remotes[2 * i + (round % 2)]!]);
      const answers = await Promise.all(pairs.map((pair) => bulk("/users/tags", pair)));
      expect(answers.map((r) => r.status), JSON.stringify(answers.map((r) => r.body))).toEqual([200, 200, 200, 200]);
      const reported = (await t.api("GET", "/api/v1/users?tag=hot&local=false&limit=1")).body.total;
      const counted = await t.server.db.prisma.user.count({ where: { tags: { has: "hot" }, domain: { not: null } } });
      expect(reported).toBe(counted);
      const removed = await Promise.all(pairs.map((pair) => bulk("/users/tags/remove", [...pair].reverse())));
      expect(removed.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect((await t.api("GET", "/api/v1/users?tag=hot&limit=1")).body.total).toBe(0);
    }
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";
import { expectBucketsCounted, expectPagesMatchTheWholeList, randomFrom } from "./numbered-pages-checks.ts";

// PostgreSQL: the users counted per bucket of numbers (user_number_buckets)
// and of names (user_name_buckets) are shared rows, like the users total in
// table_counts: every insert and delete of users writes them in its own
// transaction, after the total (name buckets, which split, only while
// holding it). Creates at once (pairs asking for the same username, so the
// loser of a race fails on the unique index after taking a number),
// deletions, and transactions inserting and deleting in both orders, one a
// batch that rolls back and one growing a range of names until it splits:
// none waits on another in a cycle (the direct transactions here are not
// retried, so a deadlock would fail them), every API answer is what it
// should be, and the counts stay the rows counted afresh.
let t: TestServer;
const ROUNDS = 6;
const SEED = Date.now() % 1_000_000;
const random = randomFrom(SEED);
let live: { id: string; numericId: number }[] = [];

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "16" });
  for (let i = 0; i < 24; i++) live.push(await createUser(t, { username: `base-${i}` }));
});
afterAll(() => t?.close());

/** Takes a random user made here out of `live`, to delete. */
function pick(): { id: string; numericId: number } {
  const [user] = live.splice(Math.floor(random() * live.length), 1);
  return user!;
}

describe("counted buckets of users under concurrent writes", () => {
  it(`${ROUNDS} rounds of creates, deletions and a rolled-back batch at once: no deadlock, counts exact (seed ${SEED})`, async () => {
    const prisma = t.server.db.prisma;
    for (let round = 0; round < ROUNDS; round++) {
      const names = [0, 1, 2, 3].map((i) => `race-${round}-${i}`);
      const [deleteFirst, insertFirst, ...deleted] = [pick(), pick(), pick(), pick(), pick()];
      const creates = Promise.all([...names, ...names].map((username) => t.api("POST", "/api/v1/users", { body: { username } })));
      const deletes = Promise.all(deleted.map((user) => t.api("DELETE", `/api/v1/users/${user.id}`)));
      // Delete then insert, rolled back: a batch of numbers taken, its counts undone.
      const rolledBack = prisma.$transaction(async (tx) => {
        await tx.user.delete({ where: { id: deleteFirst!.id } });
        await tx.user.createMany({ data: Array.from({ length: 700 }, (_, i) => ({ username: `batch-${round}-${i}` })) });
        throw new Error("rolled back on purpose");
      });
      // Insert then delete, committed: 450 more names in one range each round, which splits along the way.
      const committed = prisma.$transaction(async (tx) => {
        await tx.user.createMany({ data: Array.from({ length: 450 }, (_, i) => ({ username: `kept-${round}-${i}` })) });
        await tx.user.delete({ where: { id: insertFirst!.id } });
      });
      const [created, removed, rollback, commit] = await Promise.allSettled([creates, deletes, rolledBack, committed]);

      expect(rollback.status === "rejected" && String(rollback.reason)).toContain("rolled back on purpose");
      expect(commit.status, commit.status === "rejected" ? String(commit.reason) : "").toBe("fulfilled");
      live.push(deleteFirst!);
      if (removed.status !== "fulfilled" || created.status !== "fulfilled") throw new Error("a request failed to be answered");
      expect(removed.value.map((r) => r.status)).toEqual(deleted.map(() => 204));
      const statuses = created.value.map((r) => r.status);
      // One of each pair gets the name; the other is refused as a clash.
      for (const [i, username] of names.entries()) {
        expect([statuses[i], statuses[i + names.length]].sort(), `${username}: ${JSON.stringify(created.value.map((r) => r.body))}`).toEqual([201, 409]);
      }
      for (const r of created.value) if (r.status === 201) live.push(r.body);
      live.push(...(await prisma.user.findMany({ where: { username: { startsWith: `kept-${round}-` } }, select: { id: true, numericId: true } })));
      await expectBucketsCounted(t, `round ${round}`);
    }
    expect(await prisma.userNameBucket.count()).toBeGreaterThan(1);
    await expectPagesMatchTheWholeList(t, "after the rounds", random);
  }, 300_000);
});

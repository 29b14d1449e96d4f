import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, startTestServer, type TestServer } from "./harness.ts";
import { expectBucketsCounted, expectPagesMatchTheWholeList, pterodactylPage, randomFrom, rollBackInserts } from "./numbered-pages-checks.ts";

// Numbered pages (Pterodactyl's by number, Pleroma's by nickname) seek to
// their first key instead of skipping rows (services/users/list-users.ts):
// over all users, that key is found from users counted per bucket of
// consecutive keys, kept by triggers on users (blocks of 1,024 numbers in
// user_number_buckets; ranges of names split at 2,048 in user_name_buckets).
// So the numbers here are spread over several blocks, with gaps both from
// deletions and from numbers that inserts which rolled back took, and the
// names over several ranges, split, emptied and renamed across. Every page
// holds exactly the users an offset would, and the counts are the rows
// counted afresh.
let t: TestServer;
const made: number[] = [];
const SEED = Date.now() % 1_000_000;
const random = randomFrom(SEED);

async function make(prefix: string, n: number) {
  for (let i = 0; i < n; i++) {
    made.push((await createUser(t, { username: `${prefix}-${i}`, email: `${prefix}-${i}@example.org`, firstName: "P", lastName: `${i}` })).numericId);
  }
}

/** Deletes about `share` of the users made here, picked at random, through Pterodactyl's API. */
async function deleteSome(share: number) {
  for (const number of made.filter(() => random() < share)) {
    expect((await t.api("DELETE", `/api/application/users/${number}`)).status).toBe(204);
    made.splice(made.indexOf(number), 1);
  }
}

beforeAll(async () => {
  t = await startTestServer();
  await make("pager", 10);
});
afterAll(() => t?.close());

describe("numbered pages", () => {
  it("hold what an offset would, with numbers without gaps, then with a gap", async () => {
    await expectPagesMatchTheWholeList(t, "no gaps");
    const [victim] = (await pterodactylPage(t, "per_page=1&page=5")).numbers;
    expect((await t.api("DELETE", `/api/application/users/${victim}`)).status).toBe(204);
    made.splice(made.indexOf(victim!), 1);
    await expectPagesMatchTheWholeList(t, "one gap");
    await expectBucketsCounted(t, "one gap");
  });

  it(`hold what an offset would across blocks of numbers, with rolled-back inserts and random deletions (seed ${SEED})`, async () => {
    // Three runs of lost numbers, each over a block's worth, between runs of users.
    for (const round of [1, 2, 3]) {
      const lost = await rollBackInserts(t, 1100 + round * 37, `lost-${round}`);
      expect(lost).toBeGreaterThan(1024);
      await make(`round-${round}`, 12);
    }
    const numbers = (await pterodactylPage(t, "per_page=500")).numbers;
    expect(new Set(numbers.map((n) => n >> 10)).size, "users in at least four blocks").toBeGreaterThanOrEqual(4);
    await expectBucketsCounted(t, "after rolled-back inserts");
    await expectPagesMatchTheWholeList(t, "after rolled-back inserts");

    await deleteSome(0.3);
    await expectBucketsCounted(t, "after deletions");
    await expectPagesMatchTheWholeList(t, "after deletions");

    // A block emptied entirely, and a user renumbered into another block (Steward never does it; the counts follow anyway).
    const lastBlock = Math.max(...made.map((n) => n >> 10));
    for (const number of made.filter((n) => n >> 10 === lastBlock)) {
      expect((await t.api("DELETE", `/api/application/users/${number}`)).status).toBe(204);
      made.splice(made.indexOf(number), 1);
    }
    const moved = made[Math.floor(random() * made.length)]!;
    await t.server.db.prisma.user.update({ where: { numericId: moved }, data: { numericId: 9_000 + moved } });
    made.splice(made.indexOf(moved), 1, 9_000 + moved);
    await make("after", 5);
    await expectBucketsCounted(t, "after emptying a block and renumbering");
    await expectPagesMatchTheWholeList(t, "after emptying a block and renumbering");
  }, 300_000);

  it(`hold what an offset would by nickname over ranges of names split, emptied and renamed across (seed ${SEED})`, async () => {
    const prisma = t.server.db.prisma;
    // One statement of 2,300 (a bulk import's batch): the first range splits in pieces of 1,024.
    await prisma.user.createMany({ data: Array.from({ length: 2300 }, (_, i) => ({ username: `Name-${String(i).padStart(5, "0")}` })) });
    expect(await prisma.userNameBucket.count()).toBeGreaterThanOrEqual(3);
    await expectBucketsCounted(t, "after a bulk insert");
    await expectPagesMatchTheWholeList(t, "after a bulk insert", random);

    // Renamed past every other name, in one statement: that range grows past 2,048 and splits.
    await prisma.$executeRaw`UPDATE users SET username = 'zz-' || username WHERE username >= 'name-00100' AND username < 'name-02200'`;
    await expectBucketsCounted(t, "after renaming across ranges");
    await expectPagesMatchTheWholeList(t, "after renaming across ranges", random);

    // Ranges emptied, and one name changing case only (it stays where it sorts).
    await prisma.$executeRaw`DELETE FROM users WHERE username LIKE 'zz-name-01%'`;
    await prisma.user.update({ where: { username: "name-00050" }, data: { username: "NAME-00050" } });
    await expectBucketsCounted(t, "after emptying ranges");
    await expectPagesMatchTheWholeList(t, "after emptying ranges", random);

    // Positions packed tight (any that keep the names' order are valid): the next split in the middle has to renumber them.
    await prisma.$transaction([
      prisma.$executeRaw`UPDATE user_name_buckets SET pos = -1 - pos`,
      prisma.$executeRaw`UPDATE user_name_buckets b SET pos = r.rank FROM (SELECT lo, row_number() OVER (ORDER BY lo) AS rank FROM user_name_buckets) r WHERE b.lo = r.lo`,
    ]);
    await prisma.user.createMany({ data: Array.from({ length: 2100 }, (_, i) => ({ username: `name-00060-${i}` })) });
    expect((await prisma.userNameBucket.aggregate({ _max: { pos: true } }))._max.pos, "renumbered 2^32 apart").toBeGreaterThanOrEqual(2n ** 32n);
    await expectBucketsCounted(t, "after a split that renumbers");
    await expectPagesMatchTheWholeList(t, "after a split that renumbers", random);

    await prisma.$executeRaw`DELETE FROM users WHERE username LIKE 'name-%'`;
    await expectBucketsCounted(t, "after deleting in bulk");
    await expectPagesMatchTheWholeList(t, "after deleting in bulk", random);
  }, 300_000);
});

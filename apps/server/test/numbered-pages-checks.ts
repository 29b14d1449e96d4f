import { expect } from "vitest";
import type { TestServer } from "./harness.ts";

// What numbered-pages.test.ts and number-buckets.pg.test.ts check: numbered
// pages against the whole list, the counted buckets against the rows, and
// how numbers get lost to inserts that roll back.

/** The user numbers on one of Pterodactyl's pages, and the total it reports. */
export async function pterodactylPage(t: TestServer, query: string): Promise<{ numbers: number[]; total: number }> {
  const res = await t.api("GET", `/api/application/users?${query}`);
  expect(res.status, query).toBe(200);
  return { numbers: res.body.data.map((u: any) => u.attributes.id as number), total: res.body.meta.pagination.total };
}

/** The nicknames on one of Pleroma's pages (by nickname), and the count it reports. */
async function pleromaPage(t: TestServer, query: string): Promise<{ nicknames: string[]; count: number }> {
  const res = await t.api("GET", `/api/pleroma/admin/users?${query}`);
  expect(res.status, query).toBe(200);
  return { nicknames: res.body.users.map((u: any) => u.nickname as string), count: res.body.count };
}

/**
 * Which pages of `count` items, `size` a page, to check: all of them when
 * there are few; else the first and last few, those holding the first
 * items of buckets (`starts`, positions in the list), and some at random.
 * Always one past the last and one far past the end.
 */
function pagesToCheck(count: number, size: number, starts: number[], random: () => number): number[] {
  const last = Math.ceil(count / size);
  const pages = new Set<number>([last + 1, 100_000]);
  if (last <= 30) {
    for (let page = 1; page <= last; page++) pages.add(page);
  } else {
    for (const page of [1, 2, 3, last - 2, last - 1, last]) pages.add(page);
    for (const start of starts) for (const position of [start - 1, start, start + size]) pages.add(Math.floor(position / size) + 1);
    for (let i = 0; i < 10; i++) pages.add(1 + Math.floor(random() * last));
  }
  return [...pages].filter((page) => page >= 1).sort((a, b) => a - b);
}

/** Positions in the list (0 first) where a bucket starts, in both orders: where the seek changes bucket. */
function bucketStarts(sizes: number[], count: number): number[] {
  const starts: number[] = [];
  let seen = 0;
  for (const size of sizes) {
    starts.push(seen, count - seen - size);
    seen += size;
  }
  return starts;
}

/**
 * Numbered pages hold exactly their slice of the whole list, as the
 * database sorts it: Pterodactyl's by number in both orders and two sizes,
 * Pleroma's by nickname; every page of a short list, else first, last,
 * around each bucket's first user and at random; and pages past the end.
 */
export async function expectPagesMatchTheWholeList(t: TestServer, label: string, random: () => number = Math.random): Promise<void> {
  const prisma = t.server.db.prisma;
  const [byNumber, byName, numberBuckets, nameBuckets] = await Promise.all([
    prisma.user.findMany({ select: { numericId: true }, orderBy: { numericId: "asc" } }),
    prisma.user.findMany({ select: { username: true }, orderBy: { username: "asc" } }),
    prisma.userNumberBucket.findMany({ orderBy: { bucket: "asc" } }),
    prisma.userNameBucket.findMany({ orderBy: { pos: "asc" } }),
  ]);
  const numbers = byNumber.map((u) => u.numericId);
  for (const [sort, all] of [["id", numbers], ["-id", [...numbers].reverse()]] as const) {
    for (const size of [3, 7]) {
      for (const page of pagesToCheck(all.length, size, bucketStarts(numberBuckets.map((b) => b.users), all.length), random)) {
        const got = await pterodactylPage(t, `sort=${sort}&per_page=${size}&page=${page}`);
        expect(got.numbers, `${label}: ${sort}, ${size} per page, page ${page} of ${Math.ceil(all.length / size)}`).toEqual(all.slice((page - 1) * size, page * size));
        expect(got.total).toBe(all.length);
      }
    }
  }
  const names = byName.map((u) => u.username);
  for (const page of pagesToCheck(names.length, 4, bucketStarts(nameBuckets.map((b) => b.users), names.length), random)) {
    const got = await pleromaPage(t, `page_size=4&page=${page}`);
    expect(got.nicknames, `${label}: Pleroma page ${page} of ${Math.ceil(names.length / 4)}`).toEqual(names.slice((page - 1) * 4, page * 4));
    expect(got.count).toBe(names.length);
  }
}

/**
 * The buckets the triggers keep are the users counted afresh: by number,
 * block by block (none below zero, none missing); by name, each bucket's
 * range from its lower bound to the next one's, in the order of their
 * positions, none empty but the first and none over 2,048 users.
 */
export async function expectBucketsCounted(t: TestServer, label: string): Promise<void> {
  const prisma = t.server.db.prisma;
  const [kept, users] = await Promise.all([
    prisma.userNumberBucket.findMany({ where: { users: { not: 0 } }, orderBy: { bucket: "asc" } }),
    prisma.user.findMany({ select: { numericId: true } }),
  ]);
  const counted = new Map<number, number>();
  for (const { numericId } of users) counted.set(numericId >> 10, (counted.get(numericId >> 10) ?? 0) + 1);
  const fresh = [...counted].sort(([a], [b]) => a - b).map(([bucket, n]) => ({ bucket, users: n }));
  expect(kept, `${label}: by number`).toEqual(fresh);

  const names = await prisma.$queryRaw<{ lo: string; users: number; counted: bigint; in_order: boolean }[]>`
    SELECT b.lo, b.users, (SELECT count(*) FROM users u WHERE u.username >= b.lo::citext AND (b.hi IS NULL OR u.username < b.hi::citext)) AS counted,
      b.lo_rank = b.pos_rank AS in_order
    FROM (SELECT lo, users, lead(lo) OVER (ORDER BY lo) AS hi, row_number() OVER (ORDER BY lo) AS lo_rank, row_number() OVER (ORDER BY pos) AS pos_rank
          FROM user_name_buckets) b ORDER BY b.lo`;
  expect(names[0]?.lo, `${label}: the first bucket starts before every name`).toBe("");
  for (const b of names) {
    expect({ lo: b.lo, users: b.users, inOrder: b.in_order }, `${label}: by name`).toEqual({ lo: b.lo, users: Number(b.counted), inOrder: true });
    expect(b.users, `${label}: bucket ${b.lo}`).toBeLessThanOrEqual(2048);
    if (b.lo !== "") expect(b.users, `${label}: bucket ${b.lo}`).toBeGreaterThan(0);
  }
}

/**
 * Takes about `size` numbers from the sequence for users that never come
 * to be, the two ways an insert rolls back: a statement that fails on its
 * last row (a unique clash; no trigger ran), and a transaction that fails
 * after its statement and its triggers ran (everything undone but the
 * numbers). Then a single create that clashes. Returns how many numbers
 * were taken.
 */
export async function rollBackInserts(t: TestServer, size: number, name: string): Promise<number> {
  const prisma = t.server.db.prisma;
  const half = Math.ceil(size / 2);
  const rows = (from: number) => Array.from({ length: half }, (_, i) => ({ username: `${name}-${from + i}` }));
  await expect(prisma.user.createMany({ data: [...rows(0), { username: `${name}-0` }] })).rejects.toThrow();
  await expect(
    prisma.$transaction(async (tx) => {
      await tx.user.createMany({ data: rows(half) });
      throw new Error("rolled back on purpose");
    }),
  ).rejects.toThrow("rolled back on purpose");
  await expect(prisma.user.create({ data: { username: "ADMIN" } })).rejects.toThrow();
  return 2 * half + 2;
}

/** A small seeded generator, so a failure can be replayed (the seed is in the test's name). */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

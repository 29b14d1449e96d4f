import { randomBytes } from "node:crypto";
import { MAX_BOOKMARKS_PER_ACCOUNT, MAX_CHANNELS_PER_ACCOUNT, MAX_SHARED_TOKENS_PER_ACCOUNT } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, expectProblem, loginAs, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";

// PostgreSQL only: an account's own space under real concurrency between
// connections. The per-account caps are counted under a lock on the
// account's row, so parallel creations never pass them together; an app's
// first requests made at once share one token; a name raced for is one 201
// and 409s.
const PARALLEL = 20;
const ROOM = 5;
const TIMEOUT_MS = 120_000;
let t: TestServer;
let n = 0;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
});
afterAll(() => t?.close());

async function account(): Promise<{ id: string; call(method: string, path: string, body?: unknown): Promise<ApiResponse> }> {
  const username = `racer-${++n}`;
  const { id } = await createUser(t, { username, password: `${username}-password` });
  const token = await loginAs(t, username, `${username}-password`);
  return { id, call: (method, path, body) => t.api(method, path, { token, body }) };
}

const statusesOf = (answers: ApiResponse[]) => answers.map((res) => res.status).sort();

/** Each kind an account holds a capped number of: how to fill it up to `count` by SQL, and how to ask for one more through the API. */
const KINDS = {
  channels: {
    max: MAX_CHANNELS_PER_ACCOUNT,
    reason: "channel_limit_reached",
    action: "channel.create",
    seed: (userId: string, count: number) =>
      t.server.db.prisma.channel.createMany({ data: Array.from({ length: count }, (_, i) => ({ userId, name: `seeded ${i}`, trashedAt: i % 3 === 0 ? new Date() : null })) }),
    held: (userId: string) => t.server.db.prisma.channel.count({ where: { userId } }),
    create: (i: number) => ["/api/v1/me/channels", { name: `racing ${i}` }] as const,
  },
  "shared tokens": {
    max: MAX_SHARED_TOKENS_PER_ACCOUNT,
    reason: "token_limit_reached",
    action: "access_token.create",
    seed: (userId: string, count: number) =>
      t.server.db.prisma.accessToken.createMany({
        data: Array.from({ length: count }, (_, i) => ({ userId, kind: "shared" as const, name: `seeded ${i}`, tokenHash: randomBytes(32).toString("hex") })),
      }),
    held: (userId: string) => t.server.db.prisma.accessToken.count({ where: { userId, kind: "shared" } }),
    create: (i: number) => ["/api/v1/me/access-tokens", { name: `racing ${i}`, permissions: [] }] as const,
  },
  bookmarks: {
    max: MAX_BOOKMARKS_PER_ACCOUNT,
    reason: "bookmark_limit_reached",
    action: "bookmark.create",
    seed: (userId: string, count: number) =>
      t.server.db.prisma.bookmark.createMany({ data: Array.from({ length: count }, (_, i) => ({ userId, name: `seeded ${i}`, url: "https://data.example.org/" })) }),
    held: (userId: string) => t.server.db.prisma.bookmark.count({ where: { userId } }),
    create: (i: number) => ["/api/v1/me/bookmarks", { name: `racing ${i}`, url: "https://data.example.org/" }] as const,
  },
};

describe(`${PARALLEL} parallel creations with room for ${ROOM} left`, () => {
  for (const [what, kind] of Object.entries(KINDS)) {
    it(`${what}: exactly ${ROOM} land (201), the others are 409 ${kind.reason}; the account holds ${kind.max}, ${ROOM} audited`, async () => {
      const me = await account();
      await kind.seed(me.id, kind.max - ROOM);
      const answers = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) => {
          const [path, body] = kind.create(i);
          return me.call("POST", path, body);
        }),
      );
      expect(statusesOf(answers), JSON.stringify(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => a.body))).toEqual([
        ...Array<number>(ROOM).fill(201),
        ...Array<number>(PARALLEL - ROOM).fill(409),
      ]);
      for (const refused of answers.filter((res) => res.status === 409)) {
        expectProblem(refused, 409, "conflict");
        expect(refused.body.reason).toBe(kind.reason);
      }
      expect(await kind.held(me.id)).toBe(kind.max);
      expect(await t.server.db.prisma.auditEvent.count({ where: { action: kind.action, actorId: me.id } })).toBe(ROOM);
    }, TIMEOUT_MS);
  }
});

describe("an app's first requests, made at once", () => {
  it("10 rounds of two: one token, made once (created: true for one answer, false for the other), audited once", async () => {
    for (let round = 0; round < 10; round++) {
      const me = await account();
      const appId = `Racing App ${round}`;
      const answers = await Promise.all([0, 1].map(() => me.call("POST", "/api/v1/me/app-tokens", { appId })));
      expect(statusesOf(answers), `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`).toEqual([200, 200]);
      const [a, b] = answers.map((res) => res.body);
      expect(a.id, `round ${round}`).toBe(b.id);
      expect(a.token).toBe(b.token);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(await t.server.db.prisma.accessToken.count({ where: { userId: me.id, kind: "personal" } })).toBe(1);
      expect(await t.server.db.prisma.auditEvent.count({ where: { action: "app_token.create", actorId: me.id } })).toBe(1);
    }
  }, TIMEOUT_MS);

  it(`${PARALLEL} at once: one token, one of them made it`, async () => {
    const me = await account();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => me.call("POST", "/api/v1/me/app-tokens", { appId: "crowded-app" })));
    expect(statusesOf(answers)).toEqual(Array<number>(PARALLEL).fill(200));
    expect(new Set(answers.map((res) => res.body.token)).size).toBe(1);
    expect(answers.filter((res) => res.body.created)).toHaveLength(1);
    expect(await t.server.db.prisma.accessToken.count({ where: { userId: me.id, kind: "personal" } })).toBe(1);
  }, TIMEOUT_MS);
});

describe("one name asked for at once", () => {
  it(`${PARALLEL} channels named alike: one 201, the others 409 channel_name_taken, never a 5xx`, async () => {
    const me = await account();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => me.call("POST", "/api/v1/me/channels", { name: "contested" })));
    expect(statusesOf(answers)).toEqual([201, ...Array<number>(PARALLEL - 1).fill(409)]);
    for (const refused of answers.filter((res) => res.status === 409)) expect(refused.body.reason).toBe("channel_name_taken");
    expect(await t.server.db.prisma.channel.count({ where: { userId: me.id } })).toBe(1);
  }, TIMEOUT_MS);

  it(`${PARALLEL} shared tokens named alike: one 201, the others 409 token_name_taken, never a 5xx`, async () => {
    const me = await account();
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => me.call("POST", "/api/v1/me/access-tokens", { name: "contested", permissions: [] })));
    expect(statusesOf(answers)).toEqual([201, ...Array<number>(PARALLEL - 1).fill(409)]);
    for (const refused of answers.filter((res) => res.status === 409)) expect(refused.body.reason).toBe("token_name_taken");
    expect(await t.server.db.prisma.accessToken.count({ where: { userId: me.id } })).toBe(1);
  }, TIMEOUT_MS);
});

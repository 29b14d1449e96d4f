import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only (vitest.config.ts): real concurrency between connections.
// A one-use invite redeemed by many at the same moment makes exactly one
// account: the use is counted by a conditional UPDATE in the transaction
// that creates the account, and the row lock makes the others wait and fail.
let t: TestServer;
const PARALLEL = 10;
const ROUNDS = 5;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "12", STEWARD_REDEEM_RATE_LIMIT: "1000" });
});
afterAll(() => t?.close());

async function invite(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
  const res = await t.api("POST", "/api/v1/invites", { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function redeemAll(token: string, prefix: string) {
  return Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { username: `${prefix}-${i}`, password: "parallel-password" } }),
    ),
  );
}

describe("redeeming at the same moment", () => {
  it(`a one-use invite, ${PARALLEL} at once (${ROUNDS} rounds): one 201, the others 410 invite_used, one new user`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created = await invite({ kind: "register" });
      const usersBefore = await t.server.db.prisma.user.count();
      const answers = await redeemAll(created.token, `race-${round}`);
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 201), `round ${round}: ${JSON.stringify(answers.map((a) => a.body))}`).toHaveLength(1);
      expect(statuses.filter((s) => s === 410), `round ${round}`).toHaveLength(PARALLEL - 1);
      for (const refused of answers.filter((a) => a.status === 410)) expect(refused.body.reason).toBe("invite_used");
      expect(await t.server.db.prisma.user.count()).toBe(usersBefore + 1);
      expect(await t.server.db.prisma.user.count({ where: { registrationInviteId: created.id } })).toBe(1);
      expect((await t.server.db.prisma.invite.findUniqueOrThrow({ where: { id: created.id } })).uses).toBe(1);
    }
  }, 120_000);

  it(`a group invite with maxUses 3, ${PARALLEL} at once: three accounts, all following each other`, async () => {
    const created = await invite({ kind: "group", newGroup: { name: "Crowd" }, maxUses: 3 });
    const answers = await redeemAll(created.token, "crowd");
    expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 410)).toHaveLength(PARALLEL - 3);
    const joined = await t.server.db.prisma.user.findMany({ where: { registrationInviteId: created.id }, select: { id: true } });
    expect(joined).toHaveLength(3);
    const ids = joined.map((u) => u.id);
    // Each one saw the accounts committed before it: every pair follows both ways.
    expect(await t.server.db.prisma.follow.count({ where: { followerId: { in: ids }, followedId: { in: ids } } })).toBe(6);
    expect((await t.server.db.prisma.invite.findUniqueOrThrow({ where: { id: created.id } })).uses).toBe(3);
  }, 120_000);

  it(`the same username through ${PARALLEL} invites at once: one account, the others 409 and their invites unused`, async () => {
    const invites = await Promise.all(Array.from({ length: PARALLEL }, () => invite({ kind: "register" })));
    const answers = await Promise.all(
      invites.map((created) =>
        t.api("POST", `/api/v1/invitations/${created.token}`, { token: null, body: { username: "contested", password: "parallel-password" } }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    for (const res of refused) expect([res.status, res.body.reason]).toEqual([409, "username_taken"]);
    const uses = await t.server.db.prisma.invite.aggregate({ where: { id: { in: invites.map((i) => i.id) } }, _sum: { uses: true } });
    expect(uses._sum.uses).toBe(1);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, createUser, loginAs, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";

// Finding 3 of issue 6 (PostgreSQL: real concurrency between connections).
// Two administrators removing each other at the same moment must leave one:
// the last-admin guard is serialized with the change it guards.
let t: TestServer;
let a: { id: string; token: string };
let b: { id: string; token: string };
const ROUNDS = 30;
// Each round signs in again where a session ended: slow on a busy machine.
const TIMEOUT_MS = 180_000;

beforeAll(async () => {
  t = await startTestServer({ DATABASE_POOL_SIZE: "8" });
  for (const name of ["admin-a", "admin-b"]) await createUser(t, { username: name, password: `${name}-password`, roles: ["admin"] });
  a = { id: (await t.api("GET", "/api/v1/users/lookup?username=admin-a")).body.id, token: await loginAs(t, "admin-a", "admin-a-password") };
  b = { id: (await t.api("GET", "/api/v1/users/lookup?username=admin-b")).body.id, token: await loginAs(t, "admin-b", "admin-b-password") };
  // Leave exactly two active administrators: a and b.
  const bootstrap = (await t.api("GET", `/api/v1/users/lookup?username=${ADMIN.username}`)).body.id;
  expect((await t.api("DELETE", `/api/v1/users/${bootstrap}/roles/admin`, { token: a.token })).status).toBe(200);
});
afterAll(() => t?.close());

async function activeAdmins(): Promise<number> {
  const rows = await t.server.db.prisma.userRole.count({ where: { role: { name: "admin" }, user: { status: "active" } } });
  return rows;
}

/** Puts both back to active administrators, as whichever of them is still one. */
async function restore() {
  for (const actor of [a, b]) {
    const me = await t.api("GET", "/api/v1/auth/me", { token: actor.token });
    if (me.status !== 200 || !me.body.permissions.includes("*")) continue;
    for (const other of [a, b]) {
      await t.api("POST", `/api/v1/users/${other.id}/activate`, { token: actor.token });
      await t.api("PUT", `/api/v1/users/${other.id}/roles/admin`, { token: actor.token });
    }
    return;
  }
  throw new Error("no administrator left to restore the other");
}

async function sessionsBack() {
  // Deactivation ends sessions: sign in again when needed.
  for (const [who, name] of [[a, "admin-a"], [b, "admin-b"]] as const) {
    if ((await t.api("GET", "/api/v1/auth/me", { token: who.token })).status !== 200) who.token = await loginAs(t, name, `${name}-password`);
  }
}

type Move = (actor: { id: string; token: string }, target: { id: string }) => Promise<ApiResponse>;
const revoke: Move = (actor, target) => t.api("DELETE", `/api/v1/users/${target.id}/roles/admin`, { token: actor.token });
/** Issue 8: always refused (403 self_admin_revoke) while the caller holds the role; never removes an administrator. */
const revokeOwn: Move = (actor) => t.api("DELETE", `/api/v1/users/${actor.id}/roles/admin`, { token: actor.token });
const deactivate: Move = (actor, target) => t.api("POST", `/api/v1/users/${target.id}/deactivate`, { token: actor.token });

// Issue 8: the same guard holds through Pleroma's admin API (its actors are named by nickname).
const nicknameOf = (target: { id: string }) => (target.id === a.id ? "admin-a" : "admin-b");
const pleroma = (method: string, path: string, token: string) => t.api(method, `/api/pleroma/admin${path}`, { token });
const revokeThroughPleroma: Move = (actor, target) => pleroma("DELETE", `/users/${nicknameOf(target)}/permission_group/admin`, actor.token);
const toggleThroughPleroma: Move = (actor, target) => pleroma("PATCH", `/users/${nicknameOf(target)}/toggle_activation`, actor.token);

describe("the last administrator holds under concurrency", () => {
  for (const [name, moveA, moveB] of [
    ["revoke each other's admin role", revoke, revoke],
    ["deactivate each other", deactivate, deactivate],
    ["one revokes while the other deactivates", revoke, deactivate],
    ["through Pleroma: revoke each other's admin permission group", revokeThroughPleroma, revokeThroughPleroma],
    ["through Pleroma: one revokes, the other toggles activation", revokeThroughPleroma, toggleThroughPleroma],
  ] as const) {
    it(`${name}: ${ROUNDS} rounds, never zero administrators`, async () => {
      for (let round = 0; round < ROUNDS; round++) {
        await sessionsBack();
        expect(await activeAdmins()).toBe(2);
        const [ra, rb] = await Promise.all([moveA(a, b), moveB(b, a)]);
        const statuses = [ra.status, rb.status].sort();
        expect(await activeAdmins(), `round ${round}: ${JSON.stringify([ra.body, rb.body])}`).toBe(1);
        // One change went through; the other was refused as the last administrator
        // (409), or by a caller who had just lost the right to act (401/403).
        expect(statuses[0], `round ${round}`).toBe(200);
        expect([401, 403, 409], `round ${round}: ${JSON.stringify(rb.body)}`).toContain(statuses[1]);
        await restore();
      }
    }, TIMEOUT_MS);
  }

  it(`each revokes the other's admin role and its own, all at once: ${ROUNDS} rounds, never zero administrators`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await sessionsBack();
      expect(await activeAdmins()).toBe(2);
      const answers = await Promise.all([revoke(a, b), revokeOwn(a, a), revoke(b, a), revokeOwn(b, b)]);
      const what = `round ${round}: ${JSON.stringify(answers.map((r) => [r.status, r.body?.reason]))}`;
      expect(await activeAdmins(), what).toBe(1);
      // Exactly one of the two cross revokes went through; a self revoke never removed anyone.
      expect([answers[0]!.status, answers[2]!.status].filter((status) => status === 200).length, what).toBe(1);
      for (const own of [answers[1]!, answers[3]!]) {
        if (own.status === 200) expect(own.body.roles, what).not.toContain("admin");
        else expect(["self_admin_revoke", "missing_permission", "permission_not_held", undefined], what).toContain(own.body.reason);
        expect(own.status, what).toBeLessThan(500);
      }
      await restore();
    }
  }, TIMEOUT_MS);

  it(`through Pleroma, one grants admin to a third user while both revoke each other: ${ROUNDS} rounds, never zero administrators`, async () => {
    const made = await t.api("POST", "/api/v1/users", { token: a.token, body: { username: "admin-c", password: "admin-c-password" } });
    expect(made.status).toBe(201);
    const c = { id: made.body.id as string, token: await loginAs(t, "admin-c", "admin-c-password") };
    for (let round = 0; round < ROUNDS; round++) {
      await sessionsBack();
      expect(await activeAdmins()).toBe(2);
      const answers = await Promise.all([
        revokeThroughPleroma(a, b),
        pleroma("POST", "/users/admin-c/permission_group/admin", b.token),
        revokeThroughPleroma(b, a),
      ]);
      const what = `round ${round}: ${JSON.stringify(answers.map((r) => [r.status, r.body]))}`;
      expect(await activeAdmins(), what).toBeGreaterThanOrEqual(1);
      for (const answer of answers) expect([200, 401, 403, 409], what).toContain(answer.status);
      // Back to a and b: whoever of the three is an administrator restores them, then a takes c's role away.
      const admins = await Promise.all([a, b, c].map(async (who) => ((await t.api("GET", "/api/v1/auth/me", { token: who.token })).body?.permissions ?? []).includes("*")));
      const restorer = [a, b, c][admins.indexOf(true)]!;
      for (const who of [a, b]) await t.api("PUT", `/api/v1/users/${who.id}/roles/admin`, { token: restorer.token });
      await t.api("DELETE", `/api/v1/users/${c.id}/roles/admin`, { token: a.token });
    }
  }, TIMEOUT_MS);

  it(`delete each other: ${ROUNDS} rounds, never zero administrators`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      await sessionsBack();
      const pair = [];
      for (const side of ["x", "y"]) {
        const name = `del-${side}-${round}`;
        const user = await t.api("POST", "/api/v1/users", { token: a.token, body: { username: name, password: `${name}-password`, roles: ["admin"] } });
        expect(user.status).toBe(201);
        pair.push({ id: user.body.id, token: await loginAs(t, name, `${name}-password`) });
      }
      // a and b step down so that x and y are the only administrators.
      for (const who of [a, b]) expect((await t.api("DELETE", `/api/v1/users/${who.id}/roles/admin`, { token: pair[0]!.token })).status).toBe(200);
      expect(await activeAdmins()).toBe(2);
      const [x, y] = pair as [{ id: string; token: string }, { id: string; token: string }];
      const answers = await Promise.all([
        t.api("DELETE", `/api/v1/users/${y.id}`, { token: x.token }),
        t.api("DELETE", `/api/v1/users/${x.id}`, { token: y.token }),
      ]);
      expect(await activeAdmins(), `round ${round}: ${JSON.stringify(answers.map((r) => r.body))}`).toBe(1);
      const survivor = answers[0]!.status === 204 ? x : y;
      for (const who of [a, b]) await t.api("PUT", `/api/v1/users/${who.id}/roles/admin`, { token: survivor.token });
      await sessionsBack();
      await t.api("DELETE", `/api/v1/users/${survivor.id}`, { token: a.token });
      expect(await activeAdmins()).toBe(2);
    }
  }, TIMEOUT_MS);
});

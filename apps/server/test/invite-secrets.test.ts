import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";
import { expectProsodyError } from "./support/contract-check.ts";

// Security issue 14: invite tokens are credentials. A secret is shown only to
// whoever could make it (findings 1 and 6), and what an invite grants is
// checked again, against its maker and its account as they are, when it is
// redeemed (findings 2 and 3). Each describe names the finding it closes.

let t: TestServer;
let modToken: string;

const prosody = (method: string, path: string, token: string, body?: unknown) => t.api(method, `/admin_api${path}`, { token, body });
const redeem = (token: string, body: Record<string, string>) => t.api("POST", `/api/v1/invitations/${token}`, { token: null, body });
const signsIn = async (username: string, password: string) =>
  (await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password } })).status === 200;
let users = 0;
/** A new signed-up user (password `<name>-password`), with these roles and an address. */
async function someone(roles: string[] = [], name = `person${++users}`): Promise<{ id: string; username: string; password: string }> {
  const password = `${name}-password`;
  const { id } = await createUser(t, { username: name, password, email: `${name}@example.org`, roles });
  return { id, username: name, password };
}
const grantRole = async (userId: string, role: string) => expect((await t.api("PUT", `/api/v1/users/${userId}/roles/${role}`)).status).toBe(200);
const inviteRow = (id: string) => t.server.db.prisma.invite.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  t = await startTestServer({ STEWARD_REDEEM_RATE_LIMIT: "1000" });
  const mod = await someone(["moderator"], "mod");
  modToken = await loginAs(t, mod.username, mod.password);
});
afterAll(() => t?.close());

describe("finding 1: a moderator does not receive another admin's reset secret, through any surface", () => {
  let victim: { id: string; username: string; password: string };
  let viaMail: { inviteId: string; messageId: string };
  let viaInvites: { id: string; token: string };
  beforeAll(async () => {
    victim = await someone(["admin"], "victim");
    viaMail = (await t.api("POST", `/api/v1/users/${victim.id}/password-reset`)).body;
    viaInvites = (await t.api("POST", "/api/v1/invites", { body: { kind: "reset", targetUsername: victim.username } })).body;
    expect(viaInvites.token).toMatch(/^sti_/);
  });

  it("GET /api/v1/invites (list) carries no token or link for anyone", async () => {
    for (const token of [modToken, t.adminToken]) {
      const page = (await t.api("GET", "/api/v1/invites?state=all&limit=200", { token })).body;
      expect(page.data.length).toBeGreaterThan(1);
      for (const invite of page.data) expect(invite).toMatchObject({ token: null, link: null, tokenHidden: "list" });
    }
  });

  it("GET /api/v1/invites/:id: a reset's token was shown once, when made, to nobody since (not even an admin)", async () => {
    for (const token of [modToken, t.adminToken]) {
      for (const id of [viaMail.inviteId, viaInvites.id]) {
        const res = await t.api("GET", `/api/v1/invites/${id}`, { token });
        expect(res.body).toMatchObject({ kind: "reset", token: null, link: null, tokenHidden: "shown_once", targetUserId: victim.id });
      }
    }
  });

  it("Prosody GET /invites and /invites/:id leave token, uri and landing_page out", async () => {
    const listed: any[] = (await prosody("GET", "/invites", modToken)).body;
    const resets = listed.filter((invite) => invite.reset);
    expect(resets.length).toBeGreaterThanOrEqual(2);
    for (const invite of [...resets, (await prosody("GET", `/invites/${viaInvites.id}`, modToken)).body]) {
      expect(invite).not.toHaveProperty("token");
      expect(invite).not.toHaveProperty("uri");
      expect(invite).not.toHaveProperty("landing_page");
    }
  });

  it("the mail that carries the link: only to a caller holding mail:manage who could make that reset (rank included)", async () => {
    const mailOnly = await apiKeyWith(t, ["mail:read", "mail:manage"]);
    const res = await t.api("GET", `/api/v1/outbox/${viaMail.messageId}`, { token: mailOnly });
    expect(res.body).toMatchObject({ body: null, bodyHidden: "not_permitted" });
    const listed = (await t.api("GET", "/api/v1/outbox?limit=200")).body.data;
    expect(listed.every((message: any) => message.body === null && message.bodyHidden === "list")).toBe(true);
    const before = await t.server.db.prisma.auditEvent.count({ where: { action: "mail.body_read" } });
    expect((await t.api("GET", `/api/v1/outbox/${viaMail.messageId}`)).body.body.text).toContain("/reset/sti_");
    expect(await t.server.db.prisma.auditEvent.count({ where: { action: "mail.body_read", targetId: viaMail.messageId } })).toBe(before + 1);
  });

  it("so the takeover chain stops: every token the moderator can read anywhere is redeemed as theirs, and the admin's account is untouched", async () => {
    const seen = new Set<string>();
    const collect = (value: unknown) => JSON.stringify(value ?? null).match(/sti_[\w-]+/g)?.forEach((token) => seen.add(token));
    collect((await t.api("GET", "/api/v1/invites?state=all&limit=200", { token: modToken })).body);
    for (const id of [viaMail.inviteId, viaInvites.id]) collect((await t.api("GET", `/api/v1/invites/${id}`, { token: modToken })).body);
    collect((await prosody("GET", "/invites", modToken)).body);
    for (const id of [viaMail.inviteId, viaInvites.id]) collect((await prosody("GET", `/invites/${id}`, modToken)).body);
    for (const token of seen) await redeem(token, { username: `squatter${++users}`, password: "taken-over-password" });
    expect(await signsIn(victim.username, "taken-over-password")).toBe(false);
    expect(await signsIn(victim.username, victim.password)).toBe(true);
    expect((await inviteRow(viaInvites.id)).uses).toBe(0);
    expect((await inviteRow(viaMail.inviteId)).uses).toBe(0);
  });

  it("register and group tokens: shown one at a time to whoever could make them, each reading audited", async () => {
    const register = (await t.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
    const group = (await t.api("POST", "/api/v1/invites", { body: { kind: "group", newGroup: { name: "secret club" } } })).body;
    const reads = () => t.server.db.prisma.auditEvent.count({ where: { action: "invite.token_read" } });
    const before = await reads();
    // The moderator holds invites:manage (could make a register invite), not groups:manage.
    expect((await t.api("GET", `/api/v1/invites/${register.id}`, { token: modToken })).body).toMatchObject({ token: register.token, tokenHidden: null });
    expect((await t.api("GET", `/api/v1/invites/${group.id}`, { token: modToken })).body).toMatchObject({ token: null, tokenHidden: "not_permitted" });
    const readOnly = await apiKeyWith(t, ["invites:read"]);
    expect((await t.api("GET", `/api/v1/invites/${register.id}`, { token: readOnly })).body).toMatchObject({ token: null, tokenHidden: "not_permitted" });
    expect(await reads()).toBe(before + 1);
    const prosodyList: any[] = (await prosody("GET", "/invites", modToken)).body;
    expect(prosodyList.find((invite) => invite.id === register.id)).toMatchObject({ token: register.token });
    expect(prosodyList.find((invite) => invite.id === group.id)).not.toHaveProperty("token");
    expect((await prosody("GET", "/invites", readOnly)).body.every((invite: any) => !("token" in invite))).toBe(true);
    const ownReads = await t.server.db.prisma.auditEvent.findMany({ where: { action: "invite.token_read", actorLabel: "mod" } });
    expect(ownReads.map((event) => event.targetId)).toContain(register.id);
    expect(ownReads.map((event) => event.targetId)).not.toContain(group.id);
  });
});

describe("finding 2: rank is checked again when a reset is redeemed", () => {
  async function promotedAfterReset(make: (username: string) => Promise<{ token: string; id: string }>) {
    const bob = await someone();
    const reset = await make(bob.username);
    expect(reset.token).toMatch(/^sti_/);
    await grantRole(bob.id, "admin");
    const before = await writeCounts(t);
    const res = await redeem(reset.token, { password: "taken-over-password" });
    expectProblem(res, 410, "gone");
    expect(res.body.reason).toBe("invite_void");
    // Spent (revoked, the cause audited); nothing else written: no password, session or account.
    expect(await writeCounts(t)).toEqual({ ...before, auditEvents: before.auditEvents + 1 });
    const row = await inviteRow(reset.id);
    expect(row).toMatchObject({ uses: 0, revokedReason: "void" });
    expect(row.revokedAt).not.toBeNull();
    expect(await signsIn(bob.username, "taken-over-password")).toBe(false);
    expect(await signsIn(bob.username, bob.password)).toBe(true);
    const voided = await t.server.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "invite.void", targetId: reset.id } });
    expect(voided.after).toMatchObject({ cause: "account_outranks_inviter" });
    expectProblem(await redeem(reset.token, { password: "taken-over-password" }), 410, "gone");
  }

  it("through /api/v1: a moderator's reset invite no longer resets a user promoted to admin (410 invite_void)", async () => {
    await promotedAfterReset(async (username) => (await t.api("POST", "/api/v1/invites", { token: modToken, body: { kind: "reset", targetUsername: username } })).body);
  });

  it("through Prosody: the same with POST /admin_api/invites/reset", async () => {
    await promotedAfterReset(async (username) => (await prosody("POST", "/invites/reset", modToken, { username })).body);
  });

  it("the invitation page says 410 too before anything is spent; without the promotion the reset works", async () => {
    const carol = await someone();
    const reset = (await t.api("POST", "/api/v1/invites", { token: modToken, body: { kind: "reset", targetUsername: carol.username } })).body;
    expect((await t.api("GET", `/api/v1/invitations/${reset.token}`, { token: null })).body).toMatchObject({ kind: "reset", username: carol.username });
    await grantRole(carol.id, "admin");
    const described = await t.api("GET", `/api/v1/invitations/${reset.token}`, { token: null });
    expectProblem(described, 410, "gone");
    expect(described.body.reason).toBe("invite_void");
    expect((await inviteRow(reset.id)).revokedAt).toBeNull();
    // Demoted again, the account is the moderator's to reset once more.
    expect((await t.api("DELETE", `/api/v1/users/${carol.id}/roles/admin`)).status).toBe(200);
    expect((await redeem(reset.token, { password: "carol-new-password" })).body).toEqual({ outcome: "password_reset", username: carol.username });
    expect(await signsIn(carol.username, "carol-new-password")).toBe(true);
  });

  it("its maker must still be active and still hold what it grants: deactivated, demoted or a revoked key make it void", async () => {
    const maker = await someone(["moderator"]);
    const makerToken = await loginAs(t, maker.username, maker.password);
    const target = await someone();
    const makeReset = async (token: string) => (await t.api("POST", "/api/v1/invites", { token, body: { kind: "reset", targetUsername: target.username } })).body;
    const makeRegister = async (token: string) => (await t.api("POST", "/api/v1/invites", { token, body: { kind: "register" } })).body;

    const beforeDeactivation = [await makeReset(makerToken), await makeRegister(makerToken)];
    expect((await t.api("POST", `/api/v1/users/${maker.id}/deactivate`)).status).toBe(200);
    for (const invite of beforeDeactivation) {
      const res = await redeem(invite.token, { username: `joiner${++users}`, password: "joiner-password" });
      expect(res.body.reason, JSON.stringify(res.body)).toBe("invite_void");
    }
    expect((await t.api("POST", `/api/v1/users/${maker.id}/activate`)).status).toBe(200);

    const reactivatedToken = await loginAs(t, maker.username, maker.password);
    const beforeDemotion = await makeRegister(reactivatedToken);
    expect((await t.api("DELETE", `/api/v1/users/${maker.id}/roles/moderator`)).status).toBe(200);
    expect((await redeem(beforeDemotion.token, { username: `joiner${++users}`, password: "joiner-password" })).body.reason).toBe("invite_void");

    const key = (await t.api("POST", "/api/v1/api-keys", { body: { name: "inviter", permissions: ["invites:manage"] } })).body;
    const byKey = await makeRegister(key.key);
    expect((await inviteRow(byKey.id)).inviterApiKeyId).toBe(key.id);
    expect((await t.api("DELETE", `/api/v1/api-keys/${key.id}`)).status).toBe(204);
    expect((await redeem(byKey.token, { username: `joiner${++users}`, password: "joiner-password" })).body.reason).toBe("invite_void");
    expect(await signsIn(target.username, target.password)).toBe(true);
  });
});

describe("finding 3: a reset invite is bound to its account, not to a username", () => {
  it("delete carl, make an admin named carl: the old invite is revoked and does not reset the new admin", async () => {
    const carl = await someone([], "carl");
    const reset = (await t.api("POST", "/api/v1/invites", { body: { kind: "reset", targetUsername: "carl" } })).body;
    expect((await t.api("DELETE", `/api/v1/users/${carl.id}`)).status).toBe(204);
    const newCarl = await someone(["admin"], "Carl");
    expect((await t.api("GET", `/api/v1/invites/${reset.id}`)).body).toMatchObject({ state: "revoked", revokedReason: "account_deleted", targetUserId: null });
    const before = await writeCounts(t);
    const res = await redeem(reset.token, { password: "taken-over-password" });
    expectProblem(res, 410, "gone");
    expect(await signsIn("carl", "taken-over-password")).toBe(false);
    expect(await signsIn("carl", newCarl.password)).toBe(true);
    expect((await writeCounts(t)).inviteUses).toBe(before.inviteUses);
  });

  it("renamed, the account is still the one it resets (and the invitation names it as it is now)", async () => {
    const dora = await someone();
    const reset = (await t.api("POST", "/api/v1/invites", { body: { kind: "reset", targetUsername: dora.username } })).body;
    expect((await t.api("PATCH", `/api/v1/users/${dora.id}`, { body: { username: "dora-renamed" } })).status).toBe(200);
    expect((await t.api("GET", `/api/v1/invitations/${reset.token}`, { token: null })).body.username).toBe("dora-renamed");
    expect((await redeem(reset.token, { password: "dora-new-password" })).body).toEqual({ outcome: "password_reset", username: "dora-renamed" });
    expect(await signsIn("dora-renamed", "dora-new-password")).toBe(true);
  });
});

describe("finding 6: an invite that makes or joins groups needs groups:manage, at every door", () => {
  it("v1 POST /invites with newGroup, with groupIds, and Prosody POST /invites/group: 403, nothing written", async () => {
    const group = (await t.api("POST", "/api/v1/groups", { body: { name: "staff" } })).body;
    const before = await writeCounts(t);
    const refused = (res: ApiResponse) => {
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("permission_not_held");
    };
    refused(await t.api("POST", "/api/v1/invites", { token: modToken, body: { kind: "group", newGroup: { name: "mods' own" } } }));
    refused(await t.api("POST", "/api/v1/invites", { token: modToken, body: { kind: "register", groupIds: [group.id] } }));
    refused(await t.api("POST", "/api/v1/invites", { token: modToken, body: { kind: "group", groupIds: [group.id] } }));
    expectProsodyError(await prosody("POST", "/invites/group", modToken, { group_options: { name: "mods' own" } }), 403);
    expectProsodyError(await prosody("POST", "/invites/group", modToken, { groups: [group.id] }), 403);
    expectProsodyError(await prosody("POST", "/invites/account", modToken, { groups: [group.id] }), 403);
    expect(await writeCounts(t)).toEqual(before);
    // Direct creation was already refused; with groups:manage all of them work.
    expectProblem(await t.api("POST", "/api/v1/groups", { token: modToken, body: { name: "mods' own" } }), 403);
    const allowed = await apiKeyWith(t, ["invites:manage", "groups:manage"]);
    expect((await t.api("POST", "/api/v1/invites", { token: allowed, body: { kind: "group", newGroup: { name: "key's own" } } })).status).toBe(201);
    expect((await prosody("POST", "/invites/group", allowed, { groups: [group.id] })).status).toBe(200);
  });

  it("Prosody PUT /users/{username} may not change a user's groups without groups:manage (the same groups sent back are fine)", async () => {
    const group = (await t.api("POST", "/api/v1/groups", { body: { name: "inner circle" } })).body;
    const erin = await someone();
    const before = await writeCounts(t);
    expectProsodyError(await prosody("PUT", `/users/${erin.username}`, modToken, { groups: [group.id] }), 403);
    expect(await writeCounts(t)).toEqual(before);
    expect((await prosody("PUT", `/users/${erin.username}`, modToken, { display_name: "Erin", groups: [] })).status).toBe(200);
    expect((await t.api("GET", `/api/v1/users/${erin.id}`)).body).toMatchObject({ displayName: "Erin", groups: [] });
  });
});

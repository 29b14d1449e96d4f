import { createHash } from "node:crypto";
import { InviteSchema, pageOf } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

// Invites as administrators see them: making, reading, listing, revoking.
// The public side (reading and redeeming a link) is invite-redemption.test.ts.
const PUBLIC_URL = "https://chat.example.org";
const DAY_MS = 24 * 3600 * 1000;
const clock = new ManualClock(new Date("2031-03-01T12:00:00.000Z"));
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_PUBLIC_URL: `${PUBLIC_URL}/`, STEWARD_REDEEM_RATE_LIMIT: "1000" }, { clock });
});
afterAll(() => t?.close());

const InvitePage = pageOf(InviteSchema);
const createInvite = (body: unknown, token?: string) => t.api("POST", "/api/v1/invites", { body, token });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A 201 with a well-formed invite; returns the invite. */
function created(res: ApiResponse) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.headers.get("location")).toBe(`/api/v1/invites/${res.body.id}`);
  return InviteSchema.strict().parse(res.body);
}

let groups = 0;
async function makeGroup(name = `group-${++groups}`) {
  return t.server.db.prisma.group.create({ data: { name }, select: { id: true, name: true } });
}

const auditOf = async (targetId: string, action: string) =>
  (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data;

describe("creating invites: each kind's defaults", () => {
  it("register: one use, 7 days, an /invite/ link, made by the caller", async () => {
    const invite = created(await createInvite({ kind: "register" }));
    expect(invite).toMatchObject({
      kind: "register",
      state: "pending",
      reusable: false,
      maxUses: null,
      uses: 0,
      revokedAt: null,
      inviter: { username: "admin" },
      source: "api/admin",
      email: null,
      targetUsername: null,
      groups: [],
      createdAt: clock.now().toISOString(),
    });
    expect(invite.expiresAt).toBe(new Date(clock.now().getTime() + 7 * DAY_MS).toISOString());
    expect(invite.token).toMatch(/^sti_[A-Za-z0-9_-]{43}$/);
    expect(invite.link).toBe(`${PUBLIC_URL}/invite/${invite.token}`);
  });

  it("register: a target username, groups, email, source, reusable with a number of uses and a ttl", async () => {
    const [g1, g2] = [await makeGroup("Ops"), await makeGroup("Dev")];
    const invite = created(
      await createInvite({
        kind: "register",
        targetUsername: "Newcomer",
        groupIds: [g2.id, g1.id, g2.id],
        email: "newcomer@example.org",
        source: "console/admin",
        reusable: true,
        maxUses: 5,
        ttlSeconds: 3600,
      }),
    );
    expect(invite).toMatchObject({ targetUsername: "Newcomer", email: "newcomer@example.org", source: "console/admin", reusable: true, maxUses: 5 });
    expect(invite.groups).toEqual([g2, g1]);
    expect(invite.expiresAt).toBe(new Date(clock.now().getTime() + 3600_000).toISOString());
  });

  it("group: reusable and valid until revoked by default", async () => {
    const group = await makeGroup();
    const invite = created(await createInvite({ kind: "group", groupIds: [group.id] }));
    expect(invite).toMatchObject({ kind: "group", reusable: true, maxUses: null, expiresAt: null, groups: [group] });
    expect(invite.link).toBe(`${PUBLIC_URL}/invite/${invite.token}`);
    const limited = created(await createInvite({ kind: "group", groupIds: [group.id], maxUses: 3 }));
    expect(limited).toMatchObject({ reusable: true, maxUses: 3 });
  });

  it("group: a new group is made with it, with a chat room under the chat domain", async () => {
    const before = await t.server.db.prisma.group.count();
    const invite = created(await createInvite({ kind: "group", newGroup: { name: "  Book club ", createMuc: true } }));
    expect(await t.server.db.prisma.group.count()).toBe(before + 1);
    expect(invite.groups).toEqual([{ id: expect.any(String), name: "Book club" }]);
    const group = await t.server.db.prisma.group.findUniqueOrThrow({ where: { id: invite.groups[0]!.id } });
    // The chat domain defaults to groups.<the public URL's host>.
    expect(group.mucJid).toBe(`${group.id}@groups.chat.example.org`);
    const plain = created(await createInvite({ kind: "group", newGroup: { name: "No room" } }));
    expect((await t.server.db.prisma.group.findUniqueOrThrow({ where: { id: plain.groups[0]!.id } })).mucJid).toBeNull();
    expect(await auditOf(group.id, "group.create")).toHaveLength(1);
  });

  it("reset: one use, 24 hours, a /reset/ link, for the account as it spells its name", async () => {
    await createUser(t, { username: "Forgetful", password: "forgetful-password" });
    const invite = created(await createInvite({ kind: "reset", targetUsername: "FORGETFUL" }));
    expect(invite).toMatchObject({ kind: "reset", reusable: false, maxUses: null, targetUsername: "Forgetful", groups: [] });
    expect(invite.expiresAt).toBe(new Date(clock.now().getTime() + DAY_MS).toISOString());
    expect(invite.link).toBe(`${PUBLIC_URL}/reset/${invite.token}`);
  });

  it("an API key is named in the default source", async () => {
    const key = await apiKeyWith(t, ["invites:manage"]);
    const invite = created(await createInvite({ kind: "register" }, key));
    expect(invite.source).toMatch(/^api\/test key/);
    expect(invite.inviter?.username).toBe("admin");
  });
});

describe("creating invites: refusals", () => {
  const refusals: [string, unknown, number, string, string][] = [
    ["a group invite with no group", { kind: "group" }, 422, "group_required", "body.groupIds"],
    ["a group invite with an empty list of groups", { kind: "group", groupIds: [] }, 422, "group_required", "body.groupIds"],
    ["a register invite with a new group", { kind: "register", newGroup: { name: "x" } }, 422, "invalid_for_kind", "body.newGroup"],
    ["a group invite with a target username", { kind: "group", newGroup: { name: "x" }, targetUsername: "someone" }, 422, "invalid_for_kind", "body.targetUsername"],
    ["a reset invite without a username", { kind: "reset" }, 422, "target_username_required", "body.targetUsername"],
    ["a reusable reset invite", { kind: "reset", targetUsername: "admin", reusable: true }, 422, "invalid_for_kind", "body.reusable"],
    ["a reset invite with groups", { kind: "reset", targetUsername: "admin", groupIds: ["00000000-0000-4000-8000-000000000000"] }, 422, "invalid_for_kind", "body.groupIds"],
    ["a one-use invite with a number of uses", { kind: "register", maxUses: 3 }, 422, "max_uses_requires_reusable", "body.maxUses"],
    ["a reset invite for nobody", { kind: "reset", targetUsername: "nobody-at-all" }, 404, "user_not_found", "body.targetUsername"],
    ["an invite to a group that does not exist", { kind: "group", groupIds: ["00000000-0000-4000-8000-000000000000"] }, 404, "group_not_found", "body.groupIds.0"],
    ["a register invite for a taken username", { kind: "register", targetUsername: "ADMIN" }, 409, "username_taken", "body.targetUsername"],
    ["a ttl under a minute (the contract's minimum)", { kind: "register", ttlSeconds: 30 }, 400, "invalid_request", "body.ttlSeconds"],
  ];
  for (const [name, body, status, reason, field] of refusals) {
    it(`refuses ${name}: ${status} ${reason}, and writes nothing`, async () => {
      const before = await writeCounts(t);
      const res = await createInvite(body);
      expectProblem(res, status);
      expect(res.body.reason).toBe(reason);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(await writeCounts(t)).toEqual(before);
    });
  }

  it("a moderator may reset a plain account, not an administrator's", async () => {
    await createUser(t, { username: "mod", password: "moderator-password", roles: ["moderator"] });
    await createUser(t, { username: "plain-one" });
    const moderator = await loginAs(t, "mod", "moderator-password");
    created(await createInvite({ kind: "reset", targetUsername: "plain-one" }, moderator));
    const before = await writeCounts(t);
    const refused = await createInvite({ kind: "reset", targetUsername: "admin" }, moderator);
    expectProblem(refused, 403, "forbidden");
    expect(refused.body.reason).toBe("target_outranks_caller");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("needs invites:manage to create and invites:read to read", async () => {
    const reader = await apiKeyWith(t, ["invites:read"]);
    expectProblem(await createInvite({ kind: "register" }, reader), 403, "forbidden");
    expect((await t.api("GET", "/api/v1/invites", { token: reader })).status).toBe(200);
  });
});

describe("the token at rest", () => {
  it("is stored only as its SHA-256 and sealed: no column holds it, nor the audit event", async () => {
    const invite = created(await createInvite({ kind: "register", email: "rest@example.org" }));
    const token = invite.token!;
    const row = await t.server.db.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } });
    for (const [column, value] of Object.entries(row)) {
      expect(JSON.stringify(value) ?? "", column).not.toContain(token);
      expect(JSON.stringify(value) ?? "", column).not.toContain(token.slice(4));
    }
    expect(row.tokenHash).toBe(sha256(token));
    expect(row.tokenCiphertext).toMatch(/^v1\.[0-9a-f]{8}\./);
    const [audit] = await auditOf(invite.id, "invite.create");
    expect(audit).toMatchObject({ dialect: "v1", actor: { type: "user", label: "admin" }, target: { type: "invite", id: invite.id } });
    expect(audit.after).toMatchObject({ kind: "register", email: "rest@example.org" });
    expect(JSON.stringify(audit)).not.toContain(token.slice(4));
    expect(audit.after).not.toHaveProperty("link");
  });

  it("reads back as null (and no link) when the keyring cannot open it", async () => {
    const invite = created(await createInvite({ kind: "register" }));
    await t.server.db.prisma.invite.update({ where: { id: invite.id }, data: { tokenCiphertext: "v1.00000000.AAAAAAAAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA" } });
    const res = await t.api("GET", `/api/v1/invites/${invite.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: invite.id, token: null, link: null, state: "pending" });
  });
});

describe("reading and revoking", () => {
  it("gets an invite by id; an unknown id is a 404", async () => {
    const invite = created(await createInvite({ kind: "register" }));
    const res = await t.api("GET", `/api/v1/invites/${invite.id}`);
    expect(res.status).toBe(200);
    expect(InviteSchema.strict().parse(res.body)).toEqual(invite);
    const missing = await t.api("GET", "/api/v1/invites/00000000-0000-4000-8000-000000000000");
    expectProblem(missing, 404, "not_found");
    expect(missing.body.reason).toBe("invite_not_found");
  });

  it("revokes: 204, listed as revoked, the second time changes nothing; an unknown id is a 404", async () => {
    const invite = created(await createInvite({ kind: "register" }));
    const first = await t.api("DELETE", `/api/v1/invites/${invite.id}`);
    expect(first.status).toBe(204);
    const after = (await t.api("GET", `/api/v1/invites/${invite.id}`)).body;
    expect(after).toMatchObject({ state: "revoked", revokedAt: clock.now().toISOString() });
    const before = await writeCounts(t);
    expect((await t.api("DELETE", `/api/v1/invites/${invite.id}`)).status).toBe(204);
    expect(await writeCounts(t)).toEqual(before);
    const audits = await auditOf(invite.id, "invite.revoke");
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ dialect: "v1", before: { state: "pending" }, after: { state: "revoked" } });
    expect(JSON.stringify(audits[0])).not.toContain(invite.token!.slice(4));
    const missing = await t.api("DELETE", "/api/v1/invites/00000000-0000-4000-8000-000000000000");
    expectProblem(missing, 404);
    expect(missing.body.reason).toBe("invite_not_found");
  });
});

describe("listing", () => {
  let server: TestServer;
  const listClock = new ManualClock(new Date("2032-01-01T00:00:00.000Z"));
  const ids: Record<string, string[]> = { pending: [], used: [], expired: [], revoked: [] };
  /** Every id made, newest first. */
  const newestFirst: string[] = [];

  async function make(body: Record<string, unknown>): Promise<{ id: string; token: string }> {
    listClock.advance(1000);
    const res = await server.api("POST", "/api/v1/invites", { body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    newestFirst.unshift(res.body.id);
    return res.body;
  }

  beforeAll(async () => {
    server = await startTestServer({ STEWARD_REDEEM_RATE_LIMIT: "1000" }, { clock: listClock });
    for (let i = 0; i < 5; i++) ids.pending!.push((await make({ kind: "register" })).id);
    const group = await server.server.db.prisma.group.create({ data: { name: "g" } });
    ids.pending!.push((await make({ kind: "group", groupIds: [group.id] })).id);
    for (let i = 0; i < 2; i++) {
      const once = await make({ kind: "register" });
      const redeemed = await server.api("POST", `/api/v1/invitations/${once.token}`, { token: null, body: { username: `used-${i}`, password: "a-good-password" } });
      expect(redeemed.status).toBe(201);
      ids.used!.push(once.id);
    }
    const revoked = await make({ kind: "register" });
    await server.api("DELETE", `/api/v1/invites/${revoked.id}`);
    ids.revoked!.push(revoked.id);
    for (let i = 0; i < 3; i++) ids.expired!.push((await make({ kind: "register", ttlSeconds: 60 })).id);
    listClock.advance(60_000);
  });
  afterAll(() => server?.close());

  const list = async (query: string) => {
    const res = await server.api("GET", `/api/v1/invites${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return InvitePage.parse(res.body);
  };

  it("lists pending invites by default, newest first, with their total", async () => {
    const page = await list("");
    expect(page.total).toBe(6);
    expect(page.data.map((i) => i.id)).toEqual(newestFirst.filter((id) => ids.pending!.includes(id)));
    expect(page.data.every((i) => i.state === "pending")).toBe(true);
    expect(page.nextCursor).toBeNull();
  });

  for (const state of ["used", "expired", "revoked"] as const) {
    it(`filters ${state} invites in the database`, async () => {
      const page = await list(`?state=${state}`);
      expect(page.total).toBe(ids[state]!.length);
      expect(page.data.map((i) => i.id).sort()).toEqual([...ids[state]!].sort());
      expect(page.data.every((i) => i.state === state)).toBe(true);
    });
  }

  it("filters by kind", async () => {
    const page = await list("?state=all&kind=group");
    expect(page.total).toBe(1);
    expect(page.data[0]!.kind).toBe("group");
  });

  it("pages through all of them, each once, newest first, with the same total on every page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { data: { id: string }[]; total: number; nextCursor: string | null } = await list(`?state=all&limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.total).toBe(newestFirst.length);
      expect(page.data.length).toBeLessThanOrEqual(4);
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(newestFirst.length / 4));
    expect(seen).toEqual(newestFirst);
  });

  it("refuses a cursor made for another list", async () => {
    const other = Buffer.from(JSON.stringify({ s: "-id", v: ["1"] })).toString("base64url");
    expectProblem(await server.api("GET", `/api/v1/invites?cursor=${other}`), 400, "bad_request");
  });
});

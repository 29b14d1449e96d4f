import { describe, expect, it } from "vitest";
import { ProsodyGroupSchema, ProsodyInviteSchema, ProsodyUserSchema, type Invite, type User } from "@steward/contracts";
import { fromAccountInvite, fromGroupInvite, fromResetInvite, fromUserUpdate, stewardIdFrom } from "../../src/http/dialects/prosody/from-prosody.ts";
import { toProsodyDebug, toProsodyGroup, toProsodyInvite, toProsodyUser } from "../../src/http/dialects/prosody/to-prosody.ts";
import { sampleInvite, sampleUser } from "../support/samples.ts";

const GROUP_ID = "0b6f3c1e-6a43-4b8e-9a0e-2b7c1d9e4f10";

const user = sampleUser({ email: "alice@example.org", displayName: "Alice A.", roles: ["admin"], groups: [{ id: GROUP_ID, name: "Team A" }] });

const invite = sampleInvite({
  expiresAt: "2026-11-23T19:07:20.000Z",
  inviter: { id: user.id, username: "admin" },
  source: "admin_api/admin",
  targetUsername: "carol",
});

describe("to Prosody", () => {
  it("a user: groups as ids, the admin role as prosody:admin, enabled from the status", () => {
    const out = toProsodyUser(user);
    expect(ProsodyUserSchema.parse(out)).toEqual(out);
    expect(out).toMatchObject({ username: "alice", display_name: "Alice A.", groups: [GROUP_ID], role: "prosody:admin", enabled: true });
    expect(toProsodyUser({ ...user, roles: [], status: "deactivated" })).toMatchObject({ role: "prosody:member", enabled: false });
  });

  it("an account invite as Prosody 13 answers it: jid, xmpp URI, unix times", () => {
    const out = toProsodyInvite(invite, "localhost");
    expect(ProsodyInviteSchema.parse(out)).toEqual(out);
    expect(out).toMatchObject({
      id: invite.id,
      type: "register",
      jid: "carol@localhost",
      uri: "xmpp:carol@localhost?register;preauth=sti_token",
      landing_page: invite.link,
      inviter: "admin@localhost",
      created_at: 1795457240,
      expires: 1795460840,
      reset: false,
    });
  });

  it("an invite valid until revoked has no `expires`; a group invite's jid is the domain; a reset says so", () => {
    const group = toProsodyInvite({ ...invite, kind: "group", targetUsername: null, expiresAt: null, reusable: true, groups: [{ id: GROUP_ID, name: "T" }] }, "example.org");
    expect(group).not.toHaveProperty("expires");
    expect(group).toMatchObject({ jid: "example.org", uri: "xmpp:example.org?register;preauth=sti_token", reusable: true, groups: [GROUP_ID] });
    expect(toProsodyInvite({ ...invite, kind: "reset", targetUsername: "bob" }, "localhost")).toMatchObject({ jid: "bob@localhost", reset: true });
  });

  it("an invite without its token (a reset after it was made, or one the caller could not make) has no token, uri or landing page", () => {
    const out = toProsodyInvite({ ...invite, kind: "reset", targetUsername: "bob", token: null, link: null, tokenHidden: "shown_once" }, "localhost");
    expect(ProsodyInviteSchema.parse(out)).toEqual(out);
    for (const field of ["token", "uri", "landing_page"]) expect(out).not.toHaveProperty(field);
  });

  it("a group, and a user's sessions as debug info", () => {
    expect(ProsodyGroupSchema.parse(toProsodyGroup({ id: GROUP_ID, name: "T", mucJid: null, memberCount: 0, createdAt: invite.createdAt, updatedAt: invite.createdAt }))).toEqual({ id: GROUP_ID, name: "T", muc_jid: null });
    const debug = toProsodyDebug(
      [{ id: "s1", userId: user.id, ip: "10.0.0.1", userAgent: "x", appId: null, surface: "v1", createdAt: invite.createdAt, lastSeenAt: invite.createdAt, expiresAt: invite.expiresAt! }],
      "alice",
      "localhost",
      new Date("2026-11-23T18:10:00Z"),
    );
    expect(debug.sessions[0]).toMatchObject({ full_jid: "alice@localhost/s1", ip: "10.0.0.1", since: 1795457240, status: { connected: true } });
    expect(debug.time).toBe(1795457400);
  });
});

describe("from Prosody", () => {
  it("an account invite: ttl rounded up to whole seconds, groups, source admin_api/<caller>", () => {
    expect(fromAccountInvite({ username: "carol", ttl: 90.5, groups: [GROUP_ID] }, "admin")).toEqual({
      kind: "register",
      ttlSeconds: 91,
      targetUsername: "carol",
      groupIds: [GROUP_ID],
      source: "admin_api/admin",
    });
    expect(fromAccountInvite(undefined, "admin")).toMatchObject({ kind: "register", ttlSeconds: undefined, targetUsername: undefined });
  });

  it("a group invite joins the groups given, or makes one from group_options", () => {
    expect(fromGroupInvite({ groups: [GROUP_ID] }, "admin")).toMatchObject({ kind: "group", reusable: true, groupIds: [GROUP_ID] });
    expect(fromGroupInvite({ group_options: { name: "Book club", create_muc: true } }, "admin")).toMatchObject({
      newGroup: { name: "Book club", createMuc: true },
    });
    expect(fromGroupInvite(undefined, "admin")).toMatchObject({ newGroup: { name: "New group", createMuc: false } });
  });

  it("a reset invite defaults to 24 hours", () => {
    expect(fromResetInvite({ username: "bob" }, "admin")).toMatchObject({ kind: "reset", targetUsername: "bob", ttlSeconds: 86400 });
    expect(fromResetInvite({ username: "bob", ttl: 600 }, "admin").ttlSeconds).toBe(600);
  });

  it("a user update: profile fields, groups when given, and no renaming", () => {
    expect(fromUserUpdate("alice", { display_name: "A", email: null })).toEqual({ patch: { displayName: "A", email: null }, groupIds: undefined });
    expect(fromUserUpdate("alice", { username: "alice", groups: [GROUP_ID] }).groupIds).toEqual([GROUP_ID]);
    expect(() => fromUserUpdate("alice", { username: "bob" })).toThrow(/cannot change/);
  });

  it("an id that is not Steward's (not a UUID) names nothing: 404", () => {
    expect(stewardIdFrom(GROUP_ID, "group")).toBe(GROUP_ID);
    expect(() => stewardIdFrom("A1yKgbGtUB6w", "group")).toThrow(expect.objectContaining({ code: "not_found", reason: "group_not_found" }));
  });
});

import { describe, expect, it } from "vitest";
import { PleromaInviteSchema, PleromaUserSchema, type Invite } from "@steward/contracts";
import { sampleInvite, sampleUser } from "../support/samples.ts";
import { fromInviteLimits, fromListUsersQuery, fromNickname, fromPermissionGroup, fromTagUsers } from "../../src/http/dialects/pleroma/from-pleroma.ts";
import { toPermissionChange, toPermissionGroups, toPleromaInvite, toPleromaNickname, toPleromaUser } from "../../src/http/dialects/pleroma/to-pleroma.ts";

const user = sampleUser({
  numericId: 42,
  username: "remy",
  displayName: "Rémy",
  domain: "remote.example",
  local: false,
  status: "deactivated",
  tags: ["mrf_tag:sandbox"],
  roles: ["moderator"],
});

const invite = sampleInvite({ numericId: 9, source: "pleroma_admin/admin" });

describe("to Pleroma", () => {
  it("a remote user: numeric id, nickname@domain, roles and deactivation", () => {
    expect(PleromaUserSchema.parse(toPleromaUser(user))).toEqual({
      id: 42,
      nickname: "remy@remote.example",
      deactivated: true,
      local: false,
      roles: { admin: false, moderator: true },
      tags: ["mrf_tag:sandbox"],
      display_name: "Rémy",
      email: null,
    });
    expect(toPleromaNickname({ username: "alice", domain: null })).toBe("alice");
  });

  it("permission groups, and the one changed", () => {
    expect(toPermissionGroups(user)).toEqual({ is_moderator: true, is_admin: false });
    expect(toPermissionChange(user, "moderator")).toEqual({ is_moderator: true });
    expect(toPermissionChange(user, "admin")).toEqual({ is_admin: false });
  });

  it("the invite type follows the limits: uses, a date, both, neither", () => {
    const expiring = { expiresAt: "2027-04-08T00:00:00.000Z" };
    const cases: [Partial<Invite>, string][] = [
      [{}, "one_time"],
      [{ reusable: true, maxUses: 5 }, "reusable"],
      [{ reusable: true }, "reusable"],
      [expiring, "date_limited"],
      [{ ...expiring, reusable: true, maxUses: 2 }, "reusable_date_limited"],
    ];
    for (const [fields, type] of cases) expect(toPleromaInvite({ ...invite, ...fields }).invite_type).toBe(type);
  });

  it("expires_at is the last valid day; used means revoked or used up, not expired", () => {
    const shown = toPleromaInvite({ ...invite, expiresAt: "2027-04-08T00:00:00.000Z", state: "expired" });
    expect(PleromaInviteSchema.parse(shown)).toMatchObject({ id: 9, expires_at: "2027-04-07", used: false, max_use: null });
    expect(toPleromaInvite({ ...invite, expiresAt: "2027-04-08T10:30:00.000Z" }).expires_at).toBe("2027-04-08");
    expect(toPleromaInvite({ ...invite, state: "revoked" }).used).toBe(true);
    expect(toPleromaInvite({ ...invite, state: "used", uses: 1 }).used).toBe(true);
    // A token the caller may not see (invite-rights.ts) is left out, not shown empty.
    expect(PleromaInviteSchema.parse(toPleromaInvite({ ...invite, token: null }))).not.toHaveProperty("token");
  });
});

describe("from Pleroma", () => {
  it("nicknames: local, remote, with a leading @", () => {
    expect(fromNickname("alice")).toEqual({ username: "alice", domain: null });
    expect(fromNickname("remy@remote.example")).toEqual({ username: "remy", domain: "remote.example" });
    expect(fromNickname("@remy@remote.example")).toEqual({ username: "remy", domain: "remote.example" });
  });

  it("permission groups are admin and moderator; any other is Pleroma's 404", () => {
    expect(fromPermissionGroup("admin")).toBe("admin");
    expect(() => fromPermissionGroup("owner")).toThrow("No such permission_group");
  });

  it("list filters become list conditions; unknown ones are ignored; contradictions match nobody", () => {
    const { listing, pageSize } = fromListUsersQuery({ filters: "local,deactivated,is_admin,is_moderator,unknown", page: 3, page_size: 20, query: "al", tags: ["a", "b"] });
    expect(pageSize).toBe(20);
    expect(listing).toEqual({
      filter: { local: true, status: "deactivated", roles: ["admin", "moderator"], handle: "al", anyTags: ["a", "b"] },
      order: "username",
      limit: 20,
      start: { offset: 40 },
    });
    expect(fromListUsersQuery({}).listing).toEqual({ filter: {}, order: "username", limit: 50, start: { offset: 0 } });
    expect(fromListUsersQuery({ filters: "local,external" }).listing).toBeNull();
    expect(fromListUsersQuery({ filters: "active,deactivated" }).listing).toBeNull();
  });

  it("tag changes name users by nicknames and nickname, remote ones by username", () => {
    expect(fromTagUsers({ nicknames: ["a", "remy@remote.example"], nickname: ["b"], tags: ["t"] })).toEqual({ usernames: ["a", "remy", "b"], tags: ["t"] });
  });

  it("invite limits, nested (Pleroma 1.0) or not (Pleroma 2): max_use makes it reusable, a date lasts through its day", () => {
    expect(fromInviteLimits({}, "admin")).toEqual({ kind: "register", ttlSeconds: null, source: "pleroma_admin/admin" });
    expect(fromInviteLimits({ invite: { max_use: 3, expires_at: "2027-04-07" } }, "admin")).toEqual({
      kind: "register",
      reusable: true,
      maxUses: 3,
      expiresAt: "2027-04-08T00:00:00.000Z",
      source: "pleroma_admin/admin",
    });
    expect(fromInviteLimits({ expires_at: "2027-12-31" }, null)).toMatchObject({ expiresAt: "2028-01-01T00:00:00.000Z", source: "pleroma_admin/unknown" });
  });
});

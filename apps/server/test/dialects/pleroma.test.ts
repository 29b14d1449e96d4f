import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PleromaInviteSchema,
  PleromaPermissionGroupsSchema,
  PleromaUserListSchema,
  PleromaUserSchema,
} from "@steward/contracts";
import { ADMIN, apiKeyWith, createUser, loginAs, startTestServer, writeCounts, type RequestOptions, type TestServer } from "../harness.ts";
import { PLEROMA_PREFIX, expectPleromaError } from "../support/contract-check.ts";

let t: TestServer;
const pleroma = (method: string, path: string, options?: RequestOptions) => t.api(method, `${PLEROMA_PREFIX}${path}`, options);
/** A form body, as admin-fe and curl `-d` send one. */
const form = (fields: string) => ({ rawBody: fields, headers: { "content-type": "application/x-www-form-urlencoded" } });
/** A user of one test: each test makes its own, named for it alone, so no test leans on another's leftovers. */
const newUser = (username: string, fields: Record<string, unknown> = {}) => createUser(t, { username, ...fields });

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

describe("authentication: admins only, Pleroma's error shape", () => {
  it("401 without a token or with an unknown one", async () => {
    // Pleroma's words; its status is 403, Steward's 401 (ENDPOINTS: unauthenticated is 401).
    expectPleromaError(await pleroma("GET", "/users", { token: null }), 401, "Invalid credentials.");
    expectPleromaError(await pleroma("GET", "/users", { token: "sts_nope" }), 401, "Invalid credentials.");
  });

  it("403 `User is not admin.` for a moderator, even one holding the route's permission", async () => {
    await newUser("mod", { password: "moderator-password", roles: ["moderator"] });
    await newUser("mod-target");
    const token = await loginAs(t, "mod", "moderator-password");
    expectPleromaError(await pleroma("GET", "/users", { token }), 403, "User is not admin.");
    expectPleromaError(await pleroma("GET", "/users/mod-target", { token }), 403, "User is not admin.");
  });

  it("an admin's API key works, within its own permissions", async () => {
    await newUser("key-target");
    const reader = await apiKeyWith(t, ["users:read"]);
    expect((await pleroma("GET", "/users/key-target", { token: reader })).status).toBe(200);
    expectPleromaError(await pleroma("PATCH", "/users/key-target/toggle_activation", { token: reader }), 403);
  });

  it("an unknown path is Pleroma's 404", async () => {
    expectPleromaError(await pleroma("GET", "/nothing/here"), 404, "Not found");
  });
});

describe("users", () => {
  it("GET /users/:nickname; 404 `Not found` for an unknown one", async () => {
    const shown = await newUser("shown", { password: "shown-password", email: "shown@example.org", displayName: "Shown" });
    const res = await pleroma("GET", "/users/shown");
    expect(PleromaUserSchema.parse(res.body)).toEqual({
      id: shown.numericId,
      nickname: "shown",
      deactivated: false,
      local: true,
      roles: { admin: false, moderator: false },
      tags: [],
      display_name: "Shown",
      email: "shown@example.org",
    });
    expectPleromaError(await pleroma("GET", "/users/nobody"), 404, "Not found");
  });

  it("POST /users creates a user (JSON or form) and answers the nickname; 409 for a taken one", async () => {
    const res = await pleroma("POST", "/users", { body: { nickname: "bob", email: "bob@example.org", password: "bob-password" } });
    expect(res.status).toBe(200);
    expect(res.body).toBe("bob");
    expect(await loginAs(t, "bob", "bob-password")).toMatch(/^sts_/);
    const byForm = await pleroma("POST", "/users", form("nickname=carol&email=carol%40example.org&password=carol-password"));
    expect(byForm.body).toBe("carol");
    const before = await writeCounts(t);
    expectPleromaError(await pleroma("POST", "/users", { body: { nickname: "BOB", email: "other@example.org", password: "bob-password" } }), 409);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("lists users by nickname with the total matching, paged by page/page_size", async () => {
    for (const name of ["paged-1", "paged-2", "paged-3"]) await newUser(name, { tags: ["paged"] });
    const res = await pleroma("GET", "/users?tags[]=paged&page=2&page_size=2");
    const list = PleromaUserListSchema.parse(res.body);
    expect(list).toMatchObject({ page_size: 2, count: 3 });
    expect(list.users.map((u) => u.nickname)).toEqual(["paged-3"]);
    // `query` is a case-insensitive part of the nickname: only this test's users have this one.
    const first = await pleroma("GET", "/users?filters=local,active&query=PAGED");
    expect(first.body.page_size).toBe(50);
    expect(first.body.users.map((u: any) => u.nickname)).toEqual(["paged-1", "paged-2", "paged-3"]);
    expect((await pleroma("GET", "/users?filters=local,external")).body).toEqual({ page_size: 50, count: 0, users: [] });
  });

  it("400 for page=-1 or page_size=100000, nothing listed", async () => {
    expectPleromaError(await pleroma("GET", "/users?page=-1"), 400);
    expectPleromaError(await pleroma("GET", "/users?page_size=100000"), 400);
    expectPleromaError(await pleroma("GET", "/users?page_size=ten"), 400);
  });

  it("toggle_activation flips the status; a deactivated user cannot sign in anywhere", async () => {
    await newUser("dave", { password: "dave-password" });
    const token = await loginAs(t, "dave", "dave-password");
    const res = await pleroma("PATCH", "/users/dave/toggle_activation");
    expect(res.body).toMatchObject({ nickname: "dave", deactivated: true });
    // The session died with the deactivation, on every surface.
    expect((await t.api("GET", "/api/v1/auth/me", { token })).status).toBe(401);
    expect((await t.api("GET", "/admin_api/users", { token })).status).toBe(401);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "dave", password: "dave-password" } })).status).toBe(401);
    expect((await pleroma("PATCH", "/users/dave/toggle_activation")).body.deactivated).toBe(false);
  });

  it("PUT activation_status takes a boolean, as JSON or form text; 400 otherwise", async () => {
    await newUser("switched");
    expect((await pleroma("PUT", "/users/switched/activation_status", { body: { status: false } })).status).toBe(204);
    expect((await pleroma("GET", "/users/switched")).body.deactivated).toBe(true);
    expect((await pleroma("PUT", "/users/switched/activation_status", form("status=true"))).status).toBe(204);
    expect((await pleroma("GET", "/users/switched")).body.deactivated).toBe(false);
    expectPleromaError(await pleroma("PUT", "/users/switched/activation_status", { body: { status: "maybe" } }), 400);
  });

  it("DELETE /users takes the nickname from the query string or the body", async () => {
    await newUser("erin");
    await newUser("frank");
    expect((await pleroma("DELETE", "/users?nickname=erin")).body).toBe("erin");
    expect((await pleroma("DELETE", "/users", { body: { nickname: "frank" } })).body).toBe("frank");
    expectPleromaError(await pleroma("GET", "/users/erin"), 404);
    expectPleromaError(await pleroma("DELETE", "/users?nickname=erin"), 404);
  });

  it("remote accounts are named nickname@domain", async () => {
    await newUser("remy", { domain: "remote.example" });
    await newUser("remy-local");
    const res = await pleroma("GET", "/users/remy@remote.example");
    expect(res.body).toMatchObject({ nickname: "remy@remote.example", local: false });
    expectPleromaError(await pleroma("GET", "/users/remy@elsewhere.example"), 404);
    expectPleromaError(await pleroma("GET", "/users/remy"), 404);
    // Of this test's two users (both named `remy…`), only the remote one is external.
    const external = await pleroma("GET", "/users?filters=external&query=remy");
    expect(external.body.users.map((u: any) => u.nickname)).toEqual(["remy@remote.example"]);
  });
});

describe("permission groups", () => {
  it("reads, grants and revokes admin and moderator; 404 for another group", async () => {
    await newUser("promoted");
    expect(PleromaPermissionGroupsSchema.parse((await pleroma("GET", "/users/promoted/permission_group")).body)).toEqual({ is_moderator: false, is_admin: false });
    expect((await pleroma("POST", "/users/promoted/permission_group/moderator")).body).toEqual({ is_moderator: true });
    expect((await pleroma("GET", "/users/promoted/permission_group/moderator")).body).toEqual({ is_moderator: true, is_admin: false });
    expect((await pleroma("DELETE", "/users/promoted/permission_group/moderator")).body).toEqual({ is_moderator: false });
    expectPleromaError(await pleroma("POST", "/users/promoted/permission_group/owner"), 404, "No such permission_group");
    expectPleromaError(await pleroma("GET", "/users/promoted/permission_group/owner"), 404, "No such permission_group");
  });

  it("an admin cannot revoke their own admin status (403)", async () => {
    const before = await writeCounts(t);
    expectPleromaError(await pleroma("DELETE", `/users/${ADMIN.username}/permission_group/admin`), 403, "You can't revoke your own admin status.");
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("tags and follows", () => {
  it("PUT /users/tag tags users named by nicknames[] (form) or nickname; the tag filters in /api/v1", async () => {
    await newUser("tagged-by-name");
    for (const name of ["tagged-in-list-1", "tagged-in-list-2"]) await newUser(name, { tags: ["earlier"] });
    const res = await pleroma("PUT", "/users/tag", form("nicknames[]=tagged-in-list-1&nicknames[]=tagged-in-list-2&tags[]=verified"));
    expect(res.status).toBe(204);
    expect((await pleroma("PUT", "/users/tag", { body: { nickname: "tagged-by-name", tags: ["verified"] } })).status).toBe(204);
    const v1 = await t.api("GET", "/api/v1/users?tag=verified&sort=username");
    expect(v1.body.data.map((u: any) => u.username)).toEqual(["tagged-by-name", "tagged-in-list-1", "tagged-in-list-2"]);
    expect((await pleroma("DELETE", "/users/tag", { body: { nicknames: ["tagged-in-list-1"], tags: ["verified"] } })).status).toBe(204);
    expect((await pleroma("GET", "/users/tagged-in-list-1")).body.tags).toEqual(["earlier"]);
    expectPleromaError(await pleroma("PUT", "/users/tag", { body: { nicknames: ["nobody"], tags: ["x"] } }), 404);
  });

  it("follow and unfollow answer ok, seen in /api/v1", async () => {
    const follower = await newUser("follower");
    await newUser("followed");
    expect((await pleroma("POST", "/users/follow", { body: { follower: "follower", followed: "followed" } })).body).toBe("ok");
    const following = await t.api("GET", `/api/v1/users/${follower.id}/following`);
    expect(following.body.data.map((f: any) => f.username)).toEqual(["followed"]);
    expect((await pleroma("POST", "/users/unfollow", form("follower=follower&followed=followed"))).body).toBe("ok");
    expect((await t.api("GET", `/api/v1/users/${follower.id}/following`)).body.data).toEqual([]);
    expectPleromaError(await pleroma("POST", "/users/follow", { body: { follower: "follower", followed: "nobody" } }), 404);
  });
});

/** A day within an invite's longest life (a year), as `YYYY-MM-DD`. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("invites", () => {
  it("GET /users/invite_token answers a bare token; the invite is listed with its type", async () => {
    const oneTime = await pleroma("GET", "/users/invite_token");
    expect(typeof oneTime.body).toBe("string");
    const limited = await pleroma("GET", `/users/invite_token?invite[max_use]=3&invite[expires_at]=${inDays(30)}`);
    const list = await pleroma("GET", "/users/invites");
    const invites = list.body.invites.map((i: unknown) => PleromaInviteSchema.parse(i));
    expect(invites.find((i: any) => i.token === oneTime.body)).toMatchObject({ invite_type: "one_time", max_use: null, expires_at: null, used: false, uses: 0 });
    expect(invites.find((i: any) => i.token === limited.body)).toMatchObject({ invite_type: "reusable_date_limited", max_use: 3, expires_at: inDays(30) });
    const redeem = await t.api("POST", `/api/v1/invitations/${oneTime.body}`, { token: null, body: { username: "invited", password: "invited-password" } });
    expect(redeem.status).toBe(201);
  });

  it("revoke_invite by token answers the invite, used; 404 for an unknown token", async () => {
    const token = (await pleroma("GET", `/users/invite_token?invite[expires_at]=${inDays(2)}`)).body;
    const res = await pleroma("POST", "/users/revoke_invite", { body: { token } });
    expect(PleromaInviteSchema.parse(res.body)).toMatchObject({ token, used: true, invite_type: "date_limited" });
    expectPleromaError(await pleroma("POST", "/users/revoke_invite", { body: { token: "nope" } }), 404, "Not found");
  });

  it("400 for a past or impossible expiry date, nothing written", async () => {
    const before = await writeCounts(t);
    expectPleromaError(await pleroma("GET", "/users/invite_token?invite[expires_at]=2001-01-01"), 400);
    expectPleromaError(await pleroma("GET", "/users/invite_token?invite[expires_at]=2027-02-30"), 400);
    expectPleromaError(await pleroma("GET", "/users/invite_token?invite[max_use]=0"), 400);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("password_reset answers a token that resets the password", async () => {
    await newUser("forgetful", { password: "forgetful-password" });
    const token = (await pleroma("GET", "/users/forgetful/password_reset")).body;
    expect(typeof token).toBe("string");
    const redeem = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { password: "forgetful-new-password" } });
    expect(redeem.body).toMatchObject({ outcome: "password_reset", username: "forgetful" });
    expect(await loginAs(t, "forgetful", "forgetful-new-password")).toMatch(/^sts_/);
    expectPleromaError(await pleroma("GET", "/users/nobody/password_reset"), 404);
  });

  it("email_invite queues a registration invite in the outbox (204)", async () => {
    const res = await pleroma("POST", "/users/email_invite", { body: { email: "guest@example.org", name: "Guest" } });
    expect(res.status).toBe(204);
    const outbox = await t.api("GET", "/api/v1/outbox");
    expect(outbox.body.data.find((m: any) => m.to === "guest@example.org")).toMatchObject({ kind: "invite" });
    expectPleromaError(await pleroma("POST", "/users/email_invite", { body: { email: "not an address" } }), 400);
  });

  it("email_invite: a name with line breaks or a bidi override, as JSON or as a form, is a 400 naming it; nothing written", async () => {
    const injected = "Bob\n\nSecurity team: sign in at https://evil.example";
    const before = await writeCounts(t);
    for (const name of [injected, "Bob \u202Eelpmaxe.live", "   "]) {
      const json = await pleroma("POST", "/users/email_invite", { body: { email: "bob@example.org", name } });
      expectPleromaError(json, 400);
      expect(json.body.error).toContain("name");
      const asForm = await pleroma("POST", "/users/email_invite", form(`email=bob%40example.org&name=${encodeURIComponent(name)}`));
      expectPleromaError(asForm, 400);
      expect(asForm.body.error).toContain("name");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await pleroma("POST", "/users/email_invite", form("email=bob%40example.org&name=Bob%20(evil.example)"))).status).toBe(204);
  });
});

describe("relays", () => {
  it("follow, list, unfollow by URL; 404 for one not followed", async () => {
    const url = "https://relay.example/actor";
    expect((await pleroma("POST", "/relay", { body: { relay_url: url } })).body).toBe(url);
    expect((await pleroma("GET", "/relay")).body).toEqual({ relays: [url] });
    expect((await pleroma("DELETE", "/relay", form(`relay_url=${encodeURIComponent(url)}`))).body).toBe(url);
    expectPleromaError(await pleroma("DELETE", "/relay", { body: { relay_url: url } }), 404);
    expectPleromaError(await pleroma("POST", "/relay", { body: { relay_url: "ftp://relay.example" } }), 400);
  });
});

describe("bodies Pleroma's clients send, and broken ones", () => {
  it("malformed JSON, a non-object body, a multipart body and a wrongly typed form field: 4xx, nothing written", async () => {
    await newUser("form-target");
    const before = await writeCounts(t);
    const json = { "content-type": "application/json" };
    expectPleromaError(await pleroma("POST", "/users", { rawBody: '{"nickname": "x",', headers: json }), 400);
    expectPleromaError(await pleroma("POST", "/users", { rawBody: '"just a string"', headers: json }), 400);
    expectPleromaError(await pleroma("POST", "/users", { rawBody: "--x\r\n\r\n--x--", headers: { "content-type": "multipart/form-data; boundary=x" } }), 415);
    expectPleromaError(await pleroma("PUT", "/users/form-target/activation_status", form("status=perhaps")), 400);
    expectPleromaError(await pleroma("POST", "/users", form(`nickname=big&email=big%40example.org&password=${"p".repeat(200_000)}`)), 413);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("the body wins over the query string, as in Pleroma", async () => {
    await newUser("query-loser");
    await newUser("body-winner");
    expect((await pleroma("DELETE", "/users?nickname=query-loser", { body: { nickname: "body-winner" } })).body).toBe("body-winner");
    expect((await pleroma("GET", "/users/query-loser")).status).toBe(200);
  });

  it("serves its OpenAPI document at <base>/openapi.json, each route saying it is for admins", async () => {
    const res = await pleroma("GET", "/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect(res.body.servers).toEqual([{ url: PLEROMA_PREFIX }]);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/users", "/users/{nickname}/permission_group/{permission_group}", "/users/invite_token", "/relay"]));
    expect(res.body.paths["/users/{nickname}"].get["x-role"]).toBe("admin");
  });
});

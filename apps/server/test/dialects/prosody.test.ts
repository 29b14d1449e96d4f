import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ProsodyErrorSchema,
  ProsodyGroupSchema,
  ProsodyInviteSchema,
  ProsodyServerInfoSchema,
  ProsodyUserDebugSchema,
  ProsodyUserSchema,
} from "@steward/contracts";
import { loadConfig } from "../../src/index.ts";
import { apiKeyWith, createUser, loginAs, startTestServer, writeCounts, type ApiResponse, type RequestOptions, type TestServer } from "../harness.ts";

let t: TestServer;
let alice: any;
const prosody = (method: string, path: string, options?: RequestOptions) => t.api(method, `/admin_api${path}`, options);

beforeAll(async () => {
  t = await startTestServer();
  alice = await createUser(t, { username: "alice", password: "alice-password", email: "alice@example.org" });
});
afterAll(() => t?.close());

function expectProsodyError(res: ApiResponse, status: number, error?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  const body = ProsodyErrorSchema.parse(res.body);
  if (error) expect(body.error).toBe(error);
}

async function newGroup(name: string): Promise<string> {
  const res = await prosody("POST", "/groups", { body: { name, create_muc: false } });
  expect(res.status).toBe(200);
  return res.body.id;
}

describe("authentication and permissions", () => {
  it("401 without a token, with Prosody's realm", async () => {
    const res = await prosody("GET", "/users", { token: null });
    expectProsodyError(res, 401, "not-authorized");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="localhost/http_admin_api"');
  });

  it("401 with an unknown token", async () => {
    expectProsodyError(await prosody("GET", "/users", { token: "stk_nope" }), 401);
  });

  it("403 for a key without the route's permission; the permission opens it", async () => {
    const groupsOnly = await apiKeyWith(t, ["groups:read"]);
    expectProsodyError(await prosody("GET", "/users", { token: groupsOnly }), 403, "forbidden");
    const usersReader = await apiKeyWith(t, ["users:read"]);
    expect((await prosody("GET", "/users", { token: usersReader })).status).toBe(200);
  });

  it("an unknown path is Prosody's 404", async () => {
    expectProsodyError(await prosody("GET", "/nothing-here"), 404, "item-not-found");
  });
});

describe("users", () => {
  it("GET /users lists users as Prosody does", async () => {
    const res = await prosody("GET", "/users");
    expect(res.status).toBe(200);
    const users = res.body.map((u: unknown) => ProsodyUserSchema.parse(u));
    expect(users.find((u: any) => u.username === "admin")).toMatchObject({ role: "prosody:admin", enabled: true });
    expect(users.find((u: any) => u.username === "alice")).toMatchObject({ role: "prosody:member", email: "alice@example.org", groups: [] });
  });

  it("GET /users/{username}; 404 for an unknown one", async () => {
    const res = await prosody("GET", "/users/alice");
    expect(ProsodyUserSchema.parse(res.body).username).toBe("alice");
    expectProsodyError(await prosody("GET", "/users/nobody"), 404, "user-not-found");
  });

  it("PUT /users/{username} changes display_name, email and phone, seen through /api/v1", async () => {
    const res = await prosody("PUT", "/users/alice", { body: { username: "alice", display_name: "Alice A.", phone: "+41 00 000", role: "prosody:member" } });
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    const v1 = await t.api("GET", `/api/v1/users/${alice.id}`);
    expect(v1.body).toMatchObject({ displayName: "Alice A.", phone: "+41 00 000", email: "alice@example.org" });
    const audit = await t.api("GET", `/api/v1/audit-events?targetId=${alice.id}&dialect=prosody`);
    expect(audit.body.data[0]).toMatchObject({ action: "user.update", dialect: "prosody" });
  });

  it("PUT /users/{username} with groups makes them exactly the user's groups", async () => {
    const one = await newGroup("PUT one");
    const two = await newGroup("PUT two");
    expect((await prosody("PUT", "/users/alice", { body: { groups: [one, two] } })).status).toBe(200);
    expect((await prosody("GET", "/users/alice/groups")).body.sort()).toEqual([one, two].sort());
    expect((await prosody("PUT", "/users/alice", { body: { groups: [two] } })).status).toBe(200);
    expect((await prosody("GET", "/users/alice/groups")).body).toEqual([two]);
    expect((await prosody("PUT", "/users/alice", { body: { groups: [] } })).status).toBe(200);
    expect((await prosody("GET", "/users/alice/groups")).body).toEqual([]);
  });

  it("PUT /users/{username} refuses bad bodies with 400 and writes nothing", async () => {
    const before = await writeCounts(t);
    const name = (await t.api("GET", `/api/v1/users/${alice.id}`)).body.displayName;
    expectProsodyError(await prosody("PUT", "/users/alice", { body: { display_name: 5 } }), 400, "bad-request");
    expectProsodyError(await prosody("PUT", "/users/alice", { body: { username: "bob" } }), 400, "bad-request");
    expectProsodyError(await prosody("PUT", "/users/alice", { body: { display_name: "x".repeat(10_000) } }), 400);
    expectProsodyError(await prosody("PUT", "/users/alice", { rawBody: "{not json", headers: { "content-type": "application/json" } }), 400);
    // The document sends bodies as `*/*`: JSON is read whatever the declared type.
    expectProsodyError(await prosody("PUT", "/users/alice", { rawBody: "{not json", headers: { "content-type": "text/plain" } }), 400);
    // A group that does not exist: 404, and the display name given with it is not written either.
    expectProsodyError(await prosody("PUT", "/users/alice", { body: { display_name: "Changed", groups: ["A1yKgbGtUB6w"] } }), 404, "group-not-found");
    expectProsodyError(
      await prosody("PUT", "/users/alice", { body: { display_name: "Changed", groups: ["00000000-0000-4000-8000-000000000000"] } }),
      404,
      "group-not-found",
    );
    expect((await t.api("GET", `/api/v1/users/${alice.id}`)).body.displayName).toBe(name);
    expectProsodyError(await prosody("PUT", "/users/nobody", { body: { display_name: "x" } }), 404, "user-not-found");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("DELETE /users/{username} deletes the account; 404 for an unknown one", async () => {
    const bob = await createUser(t, { username: "bob-to-delete" });
    const res = await prosody("DELETE", "/users/bob-to-delete");
    expect(res.status).toBe(200);
    expect((await t.api("GET", `/api/v1/users/${bob.id}`)).status).toBe(404);
    expectProsodyError(await prosody("DELETE", "/users/bob-to-delete"), 404, "user-not-found");
  });

  it("GET /users/{username}/debug lists the user's live sessions", async () => {
    await createUser(t, { username: "dana", password: "dana-password" });
    await loginAs(t, "dana", "dana-password");
    const res = await prosody("GET", "/users/dana/debug");
    const debug = ProsodyUserDebugSchema.parse(res.body);
    expect(debug.sessions).toHaveLength(1);
    expect(debug.sessions[0]!.full_jid).toMatch(/^dana@localhost\/[0-9a-f-]{36}$/);
    expect(debug.sessions[0]!.ip).toBeTruthy();
    expect(Math.abs(debug.sessions[0]!.since - Date.now() / 1000)).toBeLessThan(120);
    expectProsodyError(await prosody("GET", "/users/nobody/debug"), 404, "user-not-found");
  });
});

describe("invites", () => {
  it("POST /invites/account: a register invite bound to a username, with a landing page that redeems it", async () => {
    const res = await prosody("POST", "/invites/account", { body: { username: "carol", ttl: 3600 } });
    expect(res.status).toBe(200);
    const invite = ProsodyInviteSchema.parse(res.body);
    expect(invite).toMatchObject({ type: "register", reusable: false, jid: "carol@localhost", source: "admin_api/admin", reset: false, inviter: "admin@localhost" });
    expect(invite.uri).toBe(`xmpp:carol@localhost?register;preauth=${invite.token}`);
    expect(invite.landing_page).toBe(`http://localhost:3000/invite/${invite.token}`);
    expect(invite.expires! - invite.created_at).toBe(3600);
    // The link's token redeems the invite on the public API the landing page uses.
    const redeemed = await t.api("POST", `/api/v1/invitations/${invite.token}`, { token: null, body: { username: "carol", password: "carol-password" } });
    expect(redeemed.status).toBe(201);
    expect(await loginAs(t, "carol", "carol-password")).toMatch(/^sts_/);
  });

  it("POST /invites/account without a body gives an open register invite", async () => {
    const res = await prosody("POST", "/invites/account");
    expect(res.status).toBe(200);
    expect(ProsodyInviteSchema.parse(res.body)).toMatchObject({ jid: "localhost", reusable: false });
  });

  it("POST /invites/account refuses a ttl given as a string, malformed JSON and unknown groups, writing nothing", async () => {
    const before = await writeCounts(t);
    expectProsodyError(await prosody("POST", "/invites/account", { body: { ttl: "3600" } }), 400, "bad-request");
    expectProsodyError(await prosody("POST", "/invites/account", { body: { ttl: -5 } }), 400);
    expectProsodyError(await prosody("POST", "/invites/account", { body: { username: "y".repeat(5000) } }), 400);
    expectProsodyError(await prosody("POST", "/invites/account", { rawBody: "[1,", headers: { "content-type": "application/json" } }), 400);
    expectProsodyError(await prosody("POST", "/invites/account", { body: { groups: ["00000000-0000-4000-8000-000000000000"] } }), 404, "group-not-found");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("POST /invites/group makes the group from group_options (with a room), reusable, valid until revoked", async () => {
    const res = await prosody("POST", "/invites/group", { body: { group_options: { name: "Book club", create_muc: true } } });
    const invite = ProsodyInviteSchema.parse(res.body);
    expect(invite).toMatchObject({ reusable: true, jid: "localhost" });
    expect(invite).not.toHaveProperty("expires");
    expect(invite.groups).toHaveLength(1);
    const group = await t.api("GET", `/api/v1/groups/${invite.groups[0]}`);
    expect(group.body).toMatchObject({ name: "Book club", mucJid: `${invite.groups[0]}@groups.localhost` });
  });

  it("POST /invites/group joins the groups given", async () => {
    const id = await newGroup("Existing");
    const res = await prosody("POST", "/invites/group", { body: { groups: [id], ttl: 600 } });
    expect(ProsodyInviteSchema.parse(res.body)).toMatchObject({ groups: [id] });
  });

  it("POST /invites/reset: 24 hours by default, bound to the account; 404 for an unknown user", async () => {
    const res = await prosody("POST", "/invites/reset", { body: { username: "alice" } });
    const invite = ProsodyInviteSchema.parse(res.body);
    expect(invite).toMatchObject({ reset: true, jid: "alice@localhost" });
    expect(invite.expires! - invite.created_at).toBe(86_400);
    expect(invite.landing_page).toBe(`http://localhost:3000/reset/${invite.token}`);
    expectProsodyError(await prosody("POST", "/invites/reset", { body: { username: "ghost" } }), 404, "user-not-found");
    expectProsodyError(await prosody("POST", "/invites/reset", { body: {} }), 400);
  });

  it("GET /invites lists pending invites; GET and DELETE /invites/{id}; 404s", async () => {
    const made = (await prosody("POST", "/invites/account", { body: { ttl: 600 } })).body;
    const list = await prosody("GET", "/invites");
    expect(list.status).toBe(200);
    list.body.forEach((invite: unknown) => ProsodyInviteSchema.parse(invite));
    expect(list.body.map((i: any) => i.id)).toContain(made.id);
    expect(ProsodyInviteSchema.parse((await prosody("GET", `/invites/${made.id}`)).body).token).toBe(made.token);
    expect((await prosody("DELETE", `/invites/${made.id}`)).status).toBe(200);
    expect((await prosody("GET", "/invites")).body.map((i: any) => i.id)).not.toContain(made.id);
    expect((await t.api("GET", `/api/v1/invites/${made.id}`)).body.state).toBe("revoked");
    // Once deleted, Prosody no longer finds it.
    expectProsodyError(await prosody("GET", `/invites/${made.id}`), 404, "item-not-found");
    expectProsodyError(await prosody("DELETE", `/invites/${made.id}`), 404, "item-not-found");
    expectProsodyError(await prosody("GET", "/invites/Co78NFOn1gZifkuKGcuOx5Up"), 404, "item-not-found");
    expectProsodyError(await prosody("DELETE", "/invites/00000000-0000-4000-8000-000000000000"), 404);
  });

  it("an invite made through /api/v1 is seen through /admin_api", async () => {
    const made = await t.api("POST", "/api/v1/invites", { body: { kind: "register", ttlSeconds: 600 } });
    expect(made.status).toBe(201);
    expect(ProsodyInviteSchema.parse((await prosody("GET", `/invites/${made.body.id}`)).body)).toMatchObject({ id: made.body.id, token: made.body.token });
  });
});

describe("groups", () => {
  it("POST, GET, list, members and DELETE, seen through /api/v1", async () => {
    const created = await prosody("POST", "/groups", { body: { name: "Team A", create_muc: false } });
    const group = ProsodyGroupSchema.parse(created.body);
    expect(group).toMatchObject({ name: "Team A", muc_jid: null });
    expect(ProsodyGroupSchema.parse((await prosody("GET", `/groups/${group.id}`)).body)).toEqual(group);
    expect((await prosody("GET", "/groups")).body.map((g: any) => g.id)).toContain(group.id);
    expect((await t.api("GET", `/api/v1/groups/${group.id}`)).body.name).toBe("Team A");

    const added = await prosody("PUT", `/groups/${group.id}/members/alice`);
    expect(added.status).toBe(204);
    expect((await t.api("GET", `/api/v1/users/${alice.id}`)).body.groups.map((g: any) => g.id)).toContain(group.id);
    expect((await prosody("GET", "/users/alice")).body.groups).toContain(group.id);

    expect((await prosody("DELETE", `/groups/${group.id}/members/alice`)).status).toBe(204);
    expect((await prosody("GET", "/users/alice/groups")).body).not.toContain(group.id);

    await prosody("PUT", `/groups/${group.id}/members/alice`);
    expect((await prosody("DELETE", `/groups/${group.id}`)).status).toBe(204);
    expect((await t.api("GET", `/api/v1/groups/${group.id}`)).status).toBe(404);
    expect((await t.api("GET", `/api/v1/users/${alice.id}`)).status).toBe(200);

    const audit = await t.api("GET", `/api/v1/audit-events?targetId=${group.id}&dialect=prosody`);
    expect(audit.body.data.map((e: any) => e.action)).toEqual(expect.arrayContaining(["group.create", "group.member.add", "group.delete"]));
  });

  it("a group made through /api/v1 is seen through /admin_api", async () => {
    const made = await t.api("POST", "/api/v1/groups", { body: { name: "From v1", createMuc: true } });
    expect(ProsodyGroupSchema.parse((await prosody("GET", `/groups/${made.body.id}`)).body)).toEqual({
      id: made.body.id,
      name: "From v1",
      muc_jid: `${made.body.id}@groups.localhost`,
    });
  });

  it("404 for an unknown group or user, where real Prosody answers 500 for a user; 400 for a bad body", async () => {
    const id = await newGroup("Errors");
    const before = await writeCounts(t);
    expectProsodyError(await prosody("GET", "/groups/A1yKgbGtUB6w"), 404, "group-not-found");
    expectProsodyError(await prosody("PUT", `/groups/${id}/members/nobody`), 404, "user-not-found");
    expectProsodyError(await prosody("PUT", "/groups/00000000-0000-4000-8000-000000000000/members/alice"), 404, "group-not-found");
    expectProsodyError(await prosody("DELETE", "/groups/00000000-0000-4000-8000-000000000000"), 404, "group-not-found");
    expectProsodyError(await prosody("POST", "/groups", { body: { create_muc: true } }), 400);
    expectProsodyError(await prosody("POST", "/groups", { body: { name: "x", create_muc: "yes" } }), 400);
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("server", () => {
  it("GET /server/info gives the site name and version", async () => {
    const res = await prosody("GET", "/server/info");
    expect(ProsodyServerInfoSchema.parse(res.body)).toEqual({ site_name: "Steward", version: expect.any(String) });
  });

  it("serves its OpenAPI document at <base>/openapi.json", async () => {
    const res = await prosody("GET", "/openapi.json", { token: null });
    expect(res.status).toBe(200);
    expect(res.body.servers).toEqual([{ url: "/admin_api" }]);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/users/{username}", "/invites/reset", "/groups/{id}/members/{username}"]));
  });
});

describe("mounting", () => {
  // Raw requests: on these servers /admin_api is not Prosody's, so the contract check of the harness does not apply.
  const get = async (server: TestServer, path: string) => {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${server.adminToken}` } });
    return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
  };

  it("moves to STEWARD_PROSODY_PATH, and STEWARD_DIALECTS=none switches it off", async () => {
    const moved = await startTestServer({ STEWARD_PROSODY_PATH: "/xmpp-admin", STEWARD_SITE_NAME: "Chat Co" });
    try {
      expect(await get(moved, "/xmpp-admin/server/info")).toMatchObject({ status: 200, body: { site_name: "Chat Co" } });
      expect((await get(moved, "/admin_api/server/info")).status).toBe(404);
    } finally {
      await moved.close();
    }
    const off = await startTestServer({ STEWARD_DIALECTS: "none" });
    try {
      const res = await get(off, "/admin_api/server/info");
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/problem\+json/);
    } finally {
      await off.close();
    }
  });

  it("refuses, at start-up, an unknown dialect name or a base path under /api/v1", () => {
    expect(() => loadConfig({ STEWARD_DIALECTS: "prosody,xmpp" })).toThrow(/STEWARD_DIALECTS/);
    expect(() => loadConfig({ STEWARD_PROSODY_PATH: "/api/v1/prosody" })).toThrow(/STEWARD_PROSODY_PATH/);
    expect(() => loadConfig({ STEWARD_PROSODY_PATH: "/admin_api/" })).toThrow(/STEWARD_PROSODY_PATH/);
    expect(loadConfig({ STEWARD_DIALECTS: "none" }).dialects.enabled).toEqual([]);
    expect(loadConfig({}).dialects.enabled).toEqual([
      { name: "prosody", basePath: "/admin_api" },
      { name: "pleroma", basePath: "/api/pleroma/admin" },
      { name: "pterodactyl", basePath: "/api/application" },
      { name: "pryv-early", basePath: "/pryv" },
      { name: "pryv", basePath: "/pryv" },
    ]);
    expect(loadConfig({ STEWARD_DIALECTS: "pleroma", STEWARD_PLEROMA_PATH: "/pleroma" }).dialects.enabled).toEqual([{ name: "pleroma", basePath: "/pleroma" }]);
  });
});

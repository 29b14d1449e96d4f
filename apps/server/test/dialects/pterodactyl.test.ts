import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PterodactylCreatedUserSchema, PterodactylUserListSchema, PterodactylUserSchema } from "@steward/contracts";
import { apiKeyWith, createUser, startTestServer, writeCounts, type RequestOptions, type TestServer } from "../harness.ts";
import { PTERODACTYL_PREFIX, expectPterodactylError } from "../support/contract-check.ts";

let t: TestServer;
let key: string;
let alice: any;
const ptero = (method: string, path: string, options: RequestOptions = {}) =>
  t.api(method, `${PTERODACTYL_PREFIX}${path}`, { token: key, ...options, headers: { accept: "Application/vnd.pterodactyl.v1+json", ...options.headers } });

beforeAll(async () => {
  t = await startTestServer();
  key = await apiKeyWith(t, ["users:read", "users:create", "users:update", "users:delete"]);
  alice = await createUser(t, { username: "alice", email: "alice@example.org", firstName: "Alice", lastName: "Able", externalId: "ext-alice" });
});
afterAll(() => t?.close());

const newUser = (name: string, extra: Record<string, unknown> = {}) => ({ email: `${name}@example.org`, username: name, first_name: "First", last_name: "Last", ...extra });

describe("authentication", () => {
  it("401 `Unauthenticated.` without a key; 403 for a key lacking the permission", async () => {
    expectPterodactylError(await ptero("GET", "/users", { token: null }), 401, "AuthenticationException");
    const groupsOnly = await apiKeyWith(t, ["groups:read"]);
    expectPterodactylError(await ptero("GET", "/users", { token: groupsOnly }), 403, "AccessDeniedHttpException");
  });

  it("an unknown path is the Panel's 404", async () => {
    expectPterodactylError(await ptero("GET", "/nests"), 404, "NotFoundHttpException");
  });
});

describe("users", () => {
  it("GET /users/:id by number, in the Panel's envelope and time format; 404 for none or a non-number", async () => {
    const res = await ptero("GET", `/users/${alice.numericId}`);
    expect(PterodactylUserSchema.parse(res.body)).toEqual({
      object: "user",
      attributes: {
        id: alice.numericId,
        external_id: "ext-alice",
        uuid: alice.id,
        username: "alice",
        email: "alice@example.org",
        first_name: "Alice",
        last_name: "Able",
        language: "en",
        root_admin: false,
        "2fa": false,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/),
        updated_at: expect.stringMatching(/\+00:00$/),
      },
    });
    expectPterodactylError(await ptero("GET", "/users/999999"), 404, "NotFoundHttpException");
    expectPterodactylError(await ptero("GET", "/users/nil"), 404, "NotFoundHttpException");
  });

  it("GET /users/external/:external_id; 404 for an unknown one", async () => {
    expect((await ptero("GET", "/users/external/ext-alice")).body.attributes.uuid).toBe(alice.id);
    expectPterodactylError(await ptero("GET", "/users/external/nobody"), 404);
  });

  it("POST /users: 201 with the user and its URL; the username stored in lower case; root_admin grants admin", async () => {
    // Granting the admin role takes holding all it grants: the operator's session here; a users-only key is refused.
    expectPterodactylError(await ptero("POST", "/users", { body: newUser("bob.key", { root_admin: true }) }), 403, "AccessDeniedHttpException");
    const res = await ptero("POST", "/users", { token: t.adminToken, body: newUser("Bob.Smith", { root_admin: true, external_id: "" }) });
    expect(res.status).toBe(201);
    const created = PterodactylCreatedUserSchema.parse(res.body);
    expect(created.attributes).toMatchObject({ username: "bob.smith", root_admin: true, external_id: null, language: "en" });
    expect(created.meta.resource).toMatch(new RegExp(`/api/application/users/${created.attributes.id}$`));
    const v1 = await t.api("GET", `/api/v1/users/${created.attributes.uuid}`);
    expect(v1.body.roles).toContain("admin");
  });

  it("POST /users without a password mails a link to choose one (as the Panel), which sets it; with one, no mail", async () => {
    const made = (await ptero("POST", "/users", { body: newUser("erin") })).body.attributes;
    const outbox = (await t.api("GET", "/api/v1/outbox?limit=200")).body.data;
    const listed = outbox.find((m: any) => m.to === "erin@example.org");
    const mail = (await t.api("GET", `/api/v1/outbox/${listed.id}`)).body;
    expect(mail).toMatchObject({ kind: "account_setup", status: "pending" });
    const token = /\/reset\/(sti_[A-Za-z0-9_-]+)/.exec(mail.body.text)?.[1];
    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { password: "erin-first-password" } });
    expect(redeemed.body).toEqual({ outcome: "password_reset", username: made.username });
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "erin", password: "erin-first-password" } })).status).toBe(200);
    await ptero("POST", "/users", { body: newUser("frank", { password: "frank-password" }) });
    expect((await t.api("GET", "/api/v1/outbox?limit=200")).body.data.some((m: any) => m.to === "frank@example.org")).toBe(false);
  });

  it("422 with one error per failing field, with the field and the rule; nothing written", async () => {
    const before = await writeCounts(t);
    const res = await ptero("POST", "/users", { body: { email: "not-an-email", username: "x", last_name: "" } });
    expect(res.status).toBe(422);
    const rules = Object.fromEntries(res.body.errors.map((e: any) => [e.meta.source_field, e.meta.rule]));
    expect(rules).toEqual({ email: "email", username: "p_username", first_name: "required", last_name: "between" });
    for (const error of res.body.errors) expect(error).toMatchObject({ code: "ValidationException", status: "422" });
    const taken = await ptero("POST", "/users", { body: newUser("alice") });
    expect(taken.status).toBe(422);
    expect(taken.body.errors[0]).toMatchObject({ meta: { source_field: "username", rule: "unique" }, detail: "The username has already been taken." });
    expect(await writeCounts(t)).toEqual(before);
  });

  it("PATCH /users/:id changes the fields; a blank password changes nothing; root_admin false revokes", async () => {
    const admin = { token: t.adminToken };
    const made = (await ptero("POST", "/users", { ...admin, body: newUser("carol", { password: "carol-password", root_admin: true }) })).body.attributes;
    const res = await ptero("PATCH", `/users/${made.id}`, { ...admin, body: newUser("carol", { first_name: "Changed", password: "", external_id: null, root_admin: false }) });
    expect(res.status).toBe(200);
    expect(res.body.attributes).toMatchObject({ first_name: "Changed", root_admin: false });
    // The password still signs in: the blank one did not replace it.
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "carol", password: "carol-password" } })).status).toBe(200);
    expectPterodactylError(await ptero("PATCH", "/users/999999", { body: newUser("nobody") }), 404);
    const missing = await ptero("PATCH", `/users/${made.id}`, { body: { email: "carol@example.org" } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: any) => e.meta.source_field).sort()).toEqual(["first_name", "last_name", "username"]);
  });

  it("a password shorter than the platform's policy: 422 with Laravel's `min` rule on POST and PATCH, nothing written (the rule of every surface)", async () => {
    const before = await writeCounts(t);
    for (const res of [
      await ptero("POST", "/users", { body: newUser("shorty", { password: "1" }) }),
      await ptero("PATCH", `/users/${alice.numericId}`, { body: newUser("alice", { password: "1234567" }) }),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.errors).toEqual([
        { code: "ValidationException", status: "422", detail: "The password must be at least 8 characters.", meta: { source_field: "password", rule: "min" } },
      ]);
    }
    expect(await writeCounts(t)).toEqual(before);
  });

  it("DELETE /users/:id: 204, then 404", async () => {
    const made = (await ptero("POST", "/users", { body: newUser("dave") })).body.attributes;
    const res = await ptero("DELETE", `/users/${made.id}`);
    expect(res.status).toBe(204);
    expectPterodactylError(await ptero("DELETE", `/users/${made.id}`), 404);
  });
});

describe("listing", () => {
  it("pages by number with the Panel's pagination meta and links; past the end is an empty page", async () => {
    for (let i = 0; i < 5; i++) await createUser(t, { username: `list-${i}`, email: `list-${i}@example.org` });
    const all = (await ptero("GET", "/users?per_page=1000")).body.meta.pagination.total;
    const res = await ptero("GET", "/users?page=2&per_page=2");
    const list = PterodactylUserListSchema.parse(res.body);
    expect(list.meta.pagination).toMatchObject({ total: all, count: 2, per_page: 2, current_page: 2, total_pages: Math.ceil(all / 2) });
    expect(list.meta.pagination.links.previous).toMatch(/\/api\/application\/users\?page=1$/);
    expect(list.meta.pagination.links.next).toMatch(/\/api\/application\/users\?page=3$/);
    // By number, ascending.
    const ids = list.data.map((u) => u.attributes.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const past = await ptero("GET", "/users?page=999");
    expect(past.body.data).toEqual([]);
    expect(past.body.meta.pagination).toMatchObject({ count: 0, current_page: 999, links: { previous: expect.any(String) } });
    expect((await ptero("GET", "/users?page=abc")).body.meta.pagination.current_page).toBe(1);
  });

  it("filters by part of the email or username, any case, and exactly by external id and uuid; sorts by id or uuid", async () => {
    const byEmail = await ptero("GET", "/users?filter[email]=LIST-3@EXAMPLE");
    expect(byEmail.body.data.map((u: any) => u.attributes.username)).toEqual(["list-3"]);
    const byName = await ptero("GET", "/users?filter[username]=list-&per_page=10");
    expect(byName.body.meta.pagination.total).toBe(5);
    expect((await ptero("GET", "/users?filter[external_id]=ext-alice")).body.data[0].attributes.username).toBe("alice");
    expect((await ptero("GET", `/users?filter[uuid]=${alice.id}`)).body.data[0].attributes.username).toBe("alice");
    expect((await ptero("GET", "/users?filter[uuid]=not-a-uuid")).body.data).toEqual([]);
    const desc = (await ptero("GET", "/users?sort=-id")).body.data.map((u: any) => u.attributes.id);
    expect(desc).toEqual([...desc].sort((a: number, b: number) => b - a));
    const byUuid = (await ptero("GET", "/users?sort=uuid")).body.data.map((u: any) => u.attributes.uuid);
    expect(byUuid).toEqual([...byUuid].sort());
  });

  it("400 for a filter or sort the Panel does not allow", async () => {
    expectPterodactylError(await ptero("GET", "/users?filter[name]=x"), 400, "InvalidFilterQuery");
    expectPterodactylError(await ptero("GET", "/users?sort=name"), 400, "InvalidSortQuery");
  });
});

describe("attached resources as the Panel's servers", () => {
  it("include=servers lists them; they block deletion (400 DisplayException) until detached; GET /servers lists the servers", async () => {
    const owner = await createUser(t, { username: "owner", email: "owner@example.org", firstName: "O", lastName: "W" });
    const attached = await t.api("POST", `/api/v1/users/${owner.id}/resources`, { body: { kind: "server", externalId: "srv-1", name: "Minecraft" } });
    expect(attached.status).toBe(201);
    const withServers = await ptero("GET", `/users/${owner.numericId}?include=servers`);
    expect(withServers.body.attributes.relationships.servers).toEqual({
      object: "list",
      data: [
        {
          object: "server",
          attributes: {
            uuid: attached.body.id,
            identifier: attached.body.id.slice(0, 8),
            external_id: "srv-1",
            name: "Minecraft",
            kind: "server",
            created_at: expect.stringMatching(/\+00:00$/),
          },
        },
      ],
    });
    expect((await ptero("GET", `/users/${owner.numericId}`)).body.attributes.relationships).toBeUndefined();
    const listed = await ptero("GET", "/users?filter[username]=owner&include=servers");
    expect(listed.body.data[0].attributes.relationships.servers.data).toHaveLength(1);
    const servers = await ptero("GET", "/servers?page=1&per_page=75");
    expect(servers.body.data.map((s: any) => s.attributes.external_id)).toEqual(["srv-1"]);
    expect(servers.body.meta.pagination).toMatchObject({ total: 1, per_page: 75 });

    const before = await writeCounts(t);
    const refused = await ptero("DELETE", `/users/${owner.numericId}`);
    expectPterodactylError(refused, 400, "DisplayException");
    expect(refused.body.errors[0].detail).toMatch(/^Cannot delete a user with active servers/);
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("DELETE", `/api/v1/users/${owner.id}/resources/${attached.body.id}`)).status).toBe(204);
    expect((await ptero("DELETE", `/users/${owner.numericId}`)).status).toBe(204);
  });
});

describe("one user, every surface", () => {
  it("a user created here is seen through /api/v1, Prosody and Pleroma", async () => {
    const made = (await ptero("POST", "/users", { body: newUser("everywhere") })).body.attributes;
    expect((await t.api("GET", `/api/v1/users/${made.uuid}`)).body).toMatchObject({ username: "everywhere", numericId: made.id });
    expect((await t.api("GET", "/admin_api/users/everywhere")).body).toMatchObject({ username: "everywhere", email: "everywhere@example.org" });
    expect((await t.api("GET", "/api/pleroma/admin/users/everywhere")).body).toMatchObject({ nickname: "everywhere", id: made.id });
  });
});

describe("STEWARD_PTERODACTYL_PASSWORD_MIN_LENGTH: the Panel's short passwords, only where a named setting says so", () => {
  let panel: TestServer;
  beforeAll(async () => {
    panel = await startTestServer({ STEWARD_PTERODACTYL_PASSWORD_MIN_LENGTH: "1" });
  });
  afterAll(() => panel?.close());

  it("a 1-character password is taken through Pterodactyl, and still refused through /api/v1", async () => {
    const made = await panel.api("POST", `${PTERODACTYL_PREFIX}/users`, { body: newUser("tiny", { password: "1" }) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await panel.api("POST", "/api/v1/auth/login", { token: null, body: { username: "tiny", password: "1" } })).status).toBe(200);
    const v1 = await panel.api("PATCH", `/api/v1/users/${made.body.attributes.uuid}`, { body: { password: "2" } });
    expect(v1.status).toBe(422);
    expect(v1.body.reason).toBe("weak_password");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

const lastAudit = async (targetId: string) => (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&limit=1`)).body.data[0];

describe("creating and reading users", () => {
  it("creates a user and answers 201 with the user, an ETag and a Location", async () => {
    const res = await t.api("POST", "/api/v1/users", {
      body: { username: "Linus", email: "linus@example.org", firstName: "Linus", lastName: "T", tags: ["kernel", "fi"], roles: ["moderator"] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: "Linus",
      email: "linus@example.org",
      local: true,
      status: "active",
      tags: ["fi", "kernel"],
      roles: ["moderator"],
    });
    expect(res.body.numericId).toBeTypeOf("number");
    expect(res.headers.get("etag")).toBe('"v1"');
    expect(res.headers.get("location")).toBe(`/api/v1/users/${res.body.id}`);
    const audit = await lastAudit(res.body.id);
    expect(audit).toMatchObject({ action: "user.create", actor: { type: "user", label: "admin" }, dialect: "v1", ip: expect.any(String) });
    expect(audit.after.username).toBe("Linus");
  });

  it("never returns or audits the password", async () => {
    const res = await t.api("POST", "/api/v1/users", { body: { username: "secretive", password: "hunter2-hunter2" } });
    expect(JSON.stringify(res.body)).not.toContain("hunter2");
    expect(JSON.stringify(await lastAudit(res.body.id))).not.toContain("hunter2");
  });

  it("refuses a username taken in another case with 409", async () => {
    await createUser(t, { username: "grace" });
    const res = await t.api("POST", "/api/v1/users", { body: { username: "GRACE" } });
    expectProblem(res, 409, "conflict");
    expect(res.body.errors[0].path).toBe("body.username");
  });

  it("refuses a taken email or external id with 409", async () => {
    await createUser(t, { username: "e1", email: "same@example.org", externalId: "ext-1" });
    expectProblem(await t.api("POST", "/api/v1/users", { body: { username: "e2", email: "SAME@example.org" } }), 409);
    expectProblem(await t.api("POST", "/api/v1/users", { body: { username: "e3", externalId: "ext-1" } }), 409);
  });

  it("refuses an unknown role with 422 and creates nothing", async () => {
    const res = await t.api("POST", "/api/v1/users", { body: { username: "roleless", roles: ["emperor"] } });
    expectProblem(res, 422, "unprocessable_entity");
    expect((await t.api("GET", "/api/v1/users/lookup?username=roleless")).status).toBe(404);
  });

  it("gets a user by id, and 404s an unknown one", async () => {
    const user = await createUser(t, { username: "getme" });
    const res = await t.api("GET", `/api/v1/users/${user.id}`);
    expect(res.status).toBe(200);
    expect(res.body.username).toBe("getme");
    expect(res.headers.get("etag")).toBe('"v1"');
    expectProblem(await t.api("GET", "/api/v1/users/00000000-0000-4000-8000-000000000000"), 404, "not_found");
  });

  it("looks a user up by username (any case), email or external id", async () => {
    const user = await createUser(t, { username: "Lookup.Me", email: "Look@Example.org", externalId: "crm-77" });
    for (const q of ["username=lookup.me", "email=look@example.ORG", "externalId=crm-77"]) {
      const res = await t.api("GET", `/api/v1/users/lookup?${q}`);
      expect(res.status, q).toBe(200);
      expect(res.body.id).toBe(user.id);
    }
    expectProblem(await t.api("GET", "/api/v1/users/lookup?email=none@example.org"), 404);
    expectProblem(await t.api("GET", "/api/v1/users/lookup"), 400);
    expectProblem(await t.api("GET", "/api/v1/users/lookup?username=a&email=b@c.d"), 400);
  });

  it("looks a user up by numeric id; an unknown one is a 404, anything but a positive whole number a 400", async () => {
    const user = await createUser(t, { username: "by-number" });
    const res = await t.api("GET", `/api/v1/users/lookup?numericId=${user.numericId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
    expect(res.headers.get("etag")).toBe('"v1"');
    const missing = await t.api("GET", "/api/v1/users/lookup?numericId=2147483647");
    expectProblem(missing, 404, "not_found");
    expect(missing.body.reason).toBe("user_not_found");
    for (const bad of ["0", "-1", "+1", "01", "1.5", "1e3", "0x10", "%201", "abc", "", "2147483648", "99999999999"]) {
      const refused = await t.api("GET", `/api/v1/users/lookup?numericId=${bad}`);
      expectProblem(refused, 400, "bad_request");
      expect(refused.body.errors.map((e: any) => e.path), bad).toContain("query.numericId");
    }
    expectProblem(await t.api("GET", `/api/v1/users/lookup?numericId=${user.numericId}&numericId=${user.numericId}`), 400);
    expectProblem(await t.api("GET", `/api/v1/users/lookup?numericId=${user.numericId}&username=by-number`), 400);
  });
});

describe("creating a user with a setup link", () => {
  /** The outbox message to `to`, read in full. */
  async function mailTo(to: string) {
    const listed = (await t.api("GET", "/api/v1/outbox?limit=200")).body.data.filter((m: any) => m.to === to);
    expect(listed).toHaveLength(1);
    return (await t.api("GET", `/api/v1/outbox/${listed[0].id}`)).body;
  }

  it("creates the user without a password and mails a 7-day link that sets the first one", async () => {
    const res = await t.api("POST", "/api/v1/users", { body: { username: "setup.sam", email: "sam@example.org", sendSetupLink: true } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ username: "setup.sam", email: "sam@example.org", status: "active" });
    expect((await t.server.db.prisma.user.findUniqueOrThrow({ where: { id: res.body.id } })).passwordHash).toBeNull();

    const mail = await mailTo("sam@example.org");
    expect(mail).toMatchObject({ kind: "account_setup", status: "pending" });
    const invite = (await t.api("GET", `/api/v1/invites/${mail.inviteId}`)).body;
    expect(invite).toMatchObject({ kind: "reset" });
    expect(new Date(invite.expiresAt).getTime() - new Date(invite.createdAt).getTime()).toBe(7 * 24 * 3600 * 1000);

    const token = /\/reset\/(sti_[A-Za-z0-9_-]+)/.exec(mail.body.text)?.[1];
    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { password: "sams-first-password" } });
    expect(redeemed.body).toEqual({ outcome: "password_reset", username: "setup.sam" });
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "setup.sam", password: "sams-first-password" } })).status).toBe(200);
    expect((await lastAudit(res.body.id)).action).toBe("user.password_reset");
  });

  it("refuses it without an address or with a password (422), writing nothing", async () => {
    const before = await writeCounts(t);
    const noEmail = await t.api("POST", "/api/v1/users", { body: { username: "setup.nomail", sendSetupLink: true } });
    expectProblem(noEmail, 422);
    expect(noEmail.body.reason).toBe("setup_link_needs_email");
    expect(noEmail.body.errors).toEqual([expect.objectContaining({ path: "body.email" })]);
    const both = await t.api("POST", "/api/v1/users", { body: { username: "setup.both", email: "both@example.org", password: "a-fine-password", sendSetupLink: true } });
    expectProblem(both, 422);
    expect(both.body.reason).toBe("setup_link_with_password");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("needs users:update as well as users:create, as a reset would; a taken username queues no mail", async () => {
    const creator = await apiKeyWith(t, ["users:create"]);
    const before = await writeCounts(t);
    const denied = await t.api("POST", "/api/v1/users", { token: creator, body: { username: "setup.denied", email: "denied@example.org", sendSetupLink: true } });
    expectProblem(denied, 403, "forbidden");
    expect(denied.body.reason).toBe("missing_permission");
    expect(denied.body.detail).toContain("users:update");
    const taken = await t.api("POST", "/api/v1/users", { body: { username: "setup.sam", email: "again@example.org", sendSetupLink: true } });
    expectProblem(taken, 409, "conflict");
    expect(await writeCounts(t)).toEqual(before);
    // Without the link, users:create is enough.
    expect((await t.api("POST", "/api/v1/users", { token: creator, body: { username: "setup.plain", email: "plain@example.org" } })).status).toBe(201);
  });
});

describe("updating users", () => {
  it("changes only the fields given, bumps the ETag, and audits before and after", async () => {
    const user = await createUser(t, { username: "patchy", email: "p@example.org", firstName: "Pat" });
    const res = await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { lastName: "Chy", phone: "+41 00" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ firstName: "Pat", lastName: "Chy", phone: "+41 00", email: "p@example.org" });
    expect(res.headers.get("etag")).toBe('"v2"');
    const audit = await lastAudit(user.id);
    expect(audit.action).toBe("user.update");
    expect(audit.before.lastName).toBeNull();
    expect(audit.after.lastName).toBe("Chy");
  });

  it("clears a field given null", async () => {
    const user = await createUser(t, { username: "clearme", phone: "123" });
    const res = await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { phone: null } });
    expect(res.body.phone).toBeNull();
  });

  it("honours If-Match: a stale ETag gets 412 and changes nothing", async () => {
    const user = await createUser(t, { username: "racer" });
    const read = await t.api("GET", `/api/v1/users/${user.id}`);
    const etag = read.headers.get("etag")!;
    const first = await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { firstName: "One" }, headers: { "if-match": etag } });
    expect(first.status).toBe(200);
    const second = await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { firstName: "Two" }, headers: { "if-match": etag } });
    expectProblem(second, 412, "precondition_failed");
    expect((await t.api("GET", `/api/v1/users/${user.id}`)).body.firstName).toBe("One");
    const fresh = first.headers.get("etag")!;
    expect((await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { firstName: "Three" }, headers: { "if-match": fresh } })).status).toBe(200);
    expect((await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { firstName: "Four" }, headers: { "if-match": "*" } })).status).toBe(200);
  });

  it("changes the ETag when a sign-in changes lastLoginAt, so a write based on the older read is refused", async () => {
    const user = await createUser(t, { username: "signs-in", password: "signs-in-password" });
    const before = await t.api("GET", `/api/v1/users/${user.id}`);
    expect(before.body.lastLoginAt).toBeNull();
    await loginAs(t, "signs-in", "signs-in-password");
    const after = await t.api("GET", `/api/v1/users/${user.id}`);
    expect(after.body.lastLoginAt).not.toBeNull();
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
    const stale = await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { firstName: "X" }, headers: { "if-match": before.headers.get("etag")! } });
    expectProblem(stale, 412, "precondition_failed");
  });

  it("refuses renaming onto a taken username", async () => {
    await createUser(t, { username: "taken-name" });
    const user = await createUser(t, { username: "free-name" });
    expectProblem(await t.api("PATCH", `/api/v1/users/${user.id}`, { body: { username: "Taken-Name" } }), 409);
  });

  it("adds and removes tags", async () => {
    const user = await createUser(t, { username: "tagged", tags: ["a"] });
    const added = await t.api("POST", `/api/v1/users/${user.id}/tags`, { body: { tags: ["c", "b", "a"] } });
    expect(added.body.tags).toEqual(["a", "b", "c"]);
    const removed = await t.api("DELETE", `/api/v1/users/${user.id}/tags/b`);
    expect(removed.body.tags).toEqual(["a", "c"]);
    expect((await lastAudit(user.id)).action).toBe("user.untag");
  });
});

describe("status and roles", () => {
  it("deactivates and activates", async () => {
    const user = await createUser(t, { username: "toggler" });
    const deactivated = await t.api("POST", `/api/v1/users/${user.id}/deactivate`);
    expect(deactivated.body.status).toBe("deactivated");
    expect(deactivated.headers.get("etag")).toBe('"v2"');
    expect((await t.api("GET", `/api/v1/users/${user.id}`)).headers.get("etag")).toBe('"v2"');
    expect((await lastAudit(user.id)).action).toBe("user.deactivate");
    expect((await t.api("POST", `/api/v1/users/${user.id}/activate`)).body.status).toBe("active");
  });

  it("grants and revokes roles", async () => {
    const user = await createUser(t, { username: "promoted", password: "promoted-password" });
    const granted = await t.api("PUT", `/api/v1/users/${user.id}/roles/moderator`);
    expect(granted.body.roles).toEqual(["moderator"]);
    const token = await loginAs(t, "promoted", "promoted-password");
    expect((await t.api("GET", "/api/v1/users", { token })).status).toBe(200);
    expectProblem(await t.api("DELETE", `/api/v1/users/${user.id}`, { token }), 403);
    const revoked = await t.api("DELETE", `/api/v1/users/${user.id}/roles/moderator`);
    expect(revoked.body.roles).toEqual([]);
    expectProblem(await t.api("PUT", `/api/v1/users/${user.id}/roles/nope`), 422);
  });

  it("keeps at least one active administrator", async () => {
    const me = (await t.api("GET", "/api/v1/auth/me")).body.user;
    // Revoking one's own admin role is refused before the last-admin rule (issue 8): 403 self_admin_revoke.
    const ownRole = await t.api("DELETE", `/api/v1/users/${me.id}/roles/admin`);
    expectProblem(ownRole, 403, "forbidden");
    expect(ownRole.body.reason).toBe("self_admin_revoke");
    expectProblem(await t.api("DELETE", `/api/v1/users/${me.id}`), 409, "conflict");
    expectProblem(await t.api("POST", `/api/v1/users/${me.id}/deactivate`), 409, "conflict");
    expect((await t.api("GET", `/api/v1/users/${me.id}`)).body.roles).toEqual(["admin"]);
  });

  it("does not let a moderator hand out the admin role", async () => {
    const mod = await createUser(t, { username: "ambitious", password: "ambitious-password", roles: ["moderator"] });
    const key = (await t.api("POST", "/api/v1/api-keys", { body: { name: "roles", permissions: ["users:manage-roles", "users:read"] } })).body.key;
    expectProblem(await t.api("PUT", `/api/v1/users/${mod.id}/roles/admin`, { token: key }), 403);
    expect((await t.api("GET", `/api/v1/users/${mod.id}`)).body.roles).toEqual(["moderator"]);
  });
});

describe("deleting users", () => {
  it("deletes for good, audits it, and 404s afterwards", async () => {
    const user = await createUser(t, { username: "goner" });
    expect((await t.api("DELETE", `/api/v1/users/${user.id}`)).status).toBe(204);
    expectProblem(await t.api("GET", `/api/v1/users/${user.id}`), 404);
    expectProblem(await t.api("DELETE", `/api/v1/users/${user.id}`), 404);
    const audit = await lastAudit(user.id);
    expect(audit.action).toBe("user.delete");
    expect(audit.before.username).toBe("goner");
  });

  it("honours If-Match on delete", async () => {
    const user = await createUser(t, { username: "guarded" });
    expectProblem(await t.api("DELETE", `/api/v1/users/${user.id}`, { headers: { "if-match": '"v99"' } }), 412);
    expect((await t.api("DELETE", `/api/v1/users/${user.id}`, { headers: { "if-match": '"v1"' } })).status).toBe(204);
  });
});

describe("where a change came from", () => {
  it("is recorded as `console` for requests the console forwards, `v1` otherwise", async () => {
    const viaConsole = await t.api("POST", "/api/v1/users", { body: { username: "made-in-console" }, headers: { "x-steward-client": "console" } });
    const direct = await t.api("POST", "/api/v1/users", { body: { username: "made-by-api" } });
    const dialectOf = async (id: string) => (await t.api("GET", `/api/v1/audit-events?targetId=${id}&action=user.create`)).body.data[0].dialect;
    expect(await dialectOf(viaConsole.body.id)).toBe("console");
    expect(await dialectOf(direct.body.id)).toBe("v1");
  });
});

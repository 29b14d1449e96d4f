import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { Secret, TOTP } from "otpauth";
import { StewardClient, type User } from "../src/index.js";
import { embeddedSnapshot, stewardError } from "./support.js";

const ADMIN = { username: "admin", password: "admin-password-1" };

let server: RunningServer;
let admin: StewardClient;

beforeAll(async () => {
  server = await startEphemeralServer(
    { STEWARD_ADMIN_USERNAME: ADMIN.username, STEWARD_ADMIN_PASSWORD: ADMIN.password },
    { embeddedSnapshot: await embeddedSnapshot() },
  );
  admin = new StewardClient({ baseUrl: server.url });
  await admin.login(ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  await server?.close();
});

describe("sign-in", () => {
  it("logs in, keeps the token and answers who it is", async () => {
    const client = new StewardClient({ baseUrl: `${server.url}/` });
    expect(client.currentToken).toBeUndefined();
    const result = await client.login(ADMIN.username, ADMIN.password);
    expect(result.token).toMatch(/^sts_/);
    expect(result.user.username).toBe("admin");
    expect(new Date(result.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(client.currentToken).toBe(result.token);

    const me = await client.me();
    expect(me.user?.username).toBe("admin");
    expect(me.apiKey).toBeNull();
    expect(me.session?.expiresAt).toBe(result.expiresAt);
    expect(me.permissions).toContain("*");
  });

  it("turns a wrong password into an unauthorized StewardError", async () => {
    const client = new StewardClient({ baseUrl: server.url });
    const error = await stewardError(() => client.login(ADMIN.username, "wrong-password"));
    expect(error.status).toBe(401);
    expect(error.code).toBe("unauthorized");
    expect(error.isAuthError).toBe(true);
    expect(error.problem?.detail).toBe(error.message);
    expect(client.currentToken).toBeUndefined();
  });

  it("is unauthorized without a token", async () => {
    const error = await stewardError(() => new StewardClient({ baseUrl: server.url }).me());
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("logs out: the old token is rejected afterwards", async () => {
    const client = new StewardClient({ baseUrl: server.url });
    await client.login(ADMIN.username, ADMIN.password);
    const token = client.currentToken!;
    await client.logout();
    expect(client.currentToken).toBeUndefined();

    const error = await stewardError(() => new StewardClient({ baseUrl: server.url, token }).me());
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
    // The admin's own session is unaffected.
    expect((await admin.me()).user?.username).toBe("admin");
  });
});

describe("users", () => {
  const created: User[] = [];

  beforeAll(async () => {
    for (let i = 1; i <= 7; i++) {
      created.push(
        await admin.users.create({
          username: `pager-${i}`,
          email: `pager-${i}@example.org`,
          displayName: `Pager ${i}`,
          tags: i % 2 ? ["odd", "pager"] : ["even", "pager"],
        }),
      );
    }
  });

  it("creates users with the fields given", () => {
    expect(created).toHaveLength(7);
    expect(created[0]).toMatchObject({
      username: "pager-1",
      email: "pager-1@example.org",
      displayName: "Pager 1",
      status: "active",
      local: true,
      tags: ["odd", "pager"],
    });
  });

  it("lists one page with a total and a cursor", async () => {
    const page = await admin.users.list({ q: "pager-", limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.total).toBe(7);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = await admin.users.list({ q: "pager-", limit: 3, cursor: page.nextCursor! });
    expect(next.data).toHaveLength(3);
    expect(next.data.map((u) => u.id)).not.toContain(page.data[0]!.id);
  });

  it("iterates over every page, each user exactly once", async () => {
    const seen: string[] = [];
    for await (const user of admin.users.iterate({ q: "pager-", limit: 3, sort: "username" })) seen.push(user.username);
    expect(seen).toEqual(["pager-1", "pager-2", "pager-3", "pager-4", "pager-5", "pager-6", "pager-7"]);
  });

  it("iterates over everyone with no filter (admin included)", async () => {
    const ids = new Set<string>();
    let count = 0;
    for await (const user of admin.users.iterate({ limit: 2 })) {
      ids.add(user.id);
      count++;
    }
    expect(count).toBe(ids.size);
    for (const user of created) expect(ids.has(user.id)).toBe(true);
    expect(count).toBe((await admin.users.list({ limit: 1 })).total);
  });

  it("filters by tag (one or several) and by local/remote", async () => {
    const odd = await admin.users.list({ tag: "odd", limit: 50 });
    expect(odd.data.map((u) => u.username).sort()).toEqual(["pager-1", "pager-3", "pager-5", "pager-7"]);
    const both = await admin.users.list({ tag: ["even", "pager"], limit: 50 });
    expect(both.data.map((u) => u.username).sort()).toEqual(["pager-2", "pager-4", "pager-6"]);
    const none = await admin.users.list({ tag: ["even", "odd"] });
    expect(none.total).toBe(0);

    const remote = await admin.users.create({ username: "far-away", domain: "example.net" });
    expect(remote.local).toBe(false);
    const remotes = await admin.users.list({ local: false });
    expect(remotes.data.map((u) => u.username)).toEqual(["far-away"]);
    const locals = await admin.users.list({ local: "true", limit: 200 });
    expect(locals.data.map((u) => u.username)).not.toContain("far-away");
    expect(locals.total).toBe((await admin.users.list({ limit: 1 })).total - 1);
  });

  it("gets and looks up a user", async () => {
    const target = created[2]!;
    expect(await admin.users.get(target.id)).toEqual(target);
    expect((await admin.users.lookup({ username: "PAGER-3" })).id).toBe(target.id);
    expect((await admin.users.lookup({ email: "pager-3@example.org" })).id).toBe(target.id);
    expect((await admin.users.lookup({ numericId: target.numericId })).id).toBe(target.id);
    const missing = await stewardError(() => admin.users.lookup({ username: "nobody-here" }));
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
  });

  it("updates with a current ETag and refuses a stale one (412)", async () => {
    const target = created[3]!;
    const { user, etag } = await admin.users.getWithETag(target.id);
    expect(user.id).toBe(target.id);
    expect(etag).toMatch(/^".+"$/);

    const updated = await admin.users.update(target.id, { displayName: "Renamed" }, { ifMatch: etag });
    expect(updated.displayName).toBe("Renamed");

    const stale = await stewardError(() => admin.users.update(target.id, { displayName: "Lost update" }, { ifMatch: etag }));
    expect(stale.status).toBe(412);
    expect(stale.code).toBe("precondition_failed");
    expect((await admin.users.get(target.id)).displayName).toBe("Renamed");

    const fresh = await admin.users.getWithETag(target.id);
    expect(fresh.etag).not.toBe(etag);
    const chained = await admin.users.updateWithETag(target.id, { displayName: null }, { ifMatch: fresh.etag });
    expect(chained.user.displayName).toBeNull();
    // The ETag a write answers is good for the next guarded write.
    expect((await admin.users.update(target.id, { displayName: "Again" }, { ifMatch: chained.etag })).displayName).toBe("Again");
  });

  it("reports invalid input with field errors", async () => {
    const error = await stewardError(() => admin.users.create({ username: "no spaces allowed", email: "not-an-email" }));
    expect(error.status).toBe(400);
    expect(error.code).toBe("bad_request");
    const paths = error.fieldErrors.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["body.username", "body.email"]));
  });

  it("reports a taken username as a conflict", async () => {
    const error = await stewardError(() => admin.users.create({ username: "Pager-1" }));
    expect(error).toMatchObject({ status: 409, code: "conflict" });
  });

  it("deactivates, activates, tags, grants roles and deletes", async () => {
    const target = created[6]!;
    expect((await admin.users.deactivate(target.id)).status).toBe("deactivated");
    expect((await admin.users.activate(target.id)).status).toBe("active");
    expect((await admin.users.addTags(target.id, ["extra"])).tags).toEqual(["extra", "odd", "pager"]);
    expect((await admin.users.removeTag(target.id, "extra")).tags).toEqual(["odd", "pager"]);
    const many = await admin.users.addTagsToMany([target.id, created[5]!.id], ["bulk"]);
    expect(many.changed).toBe(2);
    expect(many.users.map((u) => u.id)).toEqual([target.id, created[5]!.id]);
    expect((await admin.users.removeTagsFromMany([target.id, created[5]!.id], ["bulk"])).users[0]!.tags).toEqual(["odd", "pager"]);
    expect((await admin.users.addRole(target.id, "moderator")).roles).toEqual(["moderator"]);
    expect((await admin.users.removeRole(target.id, "moderator")).roles).toEqual([]);
    const { password } = await admin.users.resetPassword(target.id);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const { etag } = await admin.users.getWithETag(target.id);
    await admin.users.delete(target.id, { ifMatch: etag });
    expect(await stewardError(() => admin.users.get(target.id))).toMatchObject({ status: 404, code: "not_found" });
    created.pop();
  });
});

describe("two-factor sign-in", () => {
  /** The code the authenticator app shows `offsetMs` from now (a step ahead is still taken, once). */
  const codeOf = (secret: string, offsetMs = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: Date.now() + offsetMs });

  it("enrols, signs in with a recovery code, renews the codes and turns it off; an operator resets it; an API key is refused", async () => {
    const { id } = await admin.users.create({ username: "sdk-mfa", password: "sdk-mfa-password" });
    const client = new StewardClient({ baseUrl: server.url });
    await client.login("sdk-mfa", "sdk-mfa-password");
    expect(await client.auth.mfa.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const enrolment = await client.auth.mfa.startEnrolment();
    expect(enrolment).toMatchObject({ account: "sdk-mfa", issuer: expect.any(String) });
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const near = [-30_000, 0, 30_000].map((ms) => codeOf(enrolment.secret, ms));
    const wrong = ["000000", "111111", "222222", "333333"].find((code) => !near.includes(code))!;
    expect(await stewardError(() => client.auth.mfa.confirmEnrolment(wrong))).toMatchObject({ status: 422, problem: { reason: "invalid_mfa_code" } });
    const { recoveryCodes } = await client.auth.mfa.confirmEnrolment(codeOf(enrolment.secret));
    expect(recoveryCodes).toHaveLength(10);
    expect((await admin.users.get(id)).mfaEnabled).toBe(true);

    const fresh = new StewardClient({ baseUrl: server.url });
    expect(await stewardError(() => fresh.login("sdk-mfa", "sdk-mfa-password"))).toMatchObject({ status: 401, problem: { reason: "mfa_required" } });
    expect(fresh.currentToken).toBeUndefined();
    await fresh.login("sdk-mfa", "sdk-mfa-password", recoveryCodes[0]);
    expect(await fresh.auth.mfa.status()).toEqual({ enabled: true, recoveryCodesLeft: 9 });
    expect(await stewardError(() => new StewardClient({ baseUrl: server.url }).login("sdk-mfa", "sdk-mfa-password", recoveryCodes[0]))).toMatchObject({
      status: 401,
      problem: { reason: "invalid_mfa_code" },
    });
    // Enrolment took this step's code: the next step's is taken once.
    const renewed = (await fresh.auth.mfa.regenerateRecoveryCodes(codeOf(enrolment.secret, 30_000))).recoveryCodes;
    expect(renewed.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    await fresh.auth.mfa.disable(renewed[0]!);
    expect(await fresh.auth.mfa.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });

    const again = await fresh.auth.mfa.startEnrolment();
    await fresh.auth.mfa.confirmEnrolment(codeOf(again.secret));
    await admin.users.resetMfa(id);
    expect((await admin.users.get(id)).mfaEnabled).toBe(false);
    expect((await new StewardClient({ baseUrl: server.url }).login("sdk-mfa", "sdk-mfa-password")).user.username).toBe("sdk-mfa");

    const key = (await admin.apiKeys.create({ name: "sdk mfa key", permissions: ["users:read"] })).key;
    expect(await stewardError(() => new StewardClient({ baseUrl: server.url, token: key }).auth.mfa.status())).toMatchObject({
      status: 403,
      problem: { reason: "session_required" },
    });
    await admin.users.delete(id);
  });
});

describe("roles", () => {
  it("creates, reads, changes and deletes a custom role; refusals are typed errors with their reason", async () => {
    const role = await admin.roles.create({ name: "sdk-support", description: "Answers tickets", permissions: ["users:read"] });
    expect(role).toMatchObject({ name: "sdk-support", permissions: ["users:read"], builtIn: false });
    expect(await admin.roles.get(role.id)).toEqual(role);
    expect((await admin.roles.update(role.id, { permissions: ["users:read", "groups:read"] })).permissions).toEqual(["groups:read", "users:read"]);
    expect(await stewardError(() => admin.roles.create({ name: "sdk-odd", permissions: ["users:fly"] }))).toMatchObject({ status: 422, problem: { reason: "unknown_permission" } });
    const holder = await admin.users.create({ username: "sdk-role-holder", roles: ["sdk-support"] });
    expect(await stewardError(() => admin.roles.delete(role.id))).toMatchObject({ status: 409, problem: { reason: "role_in_use" } });
    await admin.users.delete(holder.id);
    await admin.roles.delete(role.id);
    expect(await stewardError(() => admin.roles.get(role.id))).toMatchObject({ status: 404, code: "not_found" });
    const moderator = (await admin.roles.list()).data.find((r) => r.name === "moderator")!;
    expect(await stewardError(() => admin.roles.update(moderator.id, { description: "mine now" }))).toMatchObject({ status: 409, problem: { reason: "built_in_role" } });
  });
});

describe("groups", () => {
  it("creates, lists, renames and deletes groups, and pages their members", async () => {
    const crew = await admin.groups.create({ name: "sdk crew", createMuc: true });
    expect(crew).toMatchObject({ name: "sdk crew", memberCount: 0, mucJid: `${crew.id}@groups.localhost` });
    const quiet = await admin.groups.create({ name: "sdk quiet" });
    expect(quiet.mucJid).toBeNull();

    const people: User[] = [];
    for (let i = 1; i <= 5; i++) people.push(await admin.users.create({ username: `grouped-${i}` }));
    for (const person of people) await admin.groups.members.add(crew.id, person.id);
    await admin.groups.members.add(crew.id, people[0]!.id); // twice: harmless

    const page = await admin.groups.members.list(crew.id, { limit: 2 });
    expect(page.total).toBe(5);
    expect(page.data.map((m) => m.username)).toEqual(["grouped-1", "grouped-2"]);
    const everyone: string[] = [];
    for await (const member of admin.groups.members.iterate(crew.id, { limit: 2 })) everyone.push(member.username);
    expect(everyone).toEqual(people.map((p) => p.username));

    await admin.groups.members.remove(crew.id, people[4]!.id);
    await admin.groups.members.remove(crew.id, people[4]!.id);
    expect((await admin.groups.get(crew.id)).memberCount).toBe(4);

    const found = await admin.groups.list({ q: "SDK", sort: "-name" });
    expect(found.data.map((g) => g.name)).toEqual(["sdk quiet", "sdk crew"]);
    const names: string[] = [];
    for await (const group of admin.groups.iterate({ q: "sdk", limit: 1 })) names.push(group.name);
    expect(names).toEqual(["sdk crew", "sdk quiet"]);

    expect((await admin.groups.update(crew.id, { name: "sdk crew renamed" })).name).toBe("sdk crew renamed");
    expect(await admin.users.groups(people[0]!.id)).toMatchObject({ total: 1, data: [{ id: crew.id, name: "sdk crew renamed", memberCount: 4 }] });
    expect((await admin.users.get(people[0]!.id)).groups).toEqual([{ id: crew.id, name: "sdk crew renamed" }]);

    await admin.groups.delete(crew.id);
    expect(await stewardError(() => admin.groups.get(crew.id))).toMatchObject({ status: 404, code: "not_found" });
    expect((await admin.users.groups(people[0]!.id)).total).toBe(0);
    const missing = await stewardError(() => admin.groups.members.add(quiet.id, "00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
    expect(missing.problem?.reason).toBe("user_not_found");
  });
});

describe("follows", () => {
  it("follows, pages both sides, unfollows, and refuses following oneself", async () => {
    const fan = await admin.users.create({ username: "sdk-fan" });
    const idols: User[] = [];
    for (let i = 1; i <= 3; i++) idols.push(await admin.users.create({ username: `sdk-idol-${i}`, displayName: `Idol ${i}` }));
    for (const idol of idols) await admin.users.following.add(fan.id, idol.id);
    await admin.users.following.add(fan.id, idols[0]!.id); // twice: harmless

    const page = await admin.users.following.list(fan.id, { limit: 2 });
    expect(page.total).toBe(3);
    expect(page.data.map((f) => f.username)).toEqual(["sdk-idol-1", "sdk-idol-2"]);
    expect(page.data[0]).toMatchObject({ id: idols[0]!.id, displayName: "Idol 1", local: true });
    const all: string[] = [];
    for await (const follow of admin.users.following.iterate(fan.id, { limit: 2 })) all.push(follow.username);
    expect(all).toEqual(idols.map((i) => i.username));
    const fans: string[] = [];
    for await (const follow of admin.users.followers.iterate(idols[1]!.id, { limit: 1 })) fans.push(follow.username);
    expect(fans).toEqual(["sdk-fan"]);
    expect((await admin.users.followers.list(idols[2]!.id)).total).toBe(1);

    await admin.users.following.remove(fan.id, idols[1]!.id);
    await admin.users.following.remove(fan.id, idols[1]!.id); // twice: harmless
    expect((await admin.users.followers.list(idols[1]!.id)).total).toBe(0);

    const self = await stewardError(() => admin.users.following.add(fan.id, fan.id));
    expect(self).toMatchObject({ status: 422, code: "unprocessable_entity" });
    expect(self.problem?.reason).toBe("self_follow");
  });
});

describe("attached resources", () => {
  it("attaches (idempotently), pages, detaches, and deletes a user with resources only when asked to detach them", async () => {
    const owner = await admin.users.create({ username: "sdk-owner" });
    const first = await admin.users.resources.attach(owner.id, { kind: "server", externalId: "srv-1", name: "One" });
    expect(first).toMatchObject({ userId: owner.id, kind: "server", externalId: "srv-1", name: "One" });
    expect(await admin.users.resources.attach(owner.id, { kind: "server", externalId: "srv-1" })).toEqual(first); // again: the same
    for (const externalId of ["srv-2", "srv-3"]) await admin.users.resources.attach(owner.id, { kind: "server", externalId });
    const page = await admin.users.resources.list(owner.id, { limit: 2 });
    expect(page.data.map((r) => r.externalId)).toEqual(["srv-1", "srv-2"]);
    expect(page.total).toBe(3);
    const all: string[] = [];
    for await (const resource of admin.users.resources.iterate(owner.id, { limit: 2 })) all.push(resource.externalId);
    expect(all).toEqual(["srv-1", "srv-2", "srv-3"]);

    const other = await admin.users.create({ username: "sdk-other" });
    const elsewhere = await stewardError(() => admin.users.resources.attach(other.id, { kind: "server", externalId: "srv-1" }));
    expect(elsewhere).toMatchObject({ status: 409, code: "conflict" });
    expect(elsewhere.problem?.reason).toBe("resource_attached_elsewhere");

    await admin.users.resources.detach(owner.id, first.id);
    const gone = await stewardError(() => admin.users.resources.detach(owner.id, first.id));
    expect(gone.problem?.reason).toBe("resource_not_found");

    const refused = await stewardError(() => admin.users.delete(owner.id));
    expect(refused.problem?.reason).toBe("resources_attached");
    await admin.users.delete(owner.id, { detachResources: true });
    expect(await stewardError(() => admin.users.get(owner.id))).toMatchObject({ status: 404 });
  });
});

describe("relays", () => {
  it("follows (idempotently, under any spelling), lists and unfollows relays", async () => {
    const relay = await admin.relays.follow("HTTPS://Relay.SDK.example/");
    expect(relay).toMatchObject({ url: "https://relay.sdk.example" });
    expect(await admin.relays.follow("https://relay.sdk.example")).toEqual(relay);
    expect(await admin.relays.list()).toEqual({ data: [relay], total: 1 });
    const bad = await stewardError(() => admin.relays.follow("ftp://relay.sdk.example"));
    expect(bad).toMatchObject({ status: 400, code: "bad_request" });
    await admin.relays.unfollow(relay.id);
    expect((await admin.relays.list()).total).toBe(0);
    const gone = await stewardError(() => admin.relays.unfollow(relay.id));
    expect(gone).toMatchObject({ status: 404, code: "not_found" });
    expect(gone.problem?.reason).toBe("relay_not_found");
  });
});

describe("roles and audit events", () => {
  it("lists the built-in roles", async () => {
    const roles = await admin.roles.list();
    expect(roles.data.map((r) => r.name)).toEqual(expect.arrayContaining(["admin", "moderator"]));
  });

  it("iterates over the audit log", async () => {
    const actions: string[] = [];
    for await (const event of admin.auditEvents.iterate({ action: "user.", limit: 4 })) actions.push(event.action);
    expect(actions.filter((a) => a === "user.create").length).toBeGreaterThanOrEqual(7);
    expect(actions).toContain("user.update");
  });
});

describe("sessions and server info", () => {
  it("lists a user's sessions newest first, ends one, then all", async () => {
    const password = "sessions-password-1";
    const user = await admin.users.create({ username: "two-devices", password });
    const laptop = new StewardClient({ baseUrl: server.url, headers: { "user-agent": "laptop" } });
    const phone = new StewardClient({ baseUrl: server.url, headers: { "user-agent": "phone" } });
    await laptop.login("two-devices", password);
    await phone.login("two-devices", password);

    const page = await admin.users.sessions.list(user.id);
    expect(page.total).toBe(2);
    expect(page.data.map((s) => s.userAgent)).toEqual(["phone", "laptop"]);
    // Everyone's sessions, filtered to this user: the same two, each with its user.
    const everyone = await admin.sessions.list({ userId: user.id });
    expect(everyone.data.map((s) => [s.id, s.user.username])).toEqual(page.data.map((s) => [s.id, "two-devices"]));
    const all: string[] = [];
    for await (const session of admin.sessions.iterate({ surface: "v1", limit: 1 })) all.push(session.user.username);
    expect(all).toEqual(expect.arrayContaining(["two-devices", "two-devices", "admin"]));
    expect(page.data[0]).toMatchObject({ userId: user.id, surface: "v1" });
    const walked: string[] = [];
    for await (const session of admin.users.sessions.iterate(user.id, { limit: 1 })) walked.push(session.id);
    expect(walked).toEqual(page.data.map((s) => s.id));

    await admin.users.sessions.revoke(user.id, page.data[0]!.id);
    expect(await stewardError(() => phone.me())).toMatchObject({ status: 401, code: "unauthorized" });
    expect((await laptop.me()).user?.username).toBe("two-devices");
    // Ending it again changes nothing and succeeds.
    await admin.users.sessions.revoke(user.id, page.data[0]!.id);

    expect(await admin.users.sessions.revokeAll(user.id)).toEqual({ revoked: 1 });
    expect(await stewardError(() => laptop.me())).toMatchObject({ status: 401, code: "unauthorized" });
    expect((await admin.users.sessions.list(user.id)).total).toBe(0);
    const missing = await stewardError(() => admin.users.sessions.revoke(user.id, "00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
  });

  it("tells the site name, version, uptime and counts", async () => {
    const info = await admin.server.info();
    expect(info.siteName).toBe("Steward");
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(info.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(new Date(info.startedAt).getTime()).toBeLessThanOrEqual(Date.now());
    expect(info.counts.users).toBe((await admin.users.list({ limit: 1 })).total);
    expect(info.counts.liveSessions).toBeGreaterThanOrEqual(1);
  });
});

describe("API keys", () => {
  it("creates a scoped key: allowed calls work, others are forbidden", async () => {
    const created = await admin.apiKeys.create({ name: "read-only robot", permissions: ["users:read"] });
    expect(created.key).toEqual(expect.any(String));
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.permissions).toEqual(["users:read"]);

    const robot = new StewardClient({ baseUrl: server.url, token: created.key });
    const me = await robot.me();
    expect(me.user).toBeNull();
    expect(me.apiKey).toEqual({ id: created.id, name: "read-only robot" });
    expect(me.permissions).toEqual(["users:read"]);

    expect((await robot.users.lookup({ username: "admin" })).username).toBe("admin");
    expect((await robot.users.list({ limit: 1 })).total).toBeGreaterThan(1);

    const forbidden = await stewardError(() => robot.users.create({ username: "robot-made" }));
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden", isAuthError: true });
    const alsoForbidden = await stewardError(() => robot.apiKeys.list());
    expect(alsoForbidden.code).toBe("forbidden");

    // Listed without its secret, then revoked: the key stops working.
    const listed = await admin.apiKeys.get(created.id);
    expect(listed).not.toHaveProperty("key");
    await admin.apiKeys.revoke(created.id);
    expect(await stewardError(() => robot.me())).toMatchObject({ status: 401, code: "unauthorized" });
    const keys: string[] = [];
    for await (const key of admin.apiKeys.iterate({ includeRevoked: true })) keys.push(key.id);
    expect(keys).toContain(created.id);
    const active: string[] = [];
    for await (const key of admin.apiKeys.iterate()) active.push(key.id);
    expect(active).not.toContain(created.id);
  });
});

describe("invites and invitations", () => {
  it("creates, lists, reads and revokes invites; anyone with the link reads and redeems it", async () => {
    const invite = await admin.invites.create({ kind: "register", targetUsername: "sdk-invitee" });
    expect(invite).toMatchObject({ kind: "register", state: "pending", reusable: false, targetUsername: "sdk-invitee" });
    expect(invite.token).toMatch(/^sti_/);
    expect(await admin.invites.get(invite.id)).toEqual(invite);
    expect((await admin.invites.list()).data.map((i) => i.id)).toContain(invite.id);

    // The public side needs no token.
    const stranger = new StewardClient({ baseUrl: server.url });
    expect(await stranger.invitations.get(invite.token!)).toEqual({
      kind: "register",
      siteName: "Steward",
      username: "sdk-invitee",
      groups: [],
      expiresAt: invite.expiresAt,
      passwordMinLength: 8,
    });
    const mismatch = await stewardError(() => stranger.invitations.redeem(invite.token!, { username: "someone-else", password: "sdk-invitee-password" }));
    expect(mismatch).toMatchObject({ status: 422, code: "unprocessable_entity" });
    expect(await stranger.invitations.redeem(invite.token!, { username: "sdk-invitee", password: "sdk-invitee-password" })).toEqual({
      outcome: "account_created",
      username: "sdk-invitee",
    });
    expect((await stranger.login("sdk-invitee", "sdk-invitee-password")).user.username).toBe("sdk-invitee");
    const used = await stewardError(() => new StewardClient({ baseUrl: server.url }).invitations.get(invite.token!));
    expect(used).toMatchObject({ status: 410, code: "gone" });

    const reset = await admin.invites.create({ kind: "reset", targetUsername: "sdk-invitee" });
    expect(reset.link).toMatch(/\/reset\/sti_/);
    expect(await stranger.invitations.redeem(reset.token!, { password: "a-newer-password" })).toEqual({ outcome: "password_reset", username: "sdk-invitee" });

    const spare = await admin.invites.create({ kind: "register" });
    await admin.invites.revoke(spare.id);
    await admin.invites.revoke(spare.id);
    expect((await admin.invites.get(spare.id)).state).toBe("revoked");
    const everyId: string[] = [];
    for await (const item of admin.invites.iterate({ state: "all", limit: 1 })) everyId.push(item.id);
    expect(everyId).toEqual(expect.arrayContaining([invite.id, reset.id, spare.id]));
    const missing = await stewardError(() => admin.invites.get("00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("sign-up", () => {
  it("refused while invite-only; once the settings open it, a stranger signs up and signs in", async () => {
    const stranger = new StewardClient({ baseUrl: server.url });
    expect(await stranger.registration.get()).toEqual({ siteName: "Steward", registration: "invite-only", passwordMinLength: 8 });
    const refused = await stewardError(() => stranger.registration.signUp({ username: "sdk-signup", password: "sdk-signup-password" }));
    expect(refused).toMatchObject({ status: 403, code: "forbidden" });
    expect(refused.problem?.reason).toBe("registration_invite_only");
    const current = await admin.settings.get();
    await admin.settings.update({ ...current.settings, registration: "open" }, { ifMatch: current.revision });
    expect(await stranger.registration.signUp({ username: "sdk-signup", password: "sdk-signup-password" })).toEqual({ outcome: "account_created", username: "sdk-signup" });
    expect((await stranger.login("sdk-signup", "sdk-signup-password")).user.roles).toEqual([]);
    const back = await admin.settings.get();
    await admin.settings.update({ ...back.settings, registration: "invite-only" }, { ifMatch: back.revision });
  });
});

describe("your own account", () => {
  it("reads and changes itself, its password and its sessions, with no permission", async () => {
    await admin.users.create({ username: "sdk-self", password: "sdk-self-password" });
    const self = new StewardClient({ baseUrl: server.url });
    const elsewhere = new StewardClient({ baseUrl: server.url });
    await self.login("sdk-self", "sdk-self-password");
    await elsewhere.login("sdk-self", "sdk-self-password");
    expect((await self.account.get()).username).toBe("sdk-self");
    expect((await self.account.update({ displayName: "SDK Self" })).displayName).toBe("SDK Self");
    const sessions = await self.account.sessions.list();
    expect(sessions.data.map((s) => s.current)).toEqual([false, true]);
    const wrong = await stewardError(() => self.account.changePassword("not-it", "a-newer-sdk-password"));
    expect(wrong).toMatchObject({ status: 422 });
    expect(wrong.problem?.reason).toBe("wrong_password");
    expect(await self.account.changePassword("sdk-self-password", "a-newer-sdk-password")).toEqual({ sessionsEnded: 1 });
    expect(await stewardError(() => elsewhere.account.get())).toMatchObject({ status: 401 });
    expect(await self.account.sessions.revokeOthers()).toEqual({ revoked: 0 });
  });
});

describe("email and the outbox", () => {
  it("sends an invite and a reset by email, lists them in the outbox; retry refuses a message that did not fail", async () => {
    const queued = await admin.invites.sendByEmail({ email: "sdk-mail@example.org", name: "Sdk" });
    expect((await admin.invites.get(queued.inviteId)).email).toBe("sdk-mail@example.org");
    const user = await admin.users.create({ username: "sdk-mailed", email: "sdk-mailed@example.org" });
    const reset = await admin.users.sendPasswordReset(user.id);
    const pending = await admin.outbox.list({ status: "pending" });
    expect(pending.data.map((m) => m.id)).toEqual(expect.arrayContaining([queued.messageId, reset.messageId]));
    const ids: string[] = [];
    for await (const message of admin.outbox.iterate({ limit: 1 })) ids.push(message.id);
    expect(ids).toEqual(expect.arrayContaining([queued.messageId, reset.messageId]));
    expect(await stewardError(() => admin.outbox.retry(queued.messageId))).toMatchObject({ status: 409, code: "conflict", problem: { reason: "not_failed" } });
  });
});

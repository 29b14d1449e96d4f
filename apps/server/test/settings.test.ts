import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, startTestServer, systemContextOf, writeCounts, type TestServer } from "./harness.ts";
import { PLEROMA_PREFIX, PROSODY_PREFIX, PTERODACTYL_PREFIX } from "./support/contract-check.ts";
import { applySettingsMigrations } from "../src/services/settings/apply-settings-migrations.ts";
import type { SettingsMigrationStep } from "../src/services/settings/migrations.ts";

// The platform settings: one versioned document that really drives the
// platform, on every surface.
let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_SITE_NAME: "Env Site", STEWARD_PASSWORD_MIN_LENGTH: "10" });
});
afterAll(() => t?.close());

async function current() {
  const res = await t.api("GET", "/api/v1/settings");
  expect(res.status).toBe(200);
  return { document: res.body, etag: res.headers.get("etag")! };
}

async function change(edit: (settings: any) => void) {
  const { document, etag } = await current();
  const settings = structuredClone(document.settings);
  edit(settings);
  const res = await t.api("PUT", "/api/v1/settings", { body: settings, headers: { "if-match": etag } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe("platform settings", () => {
  it("start from the environment, at the current version, with an ETag", async () => {
    const { document, etag } = await current();
    expect(document.settings.siteName).toBe("Env Site");
    expect(document.settings.passwords.minLength).toBe(10);
    expect(etag).toBe(`"${document.revision}"`);
    expect((await t.api("GET", "/api/v1/server/info")).body.siteName).toBe("Env Site");
  });

  it("a PUT with problems answers every one by path and writes nothing", async () => {
    const { document, etag } = await current();
    const before = await writeCounts(t);
    const bad = { ...document.settings, siteName: "", passwords: { minLength: 0, rejectCommon: "yes" }, registration: "sometimes", extra: 1 };
    const res = await t.api("PUT", "/api/v1/settings", { body: bad, headers: { "if-match": etag } });
    expectProblem(res, 422);
    expect(res.body.reason).toBe("invalid_settings");
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    for (const path of ["body.siteName", "body.passwords.minLength", "body.passwords.rejectCommon", "body.registration", "body"]) expect(paths).toContain(path);
    const longer = { ...document.settings, invites: { ...document.settings.invites, registerLifetimeSeconds: 7200, resetLifetimeSeconds: 3600, maxLifetimeSeconds: 3600 } };
    const cross = await t.api("PUT", "/api/v1/settings", { body: longer, headers: { "if-match": etag } });
    expectProblem(cross, 422);
    expect(cross.body.errors.map((e: { path: string }) => e.path)).toEqual(["body.invites.registerLifetimeSeconds"]);
    expect(await writeCounts(t)).toEqual(before);
    expect((await current()).document).toEqual(document);
  });

  it("If-Match guards concurrent edits: a stale revision is 412 and changes nothing", async () => {
    const { document, etag } = await current();
    await change((s) => (s.siteName = "First Edit"));
    const stale = await t.api("PUT", "/api/v1/settings", { body: { ...document.settings, siteName: "Lost Edit" }, headers: { "if-match": etag } });
    expectProblem(stale, 412);
    expect(stale.body.reason).toBe("settings_changed");
    expect((await current()).document.settings.siteName).toBe("First Edit");
    const events = (await t.api("GET", "/api/v1/audit-events?action=settings.update")).body.data;
    expect(events.length).toBeGreaterThan(0);
  });

  it("the site name drives server info and mails", async () => {
    await change((s) => (s.siteName = "Renamed Platform"));
    expect((await t.api("GET", "/api/v1/server/info")).body.siteName).toBe("Renamed Platform");
  });

  it("the password policy applies on every surface: length and the common-password list", async () => {
    await change((s) => (s.passwords = { minLength: 12, rejectCommon: true }));
    const short = await t.api("POST", "/api/v1/users", { body: { username: fresh("short"), password: "eleven-char" } });
    expectProblem(short, 422);
    expect(short.body.reason).toBe("weak_password");
    const common = await t.api("POST", "/api/v1/users", { body: { username: fresh("common"), password: "password1234" } });
    expectProblem(common, 422);
    expect(common.body.reason).toBe("common_password");
    const pleroma = await t.api("POST", `${PLEROMA_PREFIX}/users`, { body: { users: [{ nickname: fresh("pl"), email: `${fresh("pl")}@example.org`, password: "qwertyuiop123" }] } });
    expect(pleroma.status).toBeGreaterThanOrEqual(400);
    expect(pleroma.status).toBeLessThan(500);
    expect((await t.api("POST", "/api/v1/users", { body: { username: fresh("fine"), password: "a-long-unusual-phrase" } })).status).toBe(201);
    await change((s) => (s.passwords = { minLength: 8, rejectCommon: false }));
    expect((await t.api("POST", "/api/v1/users", { body: { username: fresh("allowed"), password: "password1234" } })).status).toBe(201);
  });

  it("registration closed refuses new accounts on every surface and invite redemption; reopened, they work", async () => {
    const invite = (await t.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
    const creator = await apiKeyWith(t, ["users:create"]);
    await change((s) => (s.registration = "closed"));
    const before = await writeCounts(t);
    const v1 = await t.api("POST", "/api/v1/users", { body: { username: fresh("closed") } });
    expectProblem(v1, 403);
    expect(v1.body.reason).toBe("registration_closed");
    const ptero = await t.api("POST", `${PTERODACTYL_PREFIX}/users`, {
      token: creator,
      body: { email: `${fresh("p")}@example.org`, username: fresh("ptero"), first_name: "P", last_name: "T" },
    });
    expect(ptero.status).toBe(403);
    const redeem = await t.api("POST", `/api/v1/invitations/${invite.token}`, { token: null, body: { username: fresh("joiner"), password: "joiner-password" } });
    expectProblem(redeem, 403);
    expect(redeem.body.reason).toBe("registration_closed");
    expect(await writeCounts(t)).toEqual(before);
    await change((s) => (s.registration = "invite-only"));
    const username = fresh("joiner");
    const again = await t.api("POST", `/api/v1/invitations/${invite.token}`, { token: null, body: { username, password: "joiner-password", referer: "spring-campaign" } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    // The registration facts: the invite by id (never its token), where they came from, the server.
    const joined = (await t.api("GET", `/api/v1/users/lookup?username=${username}`)).body;
    expect(joined.registration).toEqual({ inviteId: invite.id, referer: "spring-campaign", server: "http://localhost:3000" });
    expect(JSON.stringify(joined)).not.toContain(invite.token);
  });

  it("the longest invite lifetime is a setting: beyond it 422, within it accepted", async () => {
    await change((s) => (s.invites.maxLifetimeSeconds = 2 * 365 * 24 * 3600));
    const twoYears = new Date(Date.now() + 700 * 24 * 3600 * 1000).toISOString();
    expect((await t.api("POST", "/api/v1/invites", { body: { kind: "register", expiresAt: twoYears } })).status).toBe(201);
    await change((s) => {
      s.invites = { registerLifetimeSeconds: 3600, resetLifetimeSeconds: 3600, maxLifetimeSeconds: 7200 };
    });
    const tooLong = await t.api("POST", "/api/v1/invites", { body: { kind: "register", ttlSeconds: 7201 } });
    expectProblem(tooLong, 422);
    const made = (await t.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
    expect(new Date(made.expiresAt).getTime() - new Date(made.createdAt).getTime()).toBe(3600 * 1000);
  });

  it("the XMPP domain names JIDs in the Prosody API, from the next request on", async () => {
    const username = fresh("jid");
    await change((s) => (s.xmpp.domain = "chat.example.net"));
    const res = await t.api("POST", `${PROSODY_PREFIX}/invites/account`, { body: { username } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ jid: `${username}@chat.example.net`, inviter: "admin@chat.example.net" });
    await change((s) => (s.xmpp.domain = "localhost"));
    expect((await t.api("GET", `${PROSODY_PREFIX}/invites/${res.body.id}`)).body.jid).toBe(`${username}@localhost`);
  });

  it("the MUC domain names new groups' rooms", async () => {
    await change((s) => (s.xmpp.mucDomain = "rooms.example.net"));
    const group = (await t.api("POST", "/api/v1/groups", { body: { name: fresh("room group"), createMuc: true } })).body;
    expect(group.mucJid).toBe(`${group.id}@rooms.example.net`);
  });

  it("needs settings:read to read and settings:update to change", async () => {
    const reader = await apiKeyWith(t, ["settings:read"]);
    const { document } = await current();
    expect((await t.api("GET", "/api/v1/settings", { token: reader })).status).toBe(200);
    expectProblem(await t.api("PUT", "/api/v1/settings", { token: reader, body: document.settings }), 403);
    void createUser;
  });
});

describe("settings migrations", () => {
  it("a version 1 document is listed as pending, read through its migration, and applied atomically", async () => {
    const prisma = t.server.db.prisma;
    const saved = await prisma.settingsDocument.findUniqueOrThrow({ where: { id: "platform" } });
    await prisma.settingsDocument.update({ where: { id: "platform" }, data: { schemaVersion: 1, data: { siteName: "From Version One" } } });
    const pending = await t.api("GET", "/api/v1/settings/migrations");
    expect(pending.body.data.map((m: { id: string }) => m.id)).toEqual(["2026-12-07-sections"]);
    expect((await current()).document.settings.siteName).toBe("From Version One");
    expectProblem(await t.api("PUT", "/api/v1/settings", { body: (await current()).document.settings }), 409);

    // A failing step leaves the document untouched.
    const failing: SettingsMigrationStep[] = [
      { id: "ok", fromVersion: 1, toVersion: 2, description: "fine", transform: (d) => d },
      { id: "boom", fromVersion: 2, toVersion: 3, description: "fails", transform: () => { throw new Error("cannot"); } },
    ];
    await expect(applySettingsMigrations(systemContextOf(t), failing)).rejects.toMatchObject({ reason: "settings_migration_failed" });
    const untouched = await prisma.settingsDocument.findUniqueOrThrow({ where: { id: "platform" } });
    expect(untouched.schemaVersion).toBe(1);
    expect(untouched.data).toEqual({ siteName: "From Version One" });

    const applied = await t.api("POST", "/api/v1/settings/migrations/apply");
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.data).toHaveLength(1);
    const after = (await current()).document;
    expect(after.version).toBe(2);
    expect(after.settings.siteName).toBe("From Version One");
    expect(after.settings.passwords.minLength).toBe(10);
    expect((await t.api("GET", "/api/v1/settings/migrations")).body.data).toEqual([]);
    expect((await t.api("POST", "/api/v1/settings/migrations/apply")).body.data).toEqual([]);
    await prisma.settingsDocument.update({ where: { id: "platform" }, data: { data: saved.data as object } });
  });
});

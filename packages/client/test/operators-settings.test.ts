import { describe, expect, it } from "vitest";
import { StewardClient, type PlatformSettings } from "../src/index.js";
import { serverWithAdmin, stewardError } from "./support.js";

const t = serverWithAdmin({ username: "admin", password: "admin-password-1" });

describe("operators", () => {
  it("creates operators, lists and iterates them with what they hold, and reads one; an account is not an operator", async () => {
    const helpdesk = await t.admin.operators.create({
      username: "sdk-helpdesk",
      password: "sdk-helpdesk-password",
      email: "helpdesk@example.org",
      displayName: "Help desk",
      permissions: ["users:update", "users:read"],
    });
    expect(helpdesk).toMatchObject({
      username: "sdk-helpdesk",
      email: "helpdesk@example.org",
      roles: [],
      directPermissions: ["users:read", "users:update"],
      permissions: ["users:read", "users:update"],
    });
    await t.admin.operators.create({ username: "sdk-auditor", permissions: ["audit-events:read"] });
    const account = await t.admin.users.create({ username: "sdk-account" });

    expect(await t.admin.operators.get(helpdesk.id)).toEqual(helpdesk);
    expect(await stewardError(() => t.admin.operators.get(account.id))).toMatchObject({ status: 404, problem: { reason: "operator_not_found" } });

    const page = await t.admin.operators.list({ q: "sdk-", limit: 1 });
    expect(page.total).toBe(2);
    expect(page.data.map((operator) => operator.username)).toEqual(["sdk-auditor"]);
    const names: string[] = [];
    for await (const operator of t.admin.operators.iterate({ limit: 1 })) names.push(operator.username);
    expect(names).toEqual(["admin", "sdk-auditor", "sdk-helpdesk"]);
    const first = (await t.admin.operators.list()).data[0]!;
    expect(first).toMatchObject({ username: "admin", roles: ["admin"], permissions: ["*"] });

    // The new operator signs in with what they were given.
    const them = new StewardClient({ baseUrl: t.server.url });
    await them.login("sdk-helpdesk", "sdk-helpdesk-password");
    expect((await them.me()).permissions).toEqual(["users:read", "users:update"]);
  });

  it("refuses permissions outside the vocabulary, beyond the caller's, or none at all", async () => {
    expect(await stewardError(() => t.admin.operators.create({ username: "sdk-odd", permissions: ["users:fly"] }))).toMatchObject({
      status: 422,
      problem: { reason: "unknown_permission" },
    });
    const maker = await t.admin.operators.create({ username: "sdk-maker", password: "sdk-maker-password", permissions: ["operators:create", "users:read"] });
    const client = new StewardClient({ baseUrl: t.server.url });
    await client.login("sdk-maker", "sdk-maker-password");
    expect(await stewardError(() => client.operators.create({ username: "sdk-too-much", permissions: ["users:delete"] }))).toMatchObject({
      status: 403,
      problem: { reason: "permission_not_held" },
    });
    expect(await stewardError(() => client.operators.list())).toMatchObject({ status: 403, code: "forbidden" });
    const empty = await stewardError(() => t.admin.operators.create({ username: "sdk-none", permissions: [] }));
    expect(empty.status).toBe(400);
    expect(empty.fieldErrors.map((field) => field.path)).toEqual(["body.permissions"]);
    await t.admin.users.delete(maker.id);
  });

  it("sets a user's own permissions, keeping their roles; none makes an operator without a role an account again", async () => {
    const user = await t.admin.users.create({ username: "sdk-promoted", roles: ["moderator"] });
    expect(user.directPermissions).toEqual([]);
    const promoted = await t.admin.users.setPermissions(user.id, ["relays:read", "mail:read"]);
    expect(promoted).toMatchObject({ roles: ["moderator"], directPermissions: ["mail:read", "relays:read"] });
    expect(promoted.permissions).toEqual(expect.arrayContaining(["mail:read", "relays:read", "users:read", "invites:manage"]));
    expect((await t.admin.users.get(user.id)).directPermissions).toEqual(["mail:read", "relays:read"]);

    const account = await t.admin.users.create({ username: "sdk-briefly-operator" });
    await t.admin.users.setPermissions(account.id, ["groups:read"]);
    expect((await t.admin.operators.get(account.id)).permissions).toEqual(["groups:read"]);
    expect((await t.admin.users.setPermissions(account.id, [])).permissions).toEqual([]);
    expect(await stewardError(() => t.admin.operators.get(account.id))).toMatchObject({ status: 404 });
    expect(await stewardError(() => t.admin.users.setPermissions(account.id, ["groups:fly"]))).toMatchObject({
      status: 422,
      problem: { reason: "unknown_permission" },
    });
  });
});

describe("settings", () => {
  it("reads the settings with their revision and changes them guarded by it, refusing a stale one", async () => {
    const read = await t.admin.settings.get();
    expect(read.version).toBeGreaterThanOrEqual(1);
    expect(read.settings.siteName).toBe("Steward");

    const changed = await t.admin.settings.update({ ...read.settings, siteName: "SDK Platform" }, { ifMatch: read.revision });
    expect(changed.revision).toBe(read.revision + 1);
    expect(changed.settings.siteName).toBe("SDK Platform");
    expect((await t.admin.server.info()).siteName).toBe("SDK Platform");

    // The ETag's own spelling works too; the revision read before is stale now.
    const again = await t.admin.settings.update({ ...changed.settings, siteName: "SDK Platform 2" }, { ifMatch: `"${changed.revision}"` });
    expect(again.settings.siteName).toBe("SDK Platform 2");
    const stale = await stewardError(() => t.admin.settings.update({ ...again.settings, siteName: "Lost" }, { ifMatch: changed.revision }));
    expect(stale).toMatchObject({ status: 412, code: "precondition_failed", problem: { reason: "settings_changed" } });
    expect((await t.admin.settings.get()).settings.siteName).toBe("SDK Platform 2");
  });

  it("answers every problem of a document by path, writing nothing", async () => {
    const before = await t.admin.settings.get();
    const wrong = {
      ...before.settings,
      passwords: { ...before.settings.passwords, minLength: 0 },
      registration: "sometimes",
    } as unknown as PlatformSettings;
    const error = await stewardError(() => t.admin.settings.update(wrong, { ifMatch: before.revision }));
    expect(error).toMatchObject({ status: 422, problem: { reason: "invalid_settings" } });
    expect(error.fieldErrors.map((field) => field.path).sort()).toEqual(["body.passwords.minLength", "body.registration"]);
    expect((await t.admin.settings.get()).revision).toBe(before.revision);
  });

  it("lists pending migrations, refuses changes until they are applied, and applies them", async () => {
    expect(await t.admin.settings.migrations.list()).toEqual({ data: [] });
    const before = await t.admin.settings.get();
    // A document as the first schema left it: version 1, a site name only.
    await t.server.db.prisma.settingsDocument.update({ where: { id: "platform" }, data: { schemaVersion: 1, data: { siteName: "Old Platform" } } });

    const pending = (await t.admin.settings.migrations.list()).data;
    expect(pending).toEqual([expect.objectContaining({ fromVersion: 1, toVersion: 2, description: expect.any(String) })]);
    const read = await t.admin.settings.get();
    expect(read.settings.siteName).toBe("Old Platform");
    expect(await stewardError(() => t.admin.settings.update(read.settings, { ifMatch: read.revision }))).toMatchObject({
      status: 409,
      problem: { reason: "settings_migration_pending" },
    });

    expect((await t.admin.settings.migrations.apply()).data).toEqual(pending);
    expect(await t.admin.settings.migrations.list()).toEqual({ data: [] });
    expect(await t.admin.settings.migrations.apply()).toEqual({ data: [] });
    const after = await t.admin.settings.get();
    expect(after.version).toBe(before.version);
    expect(after.settings.siteName).toBe("Old Platform");
    await t.admin.settings.update({ ...after.settings, siteName: "Migrated" }, { ifMatch: after.revision });
  });

  it("needs settings:read to read and settings:update to change or migrate", async () => {
    const key = await t.admin.apiKeys.create({ name: "sdk settings reader", permissions: ["settings:read"] });
    const reader = new StewardClient({ baseUrl: t.server.url, token: key.key });
    const { settings } = await reader.settings.get();
    expect(await stewardError(() => reader.settings.update(settings))).toMatchObject({ status: 403, code: "forbidden" });
    expect(await stewardError(() => reader.settings.migrations.apply())).toMatchObject({ status: 403 });
    expect(await reader.settings.migrations.list()).toEqual({ data: [] });
  });
});

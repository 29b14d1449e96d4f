import { beforeAll, describe, expect, it } from "vitest";
import { StewardClient, type Channel } from "../src/index.js";
import { serverWithAdmin, stewardError } from "./support.js";

/**
 * An account's own space, with no operator permission: its channels (trash,
 * restore, delete for good), the shared and app tokens it hands out, its
 * bookmarks; and a service checking those tokens with an API key holding
 * `access-tokens:introspect`. A real server (in-process, in-memory PGlite).
 */
const t = serverWithAdmin({ username: "admin", password: "admin-password-1" });
const MISSING = "00000000-0000-4000-8000-000000000000";

let self: StewardClient;
let service: StewardClient;
let selfId: string;

beforeAll(async () => {
  selfId = (await t.admin.users.create({ username: "sdk-space", password: "sdk-space-password" })).id;
  self = new StewardClient({ baseUrl: t.server.url });
  await self.login("sdk-space", "sdk-space-password");
  const key = await t.admin.apiKeys.create({ name: "data service", permissions: ["access-tokens:introspect"] });
  service = new StewardClient({ baseUrl: t.server.url, token: key.key });
});

describe("channels and shared tokens", () => {
  let diary: Channel;
  let work: Channel;

  it("makes, lists, reads and changes its channels; a name is unique among them", async () => {
    diary = await self.account.channels.create({ name: "Diary", color: "#3366ff", clientData: { app: "notes", order: 1 } });
    expect(diary).toMatchObject({ name: "Diary", color: "#3366ff", clientData: { app: "notes", order: 1 }, trashed: false, trashedAt: null });
    work = await self.account.channels.create({ name: "Work" });
    expect(work).toMatchObject({ name: "Work", color: null, clientData: {}, trashed: false });

    const taken = await stewardError(() => self.account.channels.create({ name: "Diary" }));
    expect(taken).toMatchObject({ status: 409, problem: { reason: "channel_name_taken" } });

    const page = await self.account.channels.list({ limit: 1 });
    expect(page.total).toBe(2);
    expect(page.data.map((channel) => channel.name)).toEqual(["Diary"]);
    const names: string[] = [];
    for await (const channel of self.account.channels.iterate({ limit: 1 })) names.push(channel.name);
    expect(names).toEqual(["Diary", "Work"]);

    expect(await self.account.channels.get(diary.id)).toEqual(diary);
    const renamed = await self.account.channels.update(diary.id, { name: "Journal", color: null });
    expect(renamed).toMatchObject({ id: diary.id, name: "Journal", color: null, clientData: { app: "notes", order: 1 } });
    diary = renamed;

    // Nobody else's.
    const other = new StewardClient({ baseUrl: t.server.url });
    await t.admin.users.create({ username: "sdk-space-other", password: "sdk-space-other-password" });
    await other.login("sdk-space-other", "sdk-space-other-password");
    expect(await stewardError(() => other.account.channels.get(diary.id))).toMatchObject({ status: 404, problem: { reason: "channel_not_found" } });
    expect((await other.account.channels.list()).total).toBe(0);
  });

  it("hands out a shared token on a channel, whose secret is shown once; a service checks what it grants", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await self.account.accessTokens.create({ name: "Doctor", permissions: [{ channelId: diary.id, level: "read" }], expiresAt });
    expect(created.token).toEqual(expect.any(String));
    expect(created).toMatchObject({
      name: "Doctor",
      permissions: [{ channelId: diary.id, channelName: "Journal", channelTrashed: false, level: "read" }],
      expired: false,
      lastUsedAt: null,
    });
    expect(Date.parse(created.expiresAt!)).toBe(Date.parse(expiresAt));
    const { token: secret, ...listed } = created;
    expect(await self.account.accessTokens.get(created.id)).toEqual(listed);
    const page = await self.account.accessTokens.list();
    expect(page.total).toBe(1);
    expect(page.data[0]).not.toHaveProperty("token");
    const ids: string[] = [];
    for await (const token of self.account.accessTokens.iterate({ limit: 1 })) ids.push(token.id);
    expect(ids).toEqual([created.id]);

    const unknownChannel = await stewardError(() => self.account.accessTokens.create({ name: "Nowhere", permissions: [{ channelId: MISSING, level: "read" }] }));
    expect(unknownChannel).toMatchObject({ status: 422, problem: { reason: "unknown_channel" } });

    expect(await service.accessTokens.introspect(secret)).toMatchObject({
      active: true,
      tokenId: created.id,
      kind: "shared",
      userId: selfId,
      username: "sdk-space",
      appId: null,
      permissions: [{ channelId: diary.id, level: "read" }],
    });
    expect((await self.account.accessTokens.get(created.id)).lastUsedAt).not.toBeNull();
    expect(await service.accessTokens.introspect("not-a-token")).toEqual({ active: false });
    // The account itself holds no permission to check tokens.
    expect(await stewardError(() => self.accessTokens.introspect(secret))).toMatchObject({ status: 403 });

    // Trashed, the channel grants nothing; restored, it grants again.
    expect(await self.account.channels.delete(diary.id)).toEqual({ outcome: "trashed", tokenPermissionsRemoved: 0 });
    expect((await self.account.channels.list()).data.map((channel) => channel.name)).toEqual(["Work"]);
    const trash = await self.account.channels.list({ state: "trashed" });
    expect(trash.data).toMatchObject([{ id: diary.id, trashed: true }]);
    expect(trash.data[0]!.trashedAt).not.toBeNull();
    expect((await self.account.channels.list({ state: "all" })).total).toBe(2);
    expect((await self.account.accessTokens.get(created.id)).permissions).toMatchObject([{ channelId: diary.id, channelTrashed: true }]);
    expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, permissions: [] });

    expect(await self.account.channels.restore(diary.id)).toMatchObject({ id: diary.id, trashed: false, trashedAt: null });
    expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, permissions: [{ channelId: diary.id, level: "read" }] });

    // Edited: the secret stays.
    const edited = await self.account.accessTokens.update(created.id, {
      name: "Doctor and clinic",
      permissions: [
        { channelId: diary.id, level: "read" },
        { channelId: work.id, level: "contribute" },
      ],
      expiresAt: null,
    });
    expect(edited).toMatchObject({ name: "Doctor and clinic", expiresAt: null });
    expect(edited.permissions.map((permission) => [permission.channelName, permission.level]).sort()).toEqual([
      ["Journal", "read"],
      ["Work", "contribute"],
    ]);
    expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, expiresAt: null });

    // Deleting twice: to the trash, then for good with the permissions on it.
    expect(await self.account.channels.delete(work.id)).toEqual({ outcome: "trashed", tokenPermissionsRemoved: 0 });
    expect(await self.account.channels.delete(work.id)).toEqual({ outcome: "deleted", tokenPermissionsRemoved: 1 });
    expect(await stewardError(() => self.account.channels.get(work.id))).toMatchObject({ status: 404 });
    expect((await self.account.accessTokens.get(created.id)).permissions).toMatchObject([{ channelId: diary.id, level: "read" }]);

    await self.account.accessTokens.delete(created.id);
    expect(await service.accessTokens.introspect(secret)).toEqual({ active: false });
    expect(await stewardError(() => self.account.accessTokens.get(created.id))).toMatchObject({ status: 404, problem: { reason: "access_token_not_found" } });
  });
});

describe("app tokens", () => {
  it("answers an app the same personal token every time, until revoked", async () => {
    const first = await self.account.appTokens.get("My App!");
    expect(first).toMatchObject({ appId: "my-app", created: true, lastUsedAt: null });
    const again = await self.account.appTokens.get("my-app");
    expect(again).toMatchObject({ id: first.id, token: first.token, created: false });

    const page = await self.account.appTokens.list();
    expect(page.total).toBe(1);
    expect(page.data[0]).toMatchObject({ id: first.id, appId: "my-app" });
    expect(page.data[0]).not.toHaveProperty("token");
    const apps: string[] = [];
    for await (const app of self.account.appTokens.iterate()) apps.push(app.appId);
    expect(apps).toEqual(["my-app"]);

    expect(await service.accessTokens.introspect(first.token)).toMatchObject({
      active: true,
      kind: "personal",
      appId: "my-app",
      userId: selfId,
      permissions: [],
    });

    await self.account.appTokens.revoke(first.id);
    expect(await service.accessTokens.introspect(first.token)).toEqual({ active: false });
    expect(await stewardError(() => self.account.appTokens.revoke(first.id))).toMatchObject({ status: 404 });
    const renewed = await self.account.appTokens.get("my-app");
    expect(renewed.created).toBe(true);
    expect(renewed.token).not.toBe(first.token);
  });
});

describe("bookmarks", () => {
  it("keeps, reads, changes and deletes bookmarks", async () => {
    const bookmark = await self.account.bookmarks.create({ name: "Alice's diary", url: "https://data.example.org/alice", accessToken: "shared-secret" });
    expect(bookmark).toMatchObject({ name: "Alice's diary", url: "https://data.example.org/alice", accessToken: "shared-secret" });
    expect(await self.account.bookmarks.get(bookmark.id)).toEqual(bookmark);
    const bad = await stewardError(() => self.account.bookmarks.create({ name: "Bad", url: "ftp://data.example.org/x" }));
    expect(bad.status).toBe(422);
    expect(bad.problem?.reason).toBe("invalid_bookmark_url");

    const changed = await self.account.bookmarks.update(bookmark.id, { name: "Alice", accessToken: null });
    expect(changed).toMatchObject({ id: bookmark.id, name: "Alice", accessToken: null });
    const second = await self.account.bookmarks.create({ name: "Bob", url: "http://data.example.org/bob" });
    expect((await self.account.bookmarks.list()).data.map((item) => item.name)).toEqual(["Alice", "Bob"]);
    const names: string[] = [];
    for await (const item of self.account.bookmarks.iterate({ limit: 1 })) names.push(item.name);
    expect(names).toEqual(["Alice", "Bob"]);

    await self.account.bookmarks.delete(bookmark.id);
    await self.account.bookmarks.delete(second.id);
    expect(await stewardError(() => self.account.bookmarks.get(bookmark.id))).toMatchObject({ status: 404, problem: { reason: "bookmark_not_found" } });
    expect((await self.account.bookmarks.list()).total).toBe(0);
  });
});

import { randomBytes, randomUUID } from "node:crypto";
import { MAX_APP_TOKENS_PER_ACCOUNT, MAX_BOOKMARKS_PER_ACCOUNT, MAX_CHANNELS_PER_ACCOUNT, MAX_SHARED_TOKENS_PER_ACCOUNT } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import type { ServiceContext } from "../src/services/kernel/context.ts";
import { getOwnAppToken, revokeOwnAppToken } from "../src/services/me/access-tokens/app-tokens.ts";
import { createOwnSharedToken } from "../src/services/me/access-tokens/create-own-shared-token.ts";
import { deleteOwnSharedToken } from "../src/services/me/access-tokens/delete-own-shared-token.ts";
import { getOwnSharedToken } from "../src/services/me/access-tokens/get-own-shared-token.ts";
import { updateOwnSharedToken } from "../src/services/me/access-tokens/update-own-shared-token.ts";
import { deleteOwnBookmark } from "../src/services/me/bookmarks/delete-own-bookmark.ts";
import { getOwnBookmark } from "../src/services/me/bookmarks/get-own-bookmark.ts";
import { updateOwnBookmark } from "../src/services/me/bookmarks/update-own-bookmark.ts";
import { deleteOwnChannel } from "../src/services/me/channels/delete-own-channel.ts";
import { getOwnChannel } from "../src/services/me/channels/get-own-channel.ts";
import { restoreOwnChannel } from "../src/services/me/channels/restore-own-channel.ts";
import { updateOwnChannel } from "../src/services/me/channels/update-own-channel.ts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, systemContextOf, writeCounts, type ApiResponse, type TestServer } from "./harness.ts";

// The signed-in account's own space: its channels, the access tokens it
// hands out (shared ones, scoped to channels; one per app), the check the
// services holding its data make of those tokens, and its bookmarks. Any
// account, with no operator permission, through a login session only; never
// another account's things. Time is the server's manual clock: expiry and
// last-use tests move it.
let t: TestServer;
const clock = new ManualClock();
/** An API key that may only check access tokens: what a data service holds. */
let checker: string;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;

beforeAll(async () => {
  t = await startTestServer({}, { clock });
  checker = await apiKeyWith(t, ["access-tokens:introspect"]);
});
afterAll(() => t?.close());

interface Account {
  id: string;
  username: string;
  token: string;
  /** Calls the API as this account. */
  call(method: string, path: string, body?: unknown): Promise<ApiResponse>;
}

/** A new account holding no permission, signed in. */
async function account(): Promise<Account> {
  const username = fresh("space");
  const password = `${username}-password`;
  const { id } = await createUser(t, { username, password, email: `${username}@example.org` });
  const token = await loginAs(t, username, password);
  return { id, username, token, call: (method, path, body) => t.api(method, path, { token, body }) };
}

async function channelOf(me: Account, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await me.call("POST", "/api/v1/me/channels", { name, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function sharedTokenOf(me: Account, name: string, permissions: { channelId: string; level: string }[], expiresAt?: string | null): Promise<any> {
  const res = await me.call("POST", "/api/v1/me/access-tokens", { name, permissions, ...(expiresAt === undefined ? {} : { expiresAt }) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function appTokenOf(me: Account, appId: string): Promise<any> {
  const res = await me.call("POST", "/api/v1/me/app-tokens", { appId });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function bookmarkOf(me: Account, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await me.call("POST", "/api/v1/me/bookmarks", { name, url: "https://data.example.org/shared", ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** What a data service learns of a token. */
async function introspect(token: string): Promise<any> {
  const res = await t.api("POST", "/api/v1/access-tokens/introspect", { token: checker, body: { token } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** The audit events of one action on one target, oldest first. */
async function auditOf(action: string, targetId: string): Promise<any[]> {
  const res = await t.api("GET", `/api/v1/audit-events?action=${action}&targetId=${targetId}&limit=200`);
  expect(res.status).toBe(200);
  return [...res.body.data].reverse();
}

/** Every audit event there is, as stored, as one text: where no secret may be. */
async function wholeAuditLog(): Promise<string> {
  return JSON.stringify(await t.server.db.prisma.auditEvent.findMany({ select: { before: true, after: true } }));
}

/** Every page of a list, following nextCursor, with the totals each page gave. */
async function allPages(me: Account, path: string, limit: number): Promise<{ pages: string[][]; totals: number[] }> {
  const pages: string[][] = [];
  const totals: number[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const res = await me.call("GET", `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body.data.map((item: any) => item.name ?? item.appId));
    totals.push(res.body.total);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { pages, totals };
}

const byChannelId = (a: { channelId: string }, b: { channelId: string }) => (a.channelId < b.channelId ? -1 : a.channelId > b.channelId ? 1 : 0);

describe("channels", () => {
  it("are made, read and changed by their account, with no permission held; audited with the account as the actor", async () => {
    const me = await account();
    const made = await channelOf(me, "Diary", { color: "#A0b1C2", clientData: { icon: "book", order: 3 } });
    expect(made).toMatchObject({ name: "Diary", color: "#A0b1C2", clientData: { icon: "book", order: 3 }, trashed: false, trashedAt: null });
    expect(made.createdAt).toBe(clock.now().toISOString());
    expect((await me.call("GET", `/api/v1/me/channels/${made.id}`)).body).toEqual(made);

    await clock.advance(1_000);
    const changed = await me.call("PATCH", `/api/v1/me/channels/${made.id}`, { name: "Journal", color: null, clientData: { icon: "pen" } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toEqual({ ...made, name: "Journal", color: null, clientData: { icon: "pen" }, updatedAt: clock.now().toISOString() });
    // Only what is given changes.
    const renamed = await me.call("PATCH", `/api/v1/me/channels/${made.id}`, { name: "Journal 2" });
    expect(renamed.body).toMatchObject({ name: "Journal 2", color: null, clientData: { icon: "pen" } });

    const [created] = await auditOf("channel.create", made.id);
    expect(created.actor).toMatchObject({ type: "user", id: me.id });
    expect(created.after).toMatchObject({ name: "Diary", color: "#A0b1C2", trashed: false });
    const updates = await auditOf("channel.update", made.id);
    expect(updates).toHaveLength(2);
    expect(updates[0].before).toMatchObject({ name: "Diary" });
    expect(updates[0].after).toMatchObject({ name: "Journal", color: null });
    expect(updates.every((e) => e.actor.id === me.id)).toBe(true);
  });

  it("are listed by name, a page at a time with the cursor, `total` the whole count", async () => {
    const me = await account();
    for (const name of ["delta", "alpha", "echo", "charlie", "bravo"]) await channelOf(me, name);
    const { pages, totals } = await allPages(me, "/api/v1/me/channels", 2);
    expect(pages).toEqual([["alpha", "bravo"], ["charlie", "delta"], ["echo"]]);
    expect(totals).toEqual([5, 5, 5]);
    const whole = await me.call("GET", "/api/v1/me/channels");
    expect(whole.body.data.map((c: any) => c.name)).toEqual(["alpha", "bravo", "charlie", "delta", "echo"]);
    expect(whole.body.nextCursor).toBeNull();
  });

  it("the state filter: `default` leaves the trash out, `trashed` lists only it, `all` both", async () => {
    const me = await account();
    await channelOf(me, "a");
    const b = await channelOf(me, "b");
    await channelOf(me, "c");
    expect((await me.call("DELETE", `/api/v1/me/channels/${b.id}`)).body).toEqual({ outcome: "trashed", tokenPermissionsRemoved: 0 });
    const names = async (query: string) => {
      const res = await me.call("GET", `/api/v1/me/channels${query}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.total).toBe(res.body.data.length);
      return res.body.data.map((ch: any) => ch.name);
    };
    expect(await names("")).toEqual(["a", "c"]);
    expect(await names("?state=default")).toEqual(["a", "c"]);
    expect(await names("?state=trashed")).toEqual(["b"]);
    expect(await names("?state=all")).toEqual(["a", "b", "c"]);
    const trashed = (await me.call("GET", `/api/v1/me/channels/${b.id}`)).body;
    expect(trashed).toMatchObject({ trashed: true, trashedAt: clock.now().toISOString() });
    // Paging within a state.
    expect((await allPages(me, "/api/v1/me/channels?state=all", 2)).pages).toEqual([["a", "b"], ["c"]]);
  });

  it("a name is unique among the account's channels, trashed ones included (409 channel_name_taken); writes nothing", async () => {
    const me = await account();
    const other = await account();
    const kept = await channelOf(me, "kept");
    const binned = await channelOf(me, "binned");
    await me.call("DELETE", `/api/v1/me/channels/${binned.id}`);
    // Another account may use the same names.
    await channelOf(other, "kept");
    const before = await writeCounts(t);
    for (const name of ["kept", "binned"]) {
      const taken = await me.call("POST", "/api/v1/me/channels", { name });
      expectProblem(taken, 409);
      expect(taken.body.reason).toBe("channel_name_taken");
    }
    const renamed = await me.call("PATCH", `/api/v1/me/channels/${kept.id}`, { name: "binned" });
    expectProblem(renamed, 409);
    expect(renamed.body.reason).toBe("channel_name_taken");
    expect(await writeCounts(t)).toEqual(before);
    expect((await me.call("GET", `/api/v1/me/channels/${kept.id}`)).body).toEqual(kept);
    // Its own name is no clash.
    expect((await me.call("PATCH", `/api/v1/me/channels/${kept.id}`, { name: "kept", color: "#000000" })).status).toBe(200);
  });

  it("client data is a JSON object up to 4096 bytes; colours are #rrggbb; bad input is a 400 that writes nothing", async () => {
    const me = await account();
    const channel = await channelOf(me, "checked");
    const exactly4096 = { x: "a".repeat(4096 - JSON.stringify({ x: "" }).length) };
    expect(new TextEncoder().encode(JSON.stringify(exactly4096)).length).toBe(4096);
    const big = await channelOf(me, "big", { clientData: exactly4096 });
    expect(big.clientData).toEqual(exactly4096);

    const before = await writeCounts(t);
    const tooBig = { x: "a".repeat(4097 - JSON.stringify({ x: "" }).length) };
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 9; i++) deep = { deeper: deep };
    const badBodies: unknown[] = [
      { name: "c", clientData: tooBig },
      { name: "c", clientData: [] },
      { name: "c", clientData: "text" },
      { name: "c", clientData: deep },
      { name: "c", color: "red" },
      { name: "c", color: "#12345" },
      { name: "c", color: "#1234567" },
      { name: "" },
      { name: "   " },
      { name: "two\nlines" },
      { name: "x".repeat(101) },
      { name: "c", owner: "someone-else" },
      {},
    ];
    for (const body of badBodies) expectProblem(await me.call("POST", "/api/v1/me/channels", body), 400);
    for (const body of [{}, { clientData: tooBig }, { color: "blue" }, { trashed: true }, { name: "" }]) {
      expectProblem(await me.call("PATCH", `/api/v1/me/channels/${channel.id}`, body), 400);
    }
    expectProblem(await me.call("GET", "/api/v1/me/channels/not-a-uuid"), 400);
    expectProblem(await me.call("DELETE", "/api/v1/me/channels/not-a-uuid"), 400);
    expectProblem(await me.call("GET", "/api/v1/me/channels?state=bin"), 400);
    expectProblem(await me.call("GET", "/api/v1/me/channels?limit=0"), 400);
    const forged = await me.call("GET", "/api/v1/me/channels?cursor=bm90LWEtY3Vyc29y");
    expectProblem(forged, 400);
    expect(forged.body.reason).toBe("invalid_cursor");
    expect(await writeCounts(t)).toEqual(before);
    expect((await me.call("GET", `/api/v1/me/channels/${channel.id}`)).body).toEqual(channel);
  });

  it("deleting trashes first, then deletes for good with the token permissions on it; restoring brings them back", async () => {
    const me = await account();
    const work = await channelOf(me, "work");
    const home = await channelOf(me, "home");
    const shared = await sharedTokenOf(me, "family", [
      { channelId: work.id, level: "read" },
      { channelId: home.id, level: "manage" },
    ]);
    const both = [
      { channelId: work.id, level: "read" },
      { channelId: home.id, level: "manage" },
    ].sort(byChannelId);
    expect((await introspect(shared.token)).permissions).toEqual(both);

    // Trash: the permission stays, marked, and grants nothing.
    await clock.advance(1_000);
    const trash = await me.call("DELETE", `/api/v1/me/channels/${work.id}`);
    expect(trash.status, JSON.stringify(trash.body)).toBe(200);
    expect(trash.body).toEqual({ outcome: "trashed", tokenPermissionsRemoved: 0 });
    const whileTrashed = (await me.call("GET", `/api/v1/me/access-tokens/${shared.id}`)).body;
    expect(whileTrashed.permissions).toEqual([
      { channelId: home.id, channelName: "home", channelTrashed: false, level: "manage" },
      { channelId: work.id, channelName: "work", channelTrashed: true, level: "read" },
    ]);
    expect((await introspect(shared.token)).permissions).toEqual([{ channelId: home.id, level: "manage" }]);
    expect((await auditOf("channel.trash", work.id))[0]).toMatchObject({ actor: { type: "user", id: me.id }, before: { name: "work", trashed: false } });

    // Restore: it grants again.
    await clock.advance(1_000);
    const restored = await me.call("POST", `/api/v1/me/channels/${work.id}/restore`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect(restored.body).toEqual({ ...work, updatedAt: clock.now().toISOString() });
    expect((await introspect(shared.token)).permissions).toEqual(both);
    const [restoreEvent] = await auditOf("channel.update", work.id);
    expect(restoreEvent).toMatchObject({ actor: { type: "user", id: me.id }, before: { trashed: true }, after: { trashed: false } });

    // Trash again, then delete for good: the permission goes with it.
    await me.call("DELETE", `/api/v1/me/channels/${work.id}`);
    const before = await writeCounts(t);
    const gone = await me.call("DELETE", `/api/v1/me/channels/${work.id}`);
    expect(gone.status, JSON.stringify(gone.body)).toBe(200);
    expect(gone.body).toEqual({ outcome: "deleted", tokenPermissionsRemoved: 1 });
    const after = await writeCounts(t);
    expect(after).toMatchObject({
      channels: before.channels - 1,
      trashedChannels: before.trashedChannels - 1,
      accessTokenPermissions: before.accessTokenPermissions - 1,
      accessTokens: before.accessTokens,
      auditEvents: before.auditEvents + 1,
    });
    expectProblem(await me.call("GET", `/api/v1/me/channels/${work.id}`), 404);
    expect((await me.call("GET", `/api/v1/me/access-tokens/${shared.id}`)).body.permissions).toEqual([
      { channelId: home.id, channelName: "home", channelTrashed: false, level: "manage" },
    ]);
    expect(await introspect(shared.token)).toMatchObject({ active: true, permissions: [{ channelId: home.id, level: "manage" }] });
    expect((await auditOf("channel.delete", work.id))[0]).toMatchObject({
      actor: { type: "user", id: me.id },
      before: { name: "work", trashed: true },
      after: { tokenPermissionsRemoved: 1 },
    });
    // Gone is gone: a third delete and a restore are 404s; the name is free again.
    for (const [method, path] of [
      ["DELETE", `/api/v1/me/channels/${work.id}`],
      ["POST", `/api/v1/me/channels/${work.id}/restore`],
    ] as const) {
      const res = await me.call(method, path);
      expectProblem(res, 404);
      expect(res.body.reason).toBe("channel_not_found");
    }
    await channelOf(me, "work");
  });

  it("restoring a channel that is not in the trash answers it as it is, and writes nothing", async () => {
    const me = await account();
    const channel = await channelOf(me, "never binned");
    await clock.advance(5_000);
    const before = await writeCounts(t);
    const res = await me.call("POST", `/api/v1/me/channels/${channel.id}/restore`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual(channel);
    expect(await writeCounts(t)).toEqual(before);
    expect((await me.call("GET", `/api/v1/me/channels/${channel.id}`)).body).toEqual(channel);
  });

  it(`an account holds at most ${MAX_CHANNELS_PER_ACCOUNT}, trashed ones included (409 channel_limit_reached); deleting one for good makes room`, async () => {
    const me = await account();
    const now = clock.now();
    await t.server.db.prisma.channel.createMany({
      data: Array.from({ length: MAX_CHANNELS_PER_ACCOUNT - 1 }, (_, i) => ({
        userId: me.id,
        name: `seeded ${String(i).padStart(4, "0")}`,
        trashedAt: i % 2 === 0 ? now : null,
        createdAt: now,
        updatedAt: now,
      })),
    });
    const last = await channelOf(me, "the last one");
    const before = await writeCounts(t);
    const refused = await me.call("POST", "/api/v1/me/channels", { name: "one too many" });
    expectProblem(refused, 409);
    expect(refused.body.reason).toBe("channel_limit_reached");
    expect(await writeCounts(t)).toEqual(before);
    // Trashing frees nothing; deleting for good does.
    await me.call("DELETE", `/api/v1/me/channels/${last.id}`);
    expect((await me.call("POST", "/api/v1/me/channels", { name: "one too many" })).body.reason).toBe("channel_limit_reached");
    await me.call("DELETE", `/api/v1/me/channels/${last.id}`);
    await channelOf(me, "one too many");
    expect((await me.call("GET", "/api/v1/me/channels?state=all&limit=1")).body.total).toBe(MAX_CHANNELS_PER_ACCOUNT);
  });
});

describe("shared access tokens", () => {
  it("are made with levels on the account's channels; the secret is answered once, never in reads, the audit log or the database", async () => {
    const me = await account();
    const notes = await channelOf(me, "notes");
    const photos = await channelOf(me, "photos");
    const made = await sharedTokenOf(me, "doctor", [
      { channelId: photos.id, level: "contribute" },
      { channelId: notes.id, level: "read" },
    ]);
    expect(made.token).toMatch(/^sta_[A-Za-z0-9_-]{40,}$/);
    expect(made).toMatchObject({
      name: "doctor",
      permissions: [
        { channelId: notes.id, channelName: "notes", channelTrashed: false, level: "read" },
        { channelId: photos.id, channelName: "photos", channelTrashed: false, level: "contribute" },
      ],
      expiresAt: null,
      expired: false,
      lastUsedAt: null,
      createdAt: clock.now().toISOString(),
    });
    const { token: secret, ...shown } = made;
    const read = await me.call("GET", `/api/v1/me/access-tokens/${made.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(shown);
    const list = await me.call("GET", "/api/v1/me/access-tokens");
    expect(list.body).toMatchObject({ total: 1, nextCursor: null, data: [shown] });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(read.body)).not.toContain(secret);

    const [created] = await auditOf("access_token.create", made.id);
    expect(created).toMatchObject({ actor: { type: "user", id: me.id }, after: { name: "doctor", expiresAt: null } });
    expect(created.target).toEqual({ type: "access_token", id: made.id });
    expect(created.after.permissions).toHaveLength(2);
    expect(await wholeAuditLog()).not.toContain(secret);
    const row = await t.server.db.prisma.accessToken.findUniqueOrThrow({ where: { id: made.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.sealedToken).toBeNull();
  });

  it("introspection answers what it grants and records its use, at most once a minute", async () => {
    const me = await account();
    const channel = await channelOf(me, "vitals");
    const made = await sharedTokenOf(me, "nurse", [{ channelId: channel.id, level: "manage" }]);
    const firstUse = clock.now().toISOString();
    expect(await introspect(made.token)).toEqual({
      active: true,
      tokenId: made.id,
      kind: "shared",
      userId: me.id,
      username: me.username,
      appId: null,
      permissions: [{ channelId: channel.id, level: "manage" }],
      expiresAt: null,
    });
    expect((await me.call("GET", `/api/v1/me/access-tokens/${made.id}`)).body.lastUsedAt).toBe(firstUse);
    await clock.advance(30_000);
    await introspect(made.token);
    expect((await me.call("GET", `/api/v1/me/access-tokens/${made.id}`)).body.lastUsedAt).toBe(firstUse);
    await clock.advance(31_000);
    await introspect(made.token);
    expect((await me.call("GET", `/api/v1/me/access-tokens/${made.id}`)).body.lastUsedAt).toBe(clock.now().toISOString());
  });

  it("change in part: the name alone, the permissions replaced whole, the expiry set and cleared; the secret stays", async () => {
    const me = await account();
    const [a, b, c] = [await channelOf(me, "a"), await channelOf(me, "b"), await channelOf(me, "c")];
    const made = await sharedTokenOf(me, "partner", [
      { channelId: a.id, level: "read" },
      { channelId: b.id, level: "read" },
    ]);
    await clock.advance(1_000);
    const renamed = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { name: "partner 2" });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.permissions.map((p: any) => p.channelName)).toEqual(["a", "b"]);
    expect(renamed.body).toMatchObject({ name: "partner 2", updatedAt: clock.now().toISOString() });
    expect(renamed.body).not.toHaveProperty("token");

    const replaced = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { permissions: [{ channelId: c.id, level: "contribute" }] });
    expect(replaced.body.permissions).toEqual([{ channelId: c.id, channelName: "c", channelTrashed: false, level: "contribute" }]);
    expect((await introspect(made.token)).permissions).toEqual([{ channelId: c.id, level: "contribute" }]);

    const until = new Date(clock.now().getTime() + 3600_000).toISOString();
    const expiring = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { expiresAt: until });
    expect(expiring.body).toMatchObject({ expiresAt: until, expired: false, name: "partner 2" });
    expect((await introspect(made.token)).expiresAt).toBe(until);
    const forever = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { expiresAt: null });
    expect(forever.body.expiresAt).toBeNull();
    const emptied = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { permissions: [] });
    expect(emptied.body.permissions).toEqual([]);
    expect(await introspect(made.token)).toMatchObject({ active: true, permissions: [] });

    const updates = await auditOf("access_token.update", made.id);
    expect(updates).toHaveLength(5);
    expect(updates[1]).toMatchObject({ actor: { type: "user", id: me.id }, after: { permissions: [{ channelId: c.id, level: "contribute" }] } });
    expect([...updates[1].before.permissions].sort(byChannelId)).toEqual([{ channelId: a.id, level: "read" }, { channelId: b.id, level: "read" }].sort(byChannelId));
    expect(await wholeAuditLog()).not.toContain(made.token);
  });

  it("stop working once expired (the clock moves, nothing sleeps); a new expiry or none makes them work again", async () => {
    const me = await account();
    const channel = await channelOf(me, "short-lived");
    const until = new Date(clock.now().getTime() + 60_000).toISOString();
    const made = await sharedTokenOf(me, "brief", [{ channelId: channel.id, level: "read" }], until);
    expect(made).toMatchObject({ expiresAt: until, expired: false });
    expect(await introspect(made.token)).toMatchObject({ active: true, expiresAt: until });
    await clock.advance(59_999);
    expect((await introspect(made.token)).active).toBe(true);
    await clock.advance(1);
    expect(await introspect(made.token)).toEqual({ active: false });
    expect((await me.call("GET", `/api/v1/me/access-tokens/${made.id}`)).body).toMatchObject({ expired: true, expiresAt: until });
    // An expiry at or before now is refused, on a change too.
    const past = await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { expiresAt: clock.now().toISOString() });
    expectProblem(past, 422);
    expect(past.body.reason).toBe("expiry_in_past");
    expect((await me.call("PATCH", `/api/v1/me/access-tokens/${made.id}`, { expiresAt: null })).body.expired).toBe(false);
    expect((await introspect(made.token)).active).toBe(true);
  });

  it("deleted: it stops working at once, its permissions go, and a second delete is a 404", async () => {
    const me = await account();
    const channel = await channelOf(me, "gone soon");
    const made = await sharedTokenOf(me, "temporary", [{ channelId: channel.id, level: "read" }]);
    const before = await writeCounts(t);
    const res = await me.call("DELETE", `/api/v1/me/access-tokens/${made.id}`);
    expect(res.status).toBe(204);
    expect(await writeCounts(t)).toMatchObject({
      accessTokens: before.accessTokens - 1,
      accessTokenPermissions: before.accessTokenPermissions - 1,
      channels: before.channels,
      auditEvents: before.auditEvents + 1,
    });
    expect(await introspect(made.token)).toEqual({ active: false });
    for (const method of ["GET", "DELETE", "PATCH"]) {
      const again = await me.call(method, `/api/v1/me/access-tokens/${made.id}`, method === "PATCH" ? { name: "back" } : undefined);
      expectProblem(again, 404);
      expect(again.body.reason).toBe("access_token_not_found");
    }
    const [deleted] = await auditOf("access_token.delete", made.id);
    expect(deleted).toMatchObject({ actor: { type: "user", id: me.id }, before: { name: "temporary", permissions: [{ channelId: channel.id, level: "read" }] } });
    expect(await wholeAuditLog()).not.toContain(made.token);
  });

  it("may name trashed channels (they grant once restored), only the account's own and each once; refusals are 409/422/400 and write nothing", async () => {
    const me = await account();
    const other = await account();
    const mine = await channelOf(me, "mine");
    const binned = await channelOf(me, "binned");
    await me.call("DELETE", `/api/v1/me/channels/${binned.id}`);
    const theirs = await channelOf(other, "theirs");
    const existing = await sharedTokenOf(me, "existing", [{ channelId: mine.id, level: "read" }]);
    const waiting = await sharedTokenOf(me, "waiting", [{ channelId: binned.id, level: "read" }]);
    expect(waiting.permissions).toEqual([{ channelId: binned.id, channelName: "binned", channelTrashed: true, level: "read" }]);
    expect(await introspect(waiting.token)).toMatchObject({ active: true, permissions: [] });
    await me.call("POST", `/api/v1/me/channels/${binned.id}/restore`);
    expect((await introspect(waiting.token)).permissions).toEqual([{ channelId: binned.id, level: "read" }]);

    const before = await writeCounts(t);
    const refusals: [unknown, number, string | undefined, string | undefined][] = [
      [{ name: "x", permissions: [{ channelId: theirs.id, level: "read" }] }, 422, "unknown_channel", "body.permissions.0.channelId"],
      [{ name: "x", permissions: [{ channelId: mine.id, level: "read" }, { channelId: randomUUID(), level: "read" }] }, 422, "unknown_channel", "body.permissions.1.channelId"],
      [{ name: "x", permissions: [{ channelId: mine.id, level: "read" }, { channelId: mine.id, level: "manage" }] }, 422, "duplicate_channel", "body.permissions.1.channelId"],
      [{ name: "x", permissions: [], expiresAt: clock.now().toISOString() }, 422, "expiry_in_past", "body.expiresAt"],
      [{ name: "existing", permissions: [] }, 409, "token_name_taken", undefined],
      [{ name: "x", permissions: [{ channelId: mine.id, level: "admin" }] }, 400, undefined, undefined],
      [{ name: "x", permissions: [{ channelId: "not-a-uuid", level: "read" }] }, 400, undefined, undefined],
      [{ name: "x", permissions: [{ channelId: mine.id }] }, 400, undefined, undefined],
      [{ name: "x", permissions: Array.from({ length: 101 }, () => ({ channelId: randomUUID(), level: "read" })) }, 400, undefined, undefined],
      [{ name: "x", permissions: {} }, 400, undefined, undefined],
      [{ name: "x" }, 400, undefined, undefined],
      [{ name: "", permissions: [] }, 400, undefined, undefined],
      [{ name: "x", permissions: [], expiresAt: "tomorrow" }, 400, undefined, undefined],
      [{ name: "x", permissions: [], token: "sta_chosen-by-me" }, 400, undefined, undefined],
    ];
    for (const [body, status, reason, path] of refusals) {
      const res = await me.call("POST", "/api/v1/me/access-tokens", body);
      expectProblem(res, status);
      if (reason) expect(res.body.reason, JSON.stringify(body)).toBe(reason);
      if (path) expect(res.body.errors[0].path).toBe(path);
    }
    const patches: [unknown, number, string | undefined][] = [
      [{ permissions: [{ channelId: theirs.id, level: "read" }] }, 422, "unknown_channel"],
      [{ permissions: [{ channelId: mine.id, level: "read" }, { channelId: mine.id, level: "read" }] }, 422, "duplicate_channel"],
      [{ expiresAt: new Date(clock.now().getTime() - 1).toISOString() }, 422, "expiry_in_past"],
      [{ name: "waiting" }, 409, "token_name_taken"],
      [{}, 400, undefined],
      [{ permissions: [{ channelId: mine.id, level: "owner" }] }, 400, undefined],
    ];
    for (const [body, status, reason] of patches) {
      const res = await me.call("PATCH", `/api/v1/me/access-tokens/${existing.id}`, body);
      expectProblem(res, status);
      if (reason) expect(res.body.reason, JSON.stringify(body)).toBe(reason);
    }
    expectProblem(await me.call("GET", "/api/v1/me/access-tokens/not-a-uuid"), 400);
    expectProblem(await me.call("GET", "/api/v1/me/access-tokens?limit=201"), 400);
    expect(await writeCounts(t)).toEqual(before);
    const { token: _secret, ...shown } = existing;
    expect((await me.call("GET", `/api/v1/me/access-tokens/${existing.id}`)).body).toEqual(shown);
  });

  it("are listed by name, a page at a time, apart from the app tokens", async () => {
    const me = await account();
    for (const name of ["kilo", "golf", "juliet", "hotel", "india"]) await sharedTokenOf(me, name, []);
    await appTokenOf(me, "not-a-shared-token");
    const { pages, totals } = await allPages(me, "/api/v1/me/access-tokens", 2);
    expect(pages).toEqual([["golf", "hotel"], ["india", "juliet"], ["kilo"]]);
    expect(totals).toEqual([5, 5, 5]);
  });

  it(`an account holds at most ${MAX_SHARED_TOKENS_PER_ACCOUNT} (409 token_limit_reached)`, async () => {
    const me = await account();
    const now = clock.now();
    await t.server.db.prisma.accessToken.createMany({
      data: Array.from({ length: MAX_SHARED_TOKENS_PER_ACCOUNT - 1 }, (_, i) => ({
        userId: me.id,
        kind: "shared" as const,
        name: `seeded ${i}`,
        tokenHash: randomBytes(32).toString("hex"),
        createdAt: now,
        updatedAt: now,
      })),
    });
    await sharedTokenOf(me, "the last one", []);
    const before = await writeCounts(t);
    const refused = await me.call("POST", "/api/v1/me/access-tokens", { name: "one too many", permissions: [] });
    expectProblem(refused, 409);
    expect(refused.body.reason).toBe("token_limit_reached");
    expect(await writeCounts(t)).toEqual(before);
    // App tokens are counted apart.
    expect((await appTokenOf(me, "still room")).created).toBe(true);
  });
});

describe("app tokens", () => {
  it("one per app id, made URL-friendly: made on the first request, the same token after", async () => {
    const me = await account();
    const first = await appTokenOf(me, "My App!");
    expect(first).toMatchObject({ appId: "my-app", created: true, lastUsedAt: null, createdAt: clock.now().toISOString() });
    expect(first.token).toMatch(/^sta_/);
    for (const spelling of ["my-app", "MY APP", "  My   App  "]) {
      const again = await appTokenOf(me, spelling);
      expect(again, spelling).toEqual({ ...first, created: false });
    }
    const list = await me.call("GET", "/api/v1/me/app-tokens");
    expect(list.body).toEqual({ data: [{ id: first.id, appId: "my-app", lastUsedAt: null, createdAt: first.createdAt }], total: 1, nextCursor: null });
    expect((await me.call("GET", "/api/v1/me/access-tokens")).body.total).toBe(0);
    expect(await auditOf("app_token.create", first.id)).toHaveLength(1);
    expect((await auditOf("app_token.create", first.id))[0]).toMatchObject({ actor: { type: "user", id: me.id }, after: { appId: "my-app" } });
    expect(await wholeAuditLog()).not.toContain(first.token);
    // Kept sealed, never in the clear.
    const row = await t.server.db.prisma.accessToken.findUniqueOrThrow({ where: { id: first.id } });
    expect(row.sealedToken).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(first.token);

    expect(await introspect(first.token)).toEqual({
      active: true,
      tokenId: first.id,
      kind: "personal",
      userId: me.id,
      username: me.username,
      appId: "my-app",
      permissions: [],
      expiresAt: null,
    });
    expect((await me.call("GET", "/api/v1/me/app-tokens")).body.data[0].lastUsedAt).toBe(clock.now().toISOString());
    // Another app, another token.
    const other = await appTokenOf(me, "Other App");
    expect(other).toMatchObject({ appId: "other-app", created: true });
    expect(other.token).not.toBe(first.token);
  });

  it("revoked: it stops working, a second revoke is a 404, and the app's next request makes a new one", async () => {
    const me = await account();
    const first = await appTokenOf(me, "revocable");
    expect((await me.call("DELETE", `/api/v1/me/app-tokens/${first.id}`)).status).toBe(204);
    expect(await introspect(first.token)).toEqual({ active: false });
    const again = await me.call("DELETE", `/api/v1/me/app-tokens/${first.id}`);
    expectProblem(again, 404);
    expect(again.body.reason).toBe("access_token_not_found");
    expect((await me.call("GET", "/api/v1/me/app-tokens")).body.total).toBe(0);
    const [revoked] = await auditOf("app_token.revoke", first.id);
    expect(revoked).toMatchObject({ actor: { type: "user", id: me.id }, before: { appId: "revocable" } });

    const second = await appTokenOf(me, "revocable");
    expect(second.created).toBe(true);
    expect(second.token).not.toBe(first.token);
    expect(second.id).not.toBe(first.id);
    expect((await introspect(second.token)).active).toBe(true);
    expect(await introspect(first.token)).toEqual({ active: false });
  });

  it("a sealed token that no longer opens is replaced by a new one, audited as a reissue", async () => {
    const me = await account();
    const first = await appTokenOf(me, "resealed");
    await t.server.db.prisma.accessToken.update({ where: { id: first.id }, data: { sealedToken: "no longer opens" } });
    const reissued = await appTokenOf(me, "resealed");
    expect(reissued).toMatchObject({ id: first.id, appId: "resealed", created: false });
    expect(reissued.token).not.toBe(first.token);
    expect(await introspect(first.token)).toEqual({ active: false });
    expect((await introspect(reissued.token)).tokenId).toBe(first.id);
    expect((await appTokenOf(me, "resealed")).token).toBe(reissued.token);
    expect(await auditOf("app_token.reissue", first.id)).toHaveLength(1);
    expect(await wholeAuditLog()).not.toContain(reissued.token);
  });

  it("an app id with nothing URL-friendly in it, or too long once made so, is a 400 that writes nothing", async () => {
    const me = await account();
    const before = await writeCounts(t);
    for (const appId of ["!!!", "   ", "😀", "漢字", "-_-", "a".repeat(101)]) {
      const res = await me.call("POST", "/api/v1/me/app-tokens", { appId });
      expectProblem(res, 400);
      expect(res.body.reason, appId).toBe("invalid_app_id");
      expect(res.body.errors[0].path).toBe("body.appId");
    }
    for (const body of [{}, { appId: "" }, { appId: "x".repeat(201) }, { appId: 7 }, { appId: "ok", extra: true }]) {
      expectProblem(await me.call("POST", "/api/v1/me/app-tokens", body), 400);
    }
    expectProblem(await me.call("DELETE", "/api/v1/me/app-tokens/not-a-uuid"), 400);
    expect(await writeCounts(t)).toEqual(before);
    expect((await appTokenOf(me, "a".repeat(100))).appId).toBe("a".repeat(100));
  });

  it("are not shared tokens: neither kind is reached through the other's routes", async () => {
    const me = await account();
    const app = await appTokenOf(me, "kind-check");
    const shared = await sharedTokenOf(me, "kind-check", []);
    const before = await writeCounts(t);
    for (const [method, path, body] of [
      ["GET", `/api/v1/me/access-tokens/${app.id}`, undefined],
      ["PATCH", `/api/v1/me/access-tokens/${app.id}`, { name: "renamed" }],
      ["DELETE", `/api/v1/me/access-tokens/${app.id}`, undefined],
      ["DELETE", `/api/v1/me/app-tokens/${shared.id}`, undefined],
    ] as const) {
      const res = await me.call(method, path, body);
      expectProblem(res, 404);
      expect(res.body.reason).toBe("access_token_not_found");
    }
    expect(await writeCounts(t)).toEqual(before);
    expect((await introspect(app.token)).active).toBe(true);
    expect((await introspect(shared.token)).active).toBe(true);
  });

  it("are listed by app id, a page at a time", async () => {
    const me = await account();
    for (const app of ["Zulu", "x-ray", "Yankee"]) await appTokenOf(me, app);
    expect((await allPages(me, "/api/v1/me/app-tokens", 2)).pages).toEqual([["x-ray", "yankee"], ["zulu"]]);
  });

  it(`an account holds at most ${MAX_APP_TOKENS_PER_ACCOUNT} (409 token_limit_reached); the apps it has still get theirs`, async () => {
    const me = await account();
    const now = clock.now();
    await t.server.db.prisma.accessToken.createMany({
      data: Array.from({ length: MAX_APP_TOKENS_PER_ACCOUNT - 1 }, (_, i) => ({
        userId: me.id,
        kind: "personal" as const,
        name: `seeded-${i}`,
        appId: `seeded-${i}`,
        tokenHash: randomBytes(32).toString("hex"),
        createdAt: now,
        updatedAt: now,
      })),
    });
    const last = await appTokenOf(me, "the last one");
    expect(last.created).toBe(true);
    const before = await writeCounts(t);
    const refused = await me.call("POST", "/api/v1/me/app-tokens", { appId: "one too many" });
    expectProblem(refused, 409);
    expect(refused.body.reason).toBe("token_limit_reached");
    expect(await writeCounts(t)).toEqual(before);
    expect(await appTokenOf(me, "the last one")).toEqual({ ...last, created: false });
  });
});

describe("introspection", () => {
  it("answers active: false for a token it does not know: a guess, a session token, an API key", async () => {
    const me = await account();
    const key = await apiKeyWith(t, ["users:read"]);
    for (const token of [`sta_${randomBytes(32).toString("base64url")}`, "x", me.token, key]) {
      expect(await introspect(token)).toEqual({ active: false });
    }
  });

  it("needs access-tokens:introspect: a plain account's session and a key without it are 403; nothing is recorded", async () => {
    const me = await account();
    const app = await appTokenOf(me, "checked-by-whom");
    const without = await apiKeyWith(t, ["users:read"]);
    for (const token of [me.token, without]) {
      const res = await t.api("POST", "/api/v1/access-tokens/introspect", { token, body: { token: app.token } });
      expectProblem(res, 403);
      expect(res.body.reason).toBe("missing_permission");
    }
    expect((await me.call("GET", "/api/v1/me/app-tokens")).body.data[0].lastUsedAt).toBeNull();
    expectProblem(await t.api("POST", "/api/v1/access-tokens/introspect", { token: checker, body: { token: "" } }), 400);
    expectProblem(await t.api("POST", "/api/v1/access-tokens/introspect", { token: checker, body: {} }), 400);
  });

  it("answers active: false while the account is deactivated, and true again once it is active", async () => {
    const me = await account();
    const channel = await channelOf(me, "paused");
    const shared = await sharedTokenOf(me, "paused", [{ channelId: channel.id, level: "read" }]);
    const app = await appTokenOf(me, "paused");
    expect((await t.api("POST", `/api/v1/users/${me.id}/deactivate`)).status).toBe(200);
    expect(await introspect(shared.token)).toEqual({ active: false });
    expect(await introspect(app.token)).toEqual({ active: false });
    expect((await t.api("POST", `/api/v1/users/${me.id}/activate`)).status).toBe(200);
    expect((await introspect(shared.token)).active).toBe(true);
    expect((await introspect(app.token)).active).toBe(true);
  });
});

describe("bookmarks", () => {
  it("are kept, read, changed and deleted; the token is shown in reads and never in the audit log or the database in the clear", async () => {
    const me = await account();
    const secret = `sta_${randomBytes(24).toString("base64url")}`;
    const made = await bookmarkOf(me, "Grandma's garden", { url: "https://pryv.example.org/grandma/", accessToken: secret });
    expect(made).toMatchObject({ name: "Grandma's garden", url: "https://pryv.example.org/grandma/", accessToken: secret, createdAt: clock.now().toISOString() });
    expect((await me.call("GET", `/api/v1/me/bookmarks/${made.id}`)).body).toEqual(made);
    expect((await me.call("GET", "/api/v1/me/bookmarks")).body).toEqual({ data: [made], total: 1, nextCursor: null });
    const row = await t.server.db.prisma.bookmark.findUniqueOrThrow({ where: { id: made.id } });
    expect(row.sealedToken).not.toBeNull();
    expect(JSON.stringify(row)).not.toContain(secret);

    await clock.advance(1_000);
    const moved = await me.call("PATCH", `/api/v1/me/bookmarks/${made.id}`, { url: "http://pryv.example.net/grandma" });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toEqual({ ...made, url: "http://pryv.example.net/grandma", updatedAt: clock.now().toISOString() });
    const cleared = await me.call("PATCH", `/api/v1/me/bookmarks/${made.id}`, { accessToken: null, name: "Garden" });
    expect(cleared.body).toMatchObject({ name: "Garden", accessToken: null });
    expect((await t.server.db.prisma.bookmark.findUniqueOrThrow({ where: { id: made.id } })).sealedToken).toBeNull();
    const newSecret = `sta_${randomBytes(24).toString("base64url")}`;
    expect((await me.call("PATCH", `/api/v1/me/bookmarks/${made.id}`, { accessToken: newSecret })).body.accessToken).toBe(newSecret);

    expect((await me.call("DELETE", `/api/v1/me/bookmarks/${made.id}`)).status).toBe(204);
    for (const method of ["GET", "DELETE"]) {
      const res = await me.call(method, `/api/v1/me/bookmarks/${made.id}`);
      expectProblem(res, 404);
      expect(res.body.reason).toBe("bookmark_not_found");
    }
    const [created] = await auditOf("bookmark.create", made.id);
    expect(created).toMatchObject({ actor: { type: "user", id: me.id }, after: { name: "Grandma's garden", hasAccessToken: true } });
    const updates = await auditOf("bookmark.update", made.id);
    expect(updates.map((e) => e.after.hasAccessToken)).toEqual([true, false, true]);
    expect(await auditOf("bookmark.delete", made.id)).toHaveLength(1);
    const log = await wholeAuditLog();
    expect(log).not.toContain(secret);
    expect(log).not.toContain(newSecret);
  });

  it("are listed by name, a page at a time", async () => {
    const me = await account();
    for (const name of ["papa", "mike", "oscar", "november"]) await bookmarkOf(me, name);
    const { pages, totals } = await allPages(me, "/api/v1/me/bookmarks", 3);
    expect(pages).toEqual([["mike", "november", "oscar"], ["papa"]]);
    expect(totals).toEqual([4, 4]);
  });

  it("take only http(s) URLs (422 invalid_bookmark_url); bad input writes nothing", async () => {
    const me = await account();
    const kept = await bookmarkOf(me, "kept");
    const before = await writeCounts(t);
    for (const url of ["javascript:alert(1)", "ftp://files.example.org/x", "https://user:pw@data.example.org/", "//data.example.org/x", "/relative", "data:text/html,hi", "https:data.example.org", "mailto:a@example.org"]) {
      const made = await me.call("POST", "/api/v1/me/bookmarks", { name: "bad", url });
      expectProblem(made, 422);
      expect(made.body.reason, url).toBe("invalid_bookmark_url");
      expect(made.body.errors[0].path).toBe("body.url");
      const changed = await me.call("PATCH", `/api/v1/me/bookmarks/${kept.id}`, { url });
      expectProblem(changed, 422);
      expect(changed.body.reason, url).toBe("invalid_bookmark_url");
    }
    for (const body of [{ name: "bad" }, { url: "https://data.example.org/" }, { name: "", url: "https://data.example.org/" }, { name: "bad", url: `https://data.example.org/${"x".repeat(2048)}` }, { name: "bad", url: "https://data.example.org/", accessToken: "" }, { name: "bad", url: "https://data.example.org/", clientData: {} }]) {
      expectProblem(await me.call("POST", "/api/v1/me/bookmarks", body), 400);
    }
    expectProblem(await me.call("PATCH", `/api/v1/me/bookmarks/${kept.id}`, {}), 400);
    expectProblem(await me.call("GET", "/api/v1/me/bookmarks/not-a-uuid"), 400);
    expect(await writeCounts(t)).toEqual(before);
    expect((await me.call("GET", `/api/v1/me/bookmarks/${kept.id}`)).body).toEqual(kept);
  });

  it(`an account holds at most ${MAX_BOOKMARKS_PER_ACCOUNT} (409 bookmark_limit_reached)`, async () => {
    const me = await account();
    const now = clock.now();
    await t.server.db.prisma.bookmark.createMany({
      data: Array.from({ length: MAX_BOOKMARKS_PER_ACCOUNT - 1 }, (_, i) => ({ userId: me.id, name: `seeded ${i}`, url: "https://data.example.org/", createdAt: now, updatedAt: now })),
    });
    await bookmarkOf(me, "the last one");
    const before = await writeCounts(t);
    const refused = await me.call("POST", "/api/v1/me/bookmarks", { name: "one too many", url: "https://data.example.org/" });
    expectProblem(refused, 409);
    expect(refused.body.reason).toBe("bookmark_limit_reached");
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("another account's things", () => {
  it("are 404 to everyone else, on every route that takes an id; and stay as they were", async () => {
    const owner = await account();
    const stranger = await account();
    const channel = await channelOf(owner, "private");
    const binned = await channelOf(owner, "private bin");
    await owner.call("DELETE", `/api/v1/me/channels/${binned.id}`);
    const shared = await sharedTokenOf(owner, "private", [{ channelId: channel.id, level: "manage" }]);
    const app = await appTokenOf(owner, "private-app");
    const bookmark = await bookmarkOf(owner, "private", { accessToken: "sta_private" });
    const snapshot = async () => ({
      channel: (await owner.call("GET", `/api/v1/me/channels/${channel.id}`)).body,
      binned: (await owner.call("GET", `/api/v1/me/channels/${binned.id}`)).body,
      shared: (await owner.call("GET", `/api/v1/me/access-tokens/${shared.id}`)).body,
      apps: (await owner.call("GET", "/api/v1/me/app-tokens")).body,
      bookmark: (await owner.call("GET", `/api/v1/me/bookmarks/${bookmark.id}`)).body,
    });
    const was = await snapshot();
    const before = await writeCounts(t);

    const attempts: [string, string, unknown, string][] = [
      ["GET", `/api/v1/me/channels/${channel.id}`, undefined, "channel_not_found"],
      ["PATCH", `/api/v1/me/channels/${channel.id}`, { name: "mine now" }, "channel_not_found"],
      ["DELETE", `/api/v1/me/channels/${channel.id}`, undefined, "channel_not_found"],
      ["DELETE", `/api/v1/me/channels/${binned.id}`, undefined, "channel_not_found"],
      ["POST", `/api/v1/me/channels/${binned.id}/restore`, undefined, "channel_not_found"],
      ["POST", `/api/v1/me/channels/${channel.id}/restore`, undefined, "channel_not_found"],
      ["GET", `/api/v1/me/access-tokens/${shared.id}`, undefined, "access_token_not_found"],
      ["PATCH", `/api/v1/me/access-tokens/${shared.id}`, { expiresAt: null }, "access_token_not_found"],
      ["DELETE", `/api/v1/me/access-tokens/${shared.id}`, undefined, "access_token_not_found"],
      ["DELETE", `/api/v1/me/app-tokens/${app.id}`, undefined, "access_token_not_found"],
      ["GET", `/api/v1/me/bookmarks/${bookmark.id}`, undefined, "bookmark_not_found"],
      ["PATCH", `/api/v1/me/bookmarks/${bookmark.id}`, { url: "https://evil.example.org/" }, "bookmark_not_found"],
      ["DELETE", `/api/v1/me/bookmarks/${bookmark.id}`, undefined, "bookmark_not_found"],
    ];
    for (const [method, path, body, reason] of attempts) {
      const res = await stranger.call(method, path, body);
      expectProblem(res, 404);
      expect(res.body.reason, `${method} ${path}`).toBe(reason);
    }
    // Granting a level on someone else's channel is not possible either.
    const grant = await stranger.call("POST", "/api/v1/me/access-tokens", { name: "borrowed", permissions: [{ channelId: channel.id, level: "read" }] });
    expectProblem(grant, 422);
    expect(grant.body.reason).toBe("unknown_channel");
    // The same app id is another token for another account.
    const theirs = await appTokenOf(stranger, "private-app");
    expect(theirs).toMatchObject({ created: true });
    expect(theirs.token).not.toBe(app.token);
    // The stranger's lists hold none of it.
    for (const path of ["/api/v1/me/channels?state=all", "/api/v1/me/access-tokens", "/api/v1/me/bookmarks"]) {
      expect((await stranger.call("GET", path)).body.total, path).toBe(0);
    }
    expect((await stranger.call("GET", "/api/v1/me/app-tokens")).body.data.map((a: any) => a.id)).toEqual([theirs.id]);

    const after = await writeCounts(t);
    expect(after).toEqual({ ...before, accessTokens: before.accessTokens + 1, auditEvents: before.auditEvents + 1 });
    expect(await snapshot()).toEqual(was);
    expect((await introspect(shared.token)).permissions).toEqual([{ channelId: channel.id, level: "manage" }]);
    expect((await introspect(app.token)).userId).toBe(owner.id);
  });
});

describe("a login session only", () => {
  it("an API key, even one holding every permission, is 403 session_required on every route of the account's space, and writes nothing", async () => {
    const me = await account();
    const channel = await channelOf(me, "keyed");
    const shared = await sharedTokenOf(me, "keyed", []);
    const app = await appTokenOf(me, "keyed");
    const bookmark = await bookmarkOf(me, "keyed");
    const key = await apiKeyWith(t, ["*"]);
    const before = await writeCounts(t);
    const calls: [string, string, unknown][] = [
      ["GET", "/api/v1/me/channels", undefined],
      ["POST", "/api/v1/me/channels", { name: "by key" }],
      ["GET", `/api/v1/me/channels/${channel.id}`, undefined],
      ["PATCH", `/api/v1/me/channels/${channel.id}`, { name: "by key" }],
      ["DELETE", `/api/v1/me/channels/${channel.id}`, undefined],
      ["POST", `/api/v1/me/channels/${channel.id}/restore`, undefined],
      ["GET", "/api/v1/me/access-tokens", undefined],
      ["POST", "/api/v1/me/access-tokens", { name: "by key", permissions: [] }],
      ["GET", `/api/v1/me/access-tokens/${shared.id}`, undefined],
      ["PATCH", `/api/v1/me/access-tokens/${shared.id}`, { name: "by key" }],
      ["DELETE", `/api/v1/me/access-tokens/${shared.id}`, undefined],
      ["GET", "/api/v1/me/app-tokens", undefined],
      ["POST", "/api/v1/me/app-tokens", { appId: "by key" }],
      ["DELETE", `/api/v1/me/app-tokens/${app.id}`, undefined],
      ["GET", "/api/v1/me/bookmarks", undefined],
      ["POST", "/api/v1/me/bookmarks", { name: "by key", url: "https://data.example.org/" }],
      ["GET", `/api/v1/me/bookmarks/${bookmark.id}`, undefined],
      ["PATCH", `/api/v1/me/bookmarks/${bookmark.id}`, { name: "by key" }],
      ["DELETE", `/api/v1/me/bookmarks/${bookmark.id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await t.api(method, path, { token: key, body });
      expectProblem(res, 403);
      expect(res.body.reason, `${method} ${path}`).toBe("session_required");
    }
    for (const [method, path, body] of calls) expectProblem(await t.api(method, path, { token: null, body }), 401);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("sessions carry the app they were opened for: none through v1", async () => {
    const me = await account();
    const sessions = (await me.call("GET", "/api/v1/me/sessions")).body.data;
    expect(sessions).toHaveLength(1);
    expect(sessions[0].appId).toBeNull();
  });
});

describe("the use cases, below the HTTP layer (for surfaces whose ids are not uuids)", () => {
  it("answer any id that is not a uuid with the thing's 404, never a database error", async () => {
    const me = await account();
    const session = await t.server.db.prisma.session.findFirstOrThrow({ where: { userId: me.id }, select: { id: true } });
    const base = systemContextOf(t, "v1");
    const ctx: ServiceContext = {
      ...base,
      actor: { type: "user", id: me.id, label: me.username, permissions: [], roles: [], userId: me.id, sessionId: session.id },
    };
    const channel = await channelOf(me, "real");
    const before = await writeCounts(t);
    const cases: [string, () => Promise<unknown>, string][] = [];
    for (const id of ["not-a-uuid", "1", "", "00000000-0000-0000-0000-00000000000g", `${channel.id}x`]) {
      cases.push(
        ["getOwnChannel", () => getOwnChannel(ctx, id), "channel_not_found"],
        ["updateOwnChannel", () => updateOwnChannel(ctx, id, { name: "x" }), "channel_not_found"],
        ["deleteOwnChannel", () => deleteOwnChannel(ctx, id), "channel_not_found"],
        ["restoreOwnChannel", () => restoreOwnChannel(ctx, id), "channel_not_found"],
        ["getOwnSharedToken", () => getOwnSharedToken(ctx, id), "access_token_not_found"],
        ["updateOwnSharedToken", () => updateOwnSharedToken(ctx, id, { name: "x" }), "access_token_not_found"],
        ["deleteOwnSharedToken", () => deleteOwnSharedToken(ctx, id), "access_token_not_found"],
        ["revokeOwnAppToken", () => revokeOwnAppToken(ctx, id), "access_token_not_found"],
        ["getOwnBookmark", () => getOwnBookmark(ctx, id), "bookmark_not_found"],
        ["updateOwnBookmark", () => updateOwnBookmark(ctx, id, { name: "x" }), "bookmark_not_found"],
        ["deleteOwnBookmark", () => deleteOwnBookmark(ctx, id), "bookmark_not_found"],
      );
    }
    for (const [name, call, reason] of cases) {
      await expect(call(), name).rejects.toMatchObject({ name: "ServiceError", code: "not_found", reason });
    }
    // A permission naming a channel by such an id is an unknown channel.
    await expect(createOwnSharedToken(ctx, { name: "odd", permissions: [{ channelId: "not-a-uuid", level: "read" }] })).rejects.toMatchObject({
      code: "unprocessable_entity",
      reason: "unknown_channel",
    });
    // And an API key's actor is refused before anything is read.
    const keyed: ServiceContext = { ...ctx, actor: { ...ctx.actor, type: "api_key", sessionId: null } };
    await expect(getOwnAppToken(keyed, { appId: "x" })).rejects.toMatchObject({ code: "forbidden", reason: "session_required" });
    expect(await writeCounts(t)).toEqual(before);
  });
});

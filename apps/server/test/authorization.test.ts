import type { AppRoute } from "@ts-rest/core";
import { ALL_PERMISSIONS, BUILT_IN_ROLES, covers, requiredPermissions, type RouteAccess } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";
import { SURFACES } from "./support/contract-check.ts";
import { routesOf } from "./support/contract-routes.ts";

const accessOf = (route: AppRoute) => route.metadata as RouteAccess | undefined;

/** The routes anyone may call, per surface: a surface registered without its line here fails until someone decides. */
const PUBLIC_ROUTES: Record<string, string[]> = {
  v1: ["auth.login", "registration.getRegistration", "registration.signUp", "invites.getInvitation", "invites.redeemInvitation"],
  prosody: [],
  pleroma: [],
  pterodactyl: [],
  pryv: ["login"],
  "pryv-early": ["login"],
};

let t: TestServer;
let userId: string;
let otherUserId: string;
let groupId: string;
let invite: { id: string; token: string };
beforeAll(async () => {
  t = await startTestServer();
  userId = (await createUser(t, { username: "subject" })).id;
  otherUserId = (await createUser(t, { username: "followed" })).id;
  groupId = (await t.api("POST", "/api/v1/groups", { body: { name: "subject group" } })).body.id;
  invite = (await t.api("POST", "/api/v1/invites", { body: { kind: "register" } })).body;
});
afterAll(() => t?.close());

/** A session id no session has: where a route names one, passing authorization is what these checks look at. */
const NO_SESSION = "00000000-0000-4000-8000-000000000000";
/** Likewise an attached resource id no resource has. */
const NO_RESOURCE = "00000000-0000-4000-8000-000000000002";
/** And a channel, access token or bookmark id (an account's own things) none has. */
const NO_OWN_THING = "00000000-0000-4000-8000-000000000004";

/** A concrete URL for a route: path params filled with a real user, group or invite id, an invite token, or plausible values. */
function urlOf(route: AppRoute): string {
  const id = /\/groups\//.test(route.path) ? groupId : /\/invites\//.test(route.path) ? invite.id : userId;
  return route.path
    .replace(/:id/g, id)
    .replace(/:userId/g, userId)
    .replace(/:targetId/g, otherUserId)
    .replace(/:username/g, "subject")
    .replace(/:nickname/g, "subject")
    .replace(/:external_id/g, "no-such-external-id")
    .replace(/:permission_group/g, "moderator")
    .replace(/:token/g, invite.token)
    .replace(/:role/g, "moderator")
    .replace(/:tag/g, "x")
    .replace(/:sessionId/g, NO_SESSION)
    .replace(/:resourceId/g, NO_RESOURCE)
    .replace(/:(channelId|tokenId|bookmarkId)/g, NO_OWN_THING);
}

describe("the route walker", () => {
  it("finds every route of v1, nested routers included", () => {
    expect(routesOf(SURFACES).filter(({ surface }) => surface.name === "v1").length).toBeGreaterThan(15);
  });
});

for (const surface of SURFACES) {
  const routes = routesOf([surface]);

  describe(`${surface.name}: the contract`, () => {
    it("declares access on every route (public, authenticated, or a known permission)", () => {
      expect(routes.length).toBeGreaterThan(0);
      for (const { name, route } of routes) {
        const access = accessOf(route);
        expect(access, `${name} declares no access`).toBeDefined();
        expect(["public", "authenticated", "permission"], name).toContain(access!.access);
        for (const permission of requiredPermissions(access!)) expect(ALL_PERMISSIONS, name).toContain(permission);
        if (access!.access === "permission" && access!.role) expect(Object.keys(BUILT_IN_ROLES), name).toContain(access!.role);
      }
    });

    it("makes public only the routes listed for it (v1: signing in, signing up and invitation links)", () => {
      expect(routes.filter(({ route }) => accessOf(route)?.access === "public").map(({ name }) => name)).toEqual(PUBLIC_ROUTES[surface.name]);
    });
  });

  const publicRoutes = routes.filter(({ route }) => accessOf(route)?.access === "public");
  if (publicRoutes.length) describe(`${surface.name}: public routes answer without a token`, () => {
    for (const { name, route } of publicRoutes) {
      it(`${name}: neither 401 nor 403, with no token or a bad one`, async () => {
        for (const token of [null, "sts_not-a-session"]) {
          const res = await t.api(route.method, urlOf(route), { token, body: route.method === "GET" ? undefined : {} });
          expect([401, 403], `${name}: ${JSON.stringify(res.body)}`).not.toContain(res.status);
          expect(res.headers.get("www-authenticate")).toBeNull();
        }
      });
    }
  });

  describe(`${surface.name}: every endpoint refuses callers without its permission`, () => {
    for (const { name, route } of routes) {
      const access = accessOf(route);
      if (!access || access.access === "public") continue;
      const body = route.method === "GET" ? undefined : {};

      it(`${name}: 401 without a token`, async () => {
        const before = await t.server.db.prisma.auditEvent.count();
        const res = await t.api(route.method, urlOf(route), { token: null, body });
        surface.expectError(res, 401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
        expect(await t.server.db.prisma.auditEvent.count()).toBe(before);
      });

      if (access.access !== "permission") continue;
      const needed = requiredPermissions(access);
      it(`${name}: 403 with a key that lacks ${needed.join(" or ")}, neither 401/403 nor 5xx with ${needed.join(" and ")}`, async () => {
        for (const permission of needed) {
          const without = await apiKeyWith(t, ALL_PERMISSIONS.filter((p) => p !== permission));
          const before = await t.server.db.prisma.auditEvent.count();
          const denied = await t.api(route.method, urlOf(route), { token: without, body });
          surface.expectError(denied, 403);
          expect(await t.server.db.prisma.auditEvent.count()).toBe(before);
        }
        const withIt = await apiKeyWith(t, needed);
        // An invalid (empty) body is fine here: passing authorization is what is checked, and a 5xx is no pass.
        const allowed = await t.api(route.method, urlOf(route), { token: withIt, body });
        const what = `${name} with ${needed.join(", ")}: ${allowed.status} ${JSON.stringify(allowed.body)}`;
        expect([401, 403], what).not.toContain(allowed.status);
        expect(allowed.status, what).toBeLessThan(500);
      });
    }
  });

  const roleRoutes = routes.filter(({ route }) => {
    const access = accessOf(route);
    return access?.access === "permission" && access.role !== undefined;
  });
  if (roleRoutes.length) describe(`${surface.name}: routes for a role's holders refuse everyone else`, () => {
    /** A session of a user whose role grants every permission but is not the role the routes name. */
    const sessions = new Map<string, string>();
    async function almighty(role: string): Promise<string> {
      if (!sessions.has(role)) {
        const name = `all-but-${role}`;
        // Only built-in roles exist through the API; a role holding `*` under another name is made here.
        await t.server.db.prisma.role.create({ data: { name, description: "every permission", permissions: ["*"] } });
        await createUser(t, { username: name, password: "almighty-password", roles: [name] });
        sessions.set(role, await loginAs(t, name, "almighty-password"));
      }
      return sessions.get(role)!;
    }
    for (const { name, route } of roleRoutes) {
      const { role } = accessOf(route) as { role: string };
      it(`${name}: 403 for a caller holding every permission but not the ${role} role`, async () => {
        const token = await almighty(role);
        const before = await writeCounts(t);
        surface.expectError(await t.api(route.method, urlOf(route), { token, body: route.method === "GET" ? undefined : {} }), 403);
        expect(await writeCounts(t)).toEqual(before);
      });
    }
  });
}

/**
 * The target dimension: every route that acts on one user, called by callers
 * of each privilege on targets of each privilege. Reads need the route's
 * permission only; a write also needs the caller to hold every permission the
 * target holds (nobody acts on an account that outranks them).
 */
describe("every route that acts on a user × caller privilege × target privilege", () => {
  const userRoutes = routesOf(SURFACES).filter(({ surface, route }) => surface.name === "v1" && route.path.startsWith("/api/v1/users/:id"));
  const privileges = {
    admin: { roles: ["admin"], permissions: [...BUILT_IN_ROLES.admin.permissions] as string[] },
    moderator: { roles: ["moderator"], permissions: [...BUILT_IN_ROLES.moderator.permissions] as string[] },
    plain: { roles: [], permissions: [] as string[] },
  };
  type Privilege = keyof typeof privileges;
  const callers: Record<string, (route: AppRoute) => Promise<{ token: string; permissions: string[] }>> = {
    "admin session": async () => ({ token: t.adminToken, permissions: ["*"] }),
    "moderator session": async () => ({ token: await callerSession("moderator"), permissions: privileges.moderator.permissions }),
    "plain session": async () => ({ token: await callerSession("plain"), permissions: [] }),
    "key with exactly the route's permission": async (route) => {
      const needed = (accessOf(route) as { permission: string }).permission;
      return { token: await apiKeyWith(t, [needed]), permissions: [needed] };
    },
  };
  const sessions = new Map<string, string>();
  async function callerSession(privilege: Privilege): Promise<string> {
    if (!sessions.has(privilege)) {
      const name = `walk-caller-${privilege}`;
      await createUser(t, { username: name, password: "walk-caller-password", roles: privileges[privilege].roles });
      sessions.set(privilege, await loginAs(t, name, "walk-caller-password"));
    }
    return sessions.get(privilege)!;
  }
  let targets = 0;
  /** A new target user; signed in once when the route acts on sessions, so that ending them would write. */
  async function freshTarget(privilege: Privilege, signedIn: boolean): Promise<{ id: string; sessionId: string }> {
    targets += 1;
    const username = `walk-target-${targets}`;
    const password = signedIn ? "walk-target-password" : undefined;
    // An address, so that a permitted password-reset email goes out rather than stopping at `no_email`.
    const { id } = await createUser(t, { username, password, email: `${username}@example.org`, roles: privileges[privilege].roles, tags: ["walk"] });
    if (!signedIn) return { id, sessionId: NO_SESSION };
    await loginAs(t, username, password!);
    const session = await t.server.db.prisma.session.findFirstOrThrow({ where: { userId: id }, select: { id: true } });
    return { id, sessionId: session.id };
  }
  const bodies: Record<string, (targetId: string) => unknown> = {
    "users.updateUser": () => ({ password: "walk-new-password" }),
    "users.addUserTags": () => ({ tags: ["walked"] }),
    "resources.attachResource": (targetId) => ({ kind: "walk", externalId: `attach-${targetId}` }),
    "operators.setUserPermissions": () => ({ permissions: ["users:read"] }),
  };
  /** A resource attached to the target (by the administrator) when the route names one, so that detaching it would write. */
  async function resourceOf(route: AppRoute, targetId: string): Promise<string> {
    if (!route.path.includes(":resourceId")) return NO_RESOURCE;
    const res = await t.api("POST", `/api/v1/users/${targetId}/resources`, { body: { kind: "walk", externalId: `detach-${targetId}` } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }
  // Refusals for other reasons than rank that a permitted caller can meet here.
  const otherRefusals = ["permission_not_held", "last_admin"];
  // Acting so on an operator (anyone holding a permission: a moderator, an admin) needs the operators' own permission instead.
  const operatorNeeds: Record<string, string> = { "users.deleteUser": "operators:delete", "users.resetUserPassword": "operators:reset-password" };

  it("covers every route that acts on a user", () => expect(userRoutes.length).toBeGreaterThanOrEqual(9));

  for (const { name, route } of userRoutes) {
    const needed = (accessOf(route) as { permission: string }).permission;
    const isWrite = route.method !== "GET";
    for (const [callerName, makeCaller] of Object.entries(callers)) {
      for (const target of Object.keys(privileges) as Privilege[]) {
        it(`${name}: ${callerName} on a ${target}`, async () => {
          const caller = await makeCaller(route);
          const { id: targetId, sessionId } = await freshTarget(target, route.path.includes("/sessions"));
          const url = route.path
            .replace(/:id/g, targetId)
            .replace(/:role/g, "moderator")
            .replace(/:tag/g, "walk")
            .replace(/:sessionId/g, sessionId)
            .replace(/:resourceId/g, await resourceOf(route, targetId))
            .replace(/:targetId/g, otherUserId);
          const before = await writeCounts(t);
          const etag = (await t.api("GET", `/api/v1/users/${targetId}`)).headers.get("etag");
          const res = await t.api(route.method, url, { token: caller.token, body: bodies[name]?.(targetId) });
          const holdsRoute = caller.permissions.includes("*") || caller.permissions.includes(needed);
          const outranked = !covers(caller.permissions, privileges[target].permissions);
          if (!holdsRoute || (isWrite && outranked)) {
            expectProblem(res, 403, "forbidden");
            expect(res.body.reason).toBe(holdsRoute ? "target_outranks_caller" : "missing_permission");
            expect(await writeCounts(t)).toEqual(before);
            expect((await t.api("GET", `/api/v1/users/${targetId}`)).headers.get("etag")).toBe(etag);
          } else if (res.status >= 400 && res.body.reason === "missing_permission") {
            expect(target, JSON.stringify(res.body)).not.toBe("plain");
            expect(covers(caller.permissions, [operatorNeeds[name] ?? "*"]), JSON.stringify(res.body)).toBe(false);
            expect(await writeCounts(t)).toEqual(before);
          } else if (res.status >= 400) {
            expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
            expect(otherRefusals, JSON.stringify(res.body)).toContain(res.body.reason);
          } else {
            expect(res.status).toBeLessThan(300);
          }
        });
      }
    }
  }
});

/**
 * The owner dimension: every route that names one of an account's own
 * things (a channel, a shared or app token, a bookmark), on every surface,
 * called by another signed-in account with the owner's id. Each is the
 * thing's 404, writes nothing, and leaves the owner's things as they were.
 * And every route of the account's own space in v1 needs a login session:
 * an API key holding every permission is 403 `session_required`.
 */
describe("every route on an account's own things × another account", () => {
  /** What a route's id names, by its path. */
  const thingOf = (path: string): "channel" | "sharedToken" | "appToken" | "bookmark" | null => {
    if (/\/me\/channels\/:channelId|\/admin\/channels\/:id/.test(path)) return "channel";
    if (/\/me\/access-tokens\/:tokenId|\/admin\/tokens\/:id/.test(path)) return "sharedToken";
    if (/\/me\/app-tokens\/:tokenId/.test(path)) return "appToken";
    if (/\/me\/bookmarks\/:bookmarkId|\/admin\/bookmarks\/:id/.test(path)) return "bookmark";
    return null;
  };
  const ownRoutes = routesOf(SURFACES).filter(({ route }) => thingOf(route.path) !== null);
  /** Valid bodies, so that what is checked is the owner, not the input. */
  const bodies: Record<string, unknown> = {
    "v1 meChannels.updateOwnChannel": { name: "taken over" },
    "v1 meAccessTokens.updateOwnSharedToken": { name: "taken over" },
    "v1 meBookmarks.updateOwnBookmark": { url: "https://elsewhere.example.org/" },
    "pryv-early updateChannel": { name: "taken over", trashed: true },
    "pryv-early updateToken": { name: "taken over" },
    "pryv-early updateBookmark": { url: "https://elsewhere.example.org/" },
  };
  const reasons = { channel: "channel_not_found", sharedToken: "access_token_not_found", appToken: "access_token_not_found", bookmark: "bookmark_not_found" };
  let owner: { token: string; ids: Record<"channel" | "sharedToken" | "appToken" | "bookmark", string> };
  let stranger: string;
  const ownerView = async () => {
    const read = (path: string) => t.api("GET", path, { token: owner.token }).then((res) => res.body);
    return {
      channels: await read("/api/v1/me/channels?state=all"),
      tokens: await read("/api/v1/me/access-tokens"),
      apps: await read("/api/v1/me/app-tokens"),
      bookmarks: await read("/api/v1/me/bookmarks"),
    };
  };
  beforeAll(async () => {
    await createUser(t, { username: "space-owner", password: "space-owner-password" });
    await createUser(t, { username: "space-stranger", password: "space-stranger-password" });
    const token = await loginAs(t, "space-owner", "space-owner-password");
    stranger = await loginAs(t, "space-stranger", "space-stranger-password");
    const make = async (path: string, body: unknown) => {
      const res = await t.api("POST", path, { token, body });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body.id as string;
    };
    const channel = await make("/api/v1/me/channels", { name: "owned" });
    owner = {
      token,
      ids: {
        channel,
        sharedToken: await make("/api/v1/me/access-tokens", { name: "owned", permissions: [{ channelId: channel, level: "read" }] }),
        appToken: await make("/api/v1/me/app-tokens", { appId: "owned" }),
        bookmark: await make("/api/v1/me/bookmarks", { name: "owned", url: "https://data.example.org/" }),
      },
    };
  });

  it("covers every such route (v1: 11, early Pryv: 6)", () => {
    expect(ownRoutes.filter(({ surface }) => surface.name === "v1")).toHaveLength(11);
    expect(ownRoutes.filter(({ surface }) => surface.name === "pryv-early")).toHaveLength(6);
  });

  for (const { surface, name, route } of ownRoutes) {
    it(`${surface.name} ${name}: 404 with the owner's id, nothing written, nothing changed`, async () => {
      const thing = thingOf(route.path)!;
      const url = route.path.replace(/:(channelId|tokenId|bookmarkId|id)/, owner.ids[thing]);
      const was = await ownerView();
      const before = await writeCounts(t);
      const res = await t.api(route.method, url, { token: stranger, body: bodies[`${surface.name} ${name}`] });
      surface.expectError(res, 404);
      if (surface.name === "v1") expect(res.body.reason).toBe(reasons[thing]);
      expect(await writeCounts(t)).toEqual(before);
      expect(await ownerView()).toEqual(was);
    });
  }

  const spaceRoutes = routesOf(SURFACES).filter(
    ({ surface, name, route }) => surface.name === "v1" && /^me(Channels|AccessTokens|Bookmarks)\./.test(name) && accessOf(route)?.access === "authenticated",
  );
  const keyBodies: Record<string, unknown> = {
    "meChannels.createOwnChannel": { name: "by key" },
    "meChannels.updateOwnChannel": { name: "by key" },
    "meAccessTokens.createOwnSharedToken": { name: "by key", permissions: [] },
    "meAccessTokens.updateOwnSharedToken": { name: "by key" },
    "meAccessTokens.getOwnAppToken": { appId: "by key" },
    "meBookmarks.createOwnBookmark": { name: "by key", url: "https://data.example.org/" },
    "meBookmarks.updateOwnBookmark": { name: "by key" },
  };
  it("v1: every route of an account's own space but introspection is for any signed-in account (19)", () => expect(spaceRoutes).toHaveLength(19));
  for (const { name, route } of spaceRoutes) {
    it(`v1 ${name}: an API key holding every permission is 403 session_required, and writes nothing`, async () => {
      const key = await apiKeyWith(t, ["*"]);
      const thing = thingOf(route.path);
      const url = thing ? route.path.replace(/:(channelId|tokenId|bookmarkId)/, owner.ids[thing]) : route.path;
      const before = await writeCounts(t);
      const res = await t.api(route.method, url, { token: key, body: keyBodies[name] });
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("session_required");
      expect(await writeCounts(t)).toEqual(before);
    });
  }
});

/**
 * The secret dimension (security issue 14): every surface that returns
 * invites, called by callers of each privilege, on invites of each kind. A
 * caller sees a token only where it could have made that invite now:
 * `invites:manage`, plus `groups:manage` for one that joins groups; a reset
 * invite's token never after the answer that made it; v1 lists never.
 */
describe("every surface that returns invites × caller × invite: reads a secret it could not have made?", () => {
  type Kind = "register" | "group" | "reset of a plain user" | "reset of an admin";
  let moderators = 0;
  const made: Record<Kind, { id: string; numericId: number; token: string }> = {} as never;
  const callers: Record<string, () => Promise<{ token: string; permissions: string[] }>> = {
    "admin session": async () => ({ token: t.adminToken, permissions: ["*"] }),
    "moderator session": async () => {
      moderators += 1;
      await createUser(t, { username: `secret-mod-${moderators}`, password: "secret-mod-password", roles: ["moderator"] });
      return { token: await loginAs(t, `secret-mod-${moderators}`, "secret-mod-password"), permissions: [...BUILT_IN_ROLES.moderator.permissions] };
    },
    "key with invites:read": async () => ({ token: await apiKeyWith(t, ["invites:read"]), permissions: ["invites:read"] }),
    "key with invites:read, invites:manage": async () => ({ token: await apiKeyWith(t, ["invites:read", "invites:manage"]), permissions: ["invites:read", "invites:manage"] }),
    "key with invites:read, invites:manage, groups:manage": async () => ({
      token: await apiKeyWith(t, ["invites:read", "invites:manage", "groups:manage"]),
      permissions: ["invites:read", "invites:manage", "groups:manage"],
    }),
  };
  /** Whether `permissions` could make an invite of `kind` through the invites API now: the expectation, written apart from the server's rule. */
  const couldMake = (permissions: string[], kind: Kind) =>
    !kind.startsWith("reset") && covers(permissions, kind === "group" ? ["invites:manage", "groups:manage"] : ["invites:manage"]);

  /** Each surface: how to read the invite as this caller (null: the surface refuses this caller, or does not list this kind), and the token it shows. */
  const surfaces: Record<string, (token: string, kind: Kind) => Promise<{ status: number; shown: string | undefined | null } | null>> = {
    "v1 GET /invites (list)": async (token, kind) => {
      const res = await t.api("GET", "/api/v1/invites?state=all&limit=200", { token });
      return { status: res.status, shown: res.body.data?.find((i: { id: string }) => i.id === made[kind].id)?.token };
    },
    "v1 GET /invites/:id": async (token, kind) => {
      const res = await t.api("GET", `/api/v1/invites/${made[kind].id}`, { token });
      return { status: res.status, shown: res.body.token };
    },
    "Prosody GET /invites": async (token, kind) => {
      const res = await t.api("GET", "/admin_api/invites", { token });
      return { status: res.status, shown: Array.isArray(res.body) ? res.body.find((i: { id: string }) => i.id === made[kind].id)?.token : undefined };
    },
    "Prosody GET /invites/:id": async (token, kind) => {
      const res = await t.api("GET", `/admin_api/invites/${made[kind].id}`, { token });
      return { status: res.status, shown: res.body.token };
    },
    "Pleroma GET /users/invites": async (token, kind) => {
      // Pleroma lists registration invites, to admins only.
      if (kind !== "register") return null;
      const res = await t.api("GET", "/api/pleroma/admin/users/invites", { token });
      return { status: res.status, shown: res.body.invites?.find((i: { id: number }) => i.id === made[kind].numericId)?.token };
    },
  };

  beforeAll(async () => {
    const plain = await createUser(t, { username: "secret-plain", email: "secret-plain@example.org" });
    await createUser(t, { username: "secret-admin", email: "secret-admin@example.org", roles: ["admin"] });
    const make = async (body: unknown) => (await t.api("POST", "/api/v1/invites", { body })).body;
    made.register = await make({ kind: "register" });
    const group = (await t.api("POST", "/api/v1/groups", { body: { name: "secret group" } })).body;
    made.group = await make({ kind: "group", groupIds: [group.id] });
    made["reset of a plain user"] = await make({ kind: "reset", targetUsername: plain.username });
    made["reset of an admin"] = await make({ kind: "reset", targetUsername: "secret-admin" });
    for (const invite of Object.values(made)) expect(invite.token, JSON.stringify(invite)).toMatch(/^sti_/);
  });

  for (const [surfaceName, read] of Object.entries(surfaces)) {
    for (const [callerName, makeCaller] of Object.entries(callers)) {
      it(`${surfaceName}: ${callerName}`, async () => {
        const caller = await makeCaller();
        for (const kind of Object.keys(made) as Kind[]) {
          const answer = await read(caller.token, kind);
          if (!answer || answer.status === 403) continue;
          expect(answer.status, `${kind}`).toBe(200);
          const revealing = !surfaceName.startsWith("v1 GET /invites (list)") && couldMake(caller.permissions, kind);
          if (revealing) expect(answer.shown, `${kind}: the token, to a caller who could make it`).toBe(made[kind].token);
          else expect(answer.shown ?? null, `${kind}: no token`).toBeNull();
        }
      });
    }
  }

  it("the outbox: a reset mail's body only to a caller holding mail:manage who could make that reset (users:update and the account's permissions)", async () => {
    const plain = await createUser(t, { username: "outbox-plain", email: "outbox-plain@example.org" });
    const admin = await createUser(t, { username: "outbox-admin", email: "outbox-admin@example.org", roles: ["admin"] });
    const toPlain = (await t.api("POST", `/api/v1/users/${plain.id}/password-reset`)).body.messageId;
    const toAdmin = (await t.api("POST", `/api/v1/users/${admin.id}/password-reset`)).body.messageId;
    const mailOnly = await apiKeyWith(t, ["mail:read", "mail:manage"]);
    const mailAndUpdate = await apiKeyWith(t, ["mail:read", "mail:manage", "users:update"]);
    const cases: [string, string, string, boolean][] = [
      ["mail:manage alone", mailOnly, toPlain, false],
      ["mail:manage, users:update", mailAndUpdate, toPlain, true],
      ["mail:manage, users:update, on an admin's reset", mailAndUpdate, toAdmin, false],
      ["admin session, on an admin's reset", t.adminToken, toAdmin, true],
      ["mail:read only", await apiKeyWith(t, ["mail:read"]), toPlain, false],
    ];
    for (const [what, token, messageId, shown] of cases) {
      const res = await t.api("GET", `/api/v1/outbox/${messageId}`, { token });
      expect(res.status, what).toBe(200);
      expect(res.body.body === null, what).toBe(!shown);
      expect(res.body.bodyHidden, what).toBe(shown ? null : "not_permitted");
    }
  });
});

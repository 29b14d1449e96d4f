import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { PryvAdminUserSchema, PryvPlatformUserSchema } from "@steward/contracts";
import { ADMIN, apiKeyWith, createUser, startTestServer, writeCounts, type ApiResponse, type TestServer } from "../harness.ts";
import { PRYV_PREFIX, expectPryvError } from "../support/contract-check.ts";

// Pryv.io's Admin API 1.9 at /pryv: every row, the real server's shapes
// (reference/real/pryv-config-leader), over Steward's operators, settings,
// notify, migrations and accounts.
let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const ORIGIN = { origin: "https://admin.example.org" };

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/** A Pryv request: the token raw in `Authorization`, as Pryv's clients send it. */
const pryv = (method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) =>
  t.api(method, `${PRYV_PREFIX}${path}`, { token: null, body, headers: { ...headers, ...(token ? { authorization: token } : {}) } });

async function signIn(username: string, password: string): Promise<string> {
  const res = await pryv("POST", "/auth/login", null, { username, password }, ORIGIN);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

const ALL = { users: ["read", "create", "delete", "resetPassword", "changePermissions"], settings: ["read", "update"], platformUsers: ["read", "delete", "modify"] };

describe("signing in", () => {
  it("answers a JWT with the pinned algorithm, a session id and the permissions in Pryv's words; raw and Bearer both work", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    expect(decodeProtectedHeader(token).alg).toBe("HS256");
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ username: ADMIN.username, permissions: ALL });
    expect(typeof claims.sid).toBe("string");
    const session = await t.server.db.prisma.session.findUniqueOrThrow({ where: { id: claims.sid as string } });
    expect(session.surface).toBe("pryv");
    expect((await pryv("GET", "/users", token)).status).toBe(200);
    expect((await pryv("GET", "/users", `Bearer ${token}`)).status).toBe(200);
  });

  it("needs Origin; a wrong password or an unknown user is the same 401", async () => {
    const noOrigin = await pryv("POST", "/auth/login", null, ADMIN);
    expectPryvError(noOrigin, 400);
    const wrong = await pryv("POST", "/auth/login", null, { username: ADMIN.username, password: "wrong-password" }, ORIGIN);
    expect(wrong.status).toBe(401);
    expect(wrong.body).toBe("Authentication failed");
    const unknown = await pryv("POST", "/auth/login", null, { username: "nobody-here", password: "wrong-password" }, ORIGIN);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toBe("Authentication failed");
  });

  it("a token whose signature, algorithm or session is wrong is refused; logout ends it", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const [header, payload, signature] = token.split(".");
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), username: "someone" })).toString("base64url")}.${signature}`;
    expectPryvError(await pryv("GET", "/users", tampered), 401);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    expectPryvError(await pryv("GET", "/users", none), 401);
    const out = await pryv("POST", "/auth/logout", token);
    expect(out.status).toBe(200);
    const after = await pryv("GET", "/users", token);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: { message: "Invalid token" } });
  });
});

describe("admin users are operators", () => {
  it("create → get → list → permissions round-trip exactly → reset password → delete", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const username = fresh("alice");
    const permissions = { users: ["read"], settings: ["read"], platformUsers: ["read"] };
    const created = await pryv("POST", "/users", token, { username, password: "alice-password-1", permissions });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({ user: { username, permissions } });
    expect((await pryv("GET", `/users/${username}`, token)).body).toEqual({ user: { username, permissions } });
    const list = (await pryv("GET", "/users", token)).body.users;
    expect(list).toContainEqual({ username, permissions });
    expect(list).toContainEqual({ username: ADMIN.username, permissions: ALL });

    for (const next of [
      { users: ["read", "create"], settings: ["read"], platformUsers: [] },
      { users: ["changePermissions", "resetPassword"], settings: [], platformUsers: ["delete", "modify", "read"] },
      { users: ["read"], settings: ["read", "update"], platformUsers: ["read"] },
    ]) {
      const put = await pryv("PUT", `/users/${username}/permissions`, token, { permissions: next });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const canonical = (values: string[], family: keyof typeof ALL) => ALL[family].filter((v) => values.includes(v));
      const expected = { users: canonical(next.users, "users"), settings: canonical(next.settings, "settings"), platformUsers: canonical(next.platformUsers, "platformUsers") };
      expect(put.body).toEqual({ user: { permissions: expected } });
      expect((await pryv("GET", `/users/${username}`, token)).body.user.permissions).toEqual(expected);
    }

    const reset = await pryv("POST", `/users/${username}/reset-password`, token);
    expect(reset.status).toBe(200);
    expect(reset.body.username).toBe(username);
    await signIn(username, reset.body.password);
    const gone = await pryv("DELETE", `/users/${username}`, token);
    expect(gone.body).toEqual({ username });
    const again = await pryv("DELETE", `/users/${username}`, token);
    expect(again.status).toBe(404);
    expect(again.body).toBe(`User ${username} not found`);
  });

  it("an account is no admin user: 404 there, and a platform user", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const account = await createUser(t, { username: fresh("account"), email: "someone@example.org" });
    expect((await pryv("GET", `/users/${account.username}`, token)).status).toBe(404);
    expect((await pryv("DELETE", `/users/${account.username}`, token)).status).toBe(404);
    expect((await pryv("POST", `/users/${account.username}/reset-password`, token)).status).toBe(404);
    expect((await pryv("PUT", `/users/${account.username}/permissions`, token, { permissions: { users: ["read"], settings: [], platformUsers: [] } })).status).toBe(404);
    const platform = await pryv("GET", `/platform-users/${account.username}`, token);
    expect(platform.status).toBe(200);
    expect(PryvPlatformUserSchema.parse(platform.body)).toMatchObject({ username: account.username, email: "someone@example.org", invitationToken: null });
  });

  it("refuses an unknown permission value (400, as the real validator words it) and a taken username (409); writes nothing", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const before = await writeCounts(t);
    const odd = await pryv("POST", "/users", token, { username: fresh("odd"), password: "odd-password-1", permissions: { users: ["fly"], settings: [], platformUsers: [] } });
    expectPryvError(odd, 400);
    expect(odd.body).toMatch(/^Error validating request body\. "permissions\.users\[0\]" must be one of \[read, create, delete, resetPassword, changePermissions\]\.$/);
    const taken = await pryv("POST", "/users", token, { username: ADMIN.username, password: "taken-password-1", permissions: { users: ["read"], settings: [], platformUsers: [] } });
    expectPryvError(taken, 409);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("an operator made here holds the same powers in /api/v1; users:read alone lists admin users and nothing else", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const username = fresh("reader");
    await pryv("POST", "/users", token, { username, password: "reader-password-1", permissions: { users: ["read"], settings: [], platformUsers: [] } });
    const readerToken = await signIn(username, "reader-password-1");
    expect((await pryv("GET", "/users", readerToken)).status).toBe(200);
    expect((await pryv("GET", `/users/${ADMIN.username}`, readerToken)).status).toBe(200);
    const account = await createUser(t, { username: fresh("target") });
    const before = await writeCounts(t);
    const refused: [string, string, unknown?][] = [
      ["POST", "/users", { username: fresh("x"), password: "x-password-12", permissions: { users: ["read"], settings: [], platformUsers: [] } }],
      ["DELETE", `/users/${ADMIN.username}`],
      ["PUT", `/users/${ADMIN.username}/permissions`, { permissions: { users: [], settings: [], platformUsers: [] } }],
      ["POST", `/users/${ADMIN.username}/reset-password`],
      ["GET", "/admin/settings"],
      ["PUT", "/admin/settings", {}],
      ["POST", "/admin/notify", {}],
      ["GET", "/admin/migrations"],
      ["POST", "/admin/migrations/apply"],
      ["GET", `/platform-users/${account.username}`],
      ["DELETE", `/platform-users/${account.username}`],
      ["DELETE", `/platform-users/${account.username}/mfa`],
    ];
    for (const [method, path, body] of refused) expectPryvError(await pryv(method, path, readerToken, body), 403);
    expect(await writeCounts(t)).toEqual(before);
    // In /api/v1 the same operator reads operators and nothing else.
    const session = (await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password: "reader-password-1" } })).body.token;
    expect((await t.api("GET", "/api/v1/operators", { token: session })).status).toBe(200);
    expect((await t.api("GET", "/api/v1/users", { token: session })).status).toBe(403);
  });
});

describe("platform users", () => {
  it("carry their registration facts (the invite by id, never its token) and are deleted from every surface", async () => {
    const invite = (await t.api("POST", "/api/v1/invites", { body: { kind: "group", newGroup: { name: fresh("pryv group") } } })).body;
    const username = fresh("joiner");
    await t.api("POST", `/api/v1/invitations/${invite.token}`, { token: null, body: { username, password: "joiner-password", referer: "newsletter" } });
    const token = await signIn(ADMIN.username, ADMIN.password);
    const res = await pryv("GET", `/platform-users/${username}`, token);
    expect(res.body).toMatchObject({ username, invitationToken: invite.id, referer: "newsletter", server: "http://localhost:3000" });
    expect(JSON.stringify(res.body)).not.toContain(invite.token);
    expect(Math.abs(res.body.registeredTimestamp - Date.now())).toBeLessThan(60_000);
    const deleted = await pryv("DELETE", `/platform-users/${username}`, token);
    expect(deleted.body).toBe(username);
    expect((await t.api("GET", `/api/v1/users/lookup?username=${username}`)).status).toBe(404);
    expect((await t.api("GET", `/admin_api/users/${username}`)).status).toBe(404);
    const missing = await pryv("GET", `/platform-users/${username}`, token);
    expect(missing.status).toBe(404);
    expect(missing.body).toBe(`User ${username} not found`);
  });
});

describe("settings and migrations", () => {
  it("GET and PUT the settings; a bad document is a 400 listing every problem, nothing saved", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const got = await pryv("GET", "/admin/settings", token);
    expect(got.status).toBe(200);
    const settings = got.body;
    const bad = await pryv("PUT", "/admin/settings", token, { ...settings, siteName: "", registration: "maybe" });
    expectPryvError(bad, 400);
    expect(bad.body).toMatch(/^invalid-input: /);
    expect(bad.body).toContain("siteName");
    expect(bad.body).toContain("registration");
    expect((await pryv("GET", "/admin/settings", token)).body).toEqual(settings);
    const put = await pryv("PUT", "/admin/settings", token, { ...settings, siteName: "Pryv Lab" }, { "if-match": got.headers.get("etag")! });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.siteName).toBe("Pryv Lab");
    expect((await t.api("GET", "/api/v1/settings")).body.settings.siteName).toBe("Pryv Lab");
    const stale = await pryv("PUT", "/admin/settings", token, settings, { "if-match": got.headers.get("etag")! });
    expectPryvError(stale, 412);
    expect((await pryv("GET", "/admin/migrations", token)).body).toEqual([]);
    expect((await pryv("POST", "/admin/migrations/apply", token)).body).toEqual([]);
  });

  it("notify with no target registered pushes nothing and says so", async () => {
    const token = await signIn(ADMIN.username, ADMIN.password);
    const res = await pryv("POST", "/admin/notify", token, { services: [] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.successes).toEqual([]);
    expect(res.body.failures).toEqual([]);
    expectPryvError(await pryv("POST", "/admin/notify", token, { services: ["no-such-service"] }), 400);
  });
});

describe("CORS, as the real server answers it", () => {
  it("allows any origin and answers preflights", async () => {
    const preflight = await fetch(`${t.url}${PRYV_PREFIX}/users`, { method: "OPTIONS", headers: { origin: "https://panel.example.org", "access-control-request-method": "GET" } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
  });
});

/**
 * Each recorded exchange with the real server, replayed here: the same
 * request, the status and the shape of the answer compared. The differences
 * kept, and why, are listed; every other exchange must match.
 */
describe("the recorded exchanges, replayed", () => {
  const RECORDINGS = join(import.meta.dirname, "recordings/pryv-config-leader");
  type Recorded = { status: number; contentType: string; body: unknown };
  function recorded(file: string): Recorded {
    const text = readFileSync(join(RECORDINGS, file), "utf8").replace(/\r\n/g, "\n");
    const [head, ...rest] = text.split("\n\n");
    const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head!)![1]);
    const contentType = /^Content-Type: (.*)$/im.exec(head!)?.[1] ?? "text/plain";
    const raw = rest.join("\n\n").trim();
    return { status, contentType, body: contentType.includes("json") ? JSON.parse(raw) : raw };
  }
  /** The shape of a JSON value: its keys and the types of its leaves; arrays by their first element. */
  const shapeOf = (value: unknown): unknown =>
    Array.isArray(value) ? (value.length ? [shapeOf(value[0])] : []) : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)])) : typeof value;

  /** Differences kept on purpose: file → what Steward answers instead, and why. */
  const KEPT: Record<string, { status: number; why: string }> = {
    "03_login_nouser.http": { status: 401, why: "an unknown user is answered like a wrong password: the real server's 404 tells who has an account" },
    "06_list_users_bearer_prefix.http": { status: 200, why: "the token is also taken after `Bearer` (reference/ENDPOINTS.md decides so)" },
    "09_create_user_dup.http": { status: 409, why: "a taken username is a 409, not the real server's 500 leaking its SQL" },
    "17_platform_user_get_no_register.http": { status: 200, why: "Steward is its own register: the platform user is answered, not a 500" },
  };

  it("covers all 19 recordings", () => expect(readdirSync(RECORDINGS).filter((f) => f.endsWith(".http"))).toHaveLength(19));

  it("answers each with the real server's status and shape, but for the differences kept", async () => {
    const admin = ADMIN.username;
    const alice = fresh("alice");
    const alicePermissions = { users: ["read"], settings: ["read"], platformUsers: ["read"] };
    const login = () => pryv("POST", "/auth/login", null, { username: admin, password: ADMIN.password }, ORIGIN);
    const token = (await login()).body.token as string;
    const platformUser = await createUser(t, { username: fresh("platform") });
    const steps: [string, () => Promise<ApiResponse>][] = [
      ["01_login.http", login],
      ["02_login_badpw.http", () => pryv("POST", "/auth/login", null, { username: admin, password: "not-the-password" }, ORIGIN)],
      ["03_login_nouser.http", () => pryv("POST", "/auth/login", null, { username: "undefined-user", password: "whatever-1" }, ORIGIN)],
      ["04_login_missing_field.http", () => pryv("POST", "/auth/login", null, { username: admin }, ORIGIN)],
      ["05_list_users.http", () => pryv("GET", "/users", token)],
      ["06_list_users_bearer_prefix.http", () => pryv("GET", "/users", `Bearer ${token}`)],
      ["07_list_users_noauth.http", () => pryv("GET", "/users", null)],
      ["08_create_user.http", () => pryv("POST", "/users", token, { username: alice, password: "alice-password-1", permissions: alicePermissions })],
      ["09_create_user_dup.http", () => pryv("POST", "/users", token, { username: alice, password: "alice-password-1", permissions: alicePermissions })],
      ["10_create_user_invalid.http", () => pryv("POST", "/users", token, { username: fresh("bob"), password: "bob-password-1", permissions: { users: ["fly"], settings: [], platformUsers: [] } })],
      ["11_get_user.http", () => pryv("GET", `/users/${alice}`, token)],
      ["12_get_user_missing.http", () => pryv("GET", "/users/ghost", token)],
      ["13_put_permissions.http", () => pryv("PUT", `/users/${alice}/permissions`, token, { permissions: { users: ["read", "create"], settings: ["read"], platformUsers: [] } })],
      ["14_reset_password.http", () => pryv("POST", `/users/${alice}/reset-password`, token)],
      ["15_delete_user.http", () => pryv("DELETE", `/users/${alice}`, token)],
      ["16_delete_user_missing.http", () => pryv("DELETE", `/users/${alice}`, token)],
      ["17_platform_user_get_no_register.http", () => pryv("GET", `/platform-users/${platformUser.username}`, token)],
      ["18_logout.http", () => pryv("POST", "/auth/logout", token)],
      ["19_list_after_logout.http", () => pryv("GET", "/users", token)],
    ];
    for (const [file, send] of steps) {
      const real = recorded(file);
      const ours = await send();
      const kept = KEPT[file];
      expect(ours.status, `${file}: ${JSON.stringify(ours.body)}`).toBe(kept?.status ?? real.status);
      if (kept) continue;
      expect(ours.headers.get("access-control-allow-origin"), file).toBe("*");
      const contentType = ours.headers.get("content-type") ?? "";
      expect(contentType.split("/")[0], `${file}: ${contentType}`).toBe(real.contentType.split("/")[0]);
      if (typeof real.body === "string" && !real.contentType.includes("json")) {
        // The validator's text: its sentence, up to the list of values (whose order differs).
        expect(String(ours.body).replace(/\[.*\]/, "[…]"), file).toBe(real.body.replace(/\[.*\]/, "[…]"));
        continue;
      }
      expect(shapeOf(ours.body), file).toEqual(shapeOf(real.body));
      if (file === "05_list_users.http") for (const user of ours.body.users) PryvAdminUserSchema.parse(user);
    }
  });

  it("API keys work as on every surface", async () => {
    const key = await apiKeyWith(t, ["operators:read"]);
    expect((await t.api("GET", `${PRYV_PREFIX}/users`, { token: key })).status).toBe(200);
  });
});

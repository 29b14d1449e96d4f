import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLogger } from "../src/index.ts";
import { ADMIN, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";

// The README promises secrets never reach the log. This drives every flow
// that carries one (sign-in, API keys, invites made, viewed, redeemed and
// reset, through v1 and the dialects, and the error paths of the public
// invitation route), collecting each secret it sees, then reads every line
// the server wrote (at debug level, as serialized) for any of them.
const lines: string[] = [];
const secrets = new Set<string>();
let t: TestServer;

beforeAll(async () => {
  const log = createLogger("debug", {}, { sink: (line) => lines.push(line) });
  // Every redemption here comes from 127.0.0.1: keep the per-address limit out of the way.
  t = await startTestServer({ STEWARD_REDEEM_RATE_LIMIT: "1000" }, { log });
  secret(ADMIN.password);
  secret(t.adminToken);
});
afterAll(() => t?.close());

function secret(value: unknown): void {
  if (typeof value !== "string" || value.length < 8) throw new Error(`not a secret worth looking for: ${JSON.stringify(value)}`);
  secrets.add(value);
}

/**
 * Every `token` and `key` anywhere in an answer (lists, single objects), or
 * the answer itself when it is a bare token. Some answers hold tokens back
 * (null or empty): there is nothing to find then.
 */
function collect(body: unknown, whole = true): void {
  if (typeof body === "string") {
    if (whole && body) secret(body);
  } else if (Array.isArray(body)) {
    for (const item of body) collect(item, false);
  } else if (body && typeof body === "object") {
    for (const [name, value] of Object.entries(body)) {
      if ((name === "token" || name === "key") && typeof value === "string") {
        if (value) secret(value);
      }
      else if (value && typeof value === "object") collect(value, false);
    }
  }
}

function expectStatus(res: ApiResponse, status: number): ApiResponse {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res;
}

const invitation = (token: string, tail = "") => `/api/v1/invitations/${encodeURIComponent(token)}${tail}`;

async function createInvite(body: Record<string, unknown>): Promise<string> {
  const res = expectStatus(await t.api("POST", "/api/v1/invites", { body }), 201);
  collect(res.body);
  return res.body.token;
}

/** Straight fetch, for requests the harness's contract check has no business with (malformed ones). */
async function raw(method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<number> {
  const response = await fetch(t.url + path, { method, body: init.body, headers: init.headers });
  await response.arrayBuffer();
  return response.status;
}

describe("secrets never reach the log", () => {
  it("signs in, makes a key, redeems, views and resets; no line holds a secret", async () => {
    // Sign in, and fail to: the password of a failed attempt is a secret too.
    const wrong = "not-the-admin-password-at-all";
    secret(wrong);
    expectStatus(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: ADMIN.username, password: wrong } }), 401);
    const session = expectStatus(await t.api("POST", "/api/v1/auth/login", { token: null, body: ADMIN }), 200);
    collect(session.body);

    // An API key, used.
    const key = expectStatus(await t.api("POST", "/api/v1/api-keys", { body: { name: "log test", permissions: ["*"] } }), 201);
    collect(key.body);
    expectStatus(await t.api("GET", "/api/v1/users", { token: key.body.key }), 200);

    // A register invite: viewed, fumbled, redeemed; the new account signs in.
    const register = await createInvite({ kind: "register" });
    expectStatus(await t.api("GET", invitation(register), { token: null }), 200);
    expect(await raw("POST", invitation(register), { body: "{not json", headers: { "content-type": "application/json" } })).toBe(400);
    expect(await raw("GET", invitation(register, "/x"))).toBe(404);
    expect(await raw("POST", invitation(register, "/x"), { body: "{}", headers: { "content-type": "application/json" } })).toBe(404);
    expect(await raw("GET", invitation(register, "%FF"))).toBe(400);
    expect(await raw("GET", invitation(register, "%E0%A4%A"))).toBe(400);
    const firstPassword = "first-password-of-newbie";
    secret(firstPassword);
    expectStatus(await t.api("POST", invitation(register), { token: null, body: { username: "newbie", password: firstPassword } }), 201);
    collect(expectStatus(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "newbie", password: firstPassword } }), 200).body);
    // Spent: read and redeem again (410 answers log too).
    expectStatus(await t.api("GET", invitation(register), { token: null }), 410);

    // A reset invite: viewed, redeemed, the new password used.
    const reset = await createInvite({ kind: "reset", targetUsername: "newbie" });
    expectStatus(await t.api("GET", invitation(reset), { token: null }), 200);
    const resetPassword = "reset-password-of-newbie";
    secret(resetPassword);
    expectStatus(await t.api("POST", invitation(reset), { token: null, body: { password: resetPassword } }), 200);
    collect(expectStatus(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "newbie", password: resetPassword } }), 200).body);

    // An unknown token is still a token someone holds.
    const unknown = "sti_unknown-token-someone-typed";
    secret(unknown);
    expectStatus(await t.api("GET", invitation(unknown), { token: null }), 404);

    // Prosody's admin API hands out invites with their tokens.
    collect(expectStatus(await t.api("GET", "/admin_api/invites"), 200).body);
    const prosodyInvite = expectStatus(await t.api("POST", "/admin_api/invites/account", { body: {} }), 200);
    collect(prosodyInvite.body);
    const prosodyReset = expectStatus(await t.api("POST", "/admin_api/invites/reset", { body: { username: "newbie" } }), 200);
    collect(prosodyReset.body);
    collect(expectStatus(await t.api("GET", `/admin_api/invites/${prosodyInvite.body.id}`), 200).body);
    expectStatus(await t.api("GET", invitation(prosodyInvite.body.token), { token: null }), 200);
    const prosodyPassword = "password-via-prosody-invite";
    secret(prosodyPassword);
    expectStatus(await t.api("POST", invitation(prosodyInvite.body.token), { token: null, body: { username: "xmpp-user", password: prosodyPassword } }), 201);

    // So does Pleroma's, as bare strings.
    const pleromaToken = expectStatus(await t.api("GET", "/api/pleroma/admin/users/invite_token"), 200).body;
    collect(pleromaToken);
    collect(expectStatus(await t.api("POST", "/api/pleroma/admin/users/invite_token", { body: {} }), 200).body);
    collect(expectStatus(await t.api("GET", "/api/pleroma/admin/users/invites"), 200).body);
    const pleromaReset = expectStatus(await t.api("GET", "/api/pleroma/admin/users/newbie/password_reset"), 200).body;
    collect(pleromaReset);
    expectStatus(await t.api("GET", invitation(pleromaToken), { token: null }), 200);
    const pleromaPassword = "password-via-pleroma-reset";
    secret(pleromaPassword);
    expectStatus(await t.api("POST", invitation(pleromaReset), { token: null, body: { password: pleromaPassword } }), 200);

    // The failure handler's own lines: a bug, then a database outage, while reading an invitation.
    const failing = await createInvite({ kind: "register" });
    const query = vi.spyOn(t.server.db.sql, "query");
    query.mockRejectedValueOnce(new Error("boom"));
    expect(await raw("GET", invitation(failing))).toBe(500);
    query.mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }));
    expect(await raw("GET", invitation(failing))).toBe(503);
    query.mockRestore();
    expectStatus(await t.api("GET", invitation(failing), { token: null }), 200);

    // Every request has been logged once answered; give the last `finish` a moment.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines.length).toBeGreaterThan(30);
    expect(secrets.size).toBeGreaterThanOrEqual(15);
    const forms = [...new Set([...secrets].flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]))];
    const leaks = lines.flatMap((line) => forms.filter((form) => line.includes(form)).map((form) => `${form} in ${line.trim()}`));
    expect(leaks).toEqual([]);

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const invitationRequests = entries.filter((entry) => entry.msg === "request" && String(entry.path).startsWith("/api/v1/invitations/"));
    expect(invitationRequests.length).toBeGreaterThanOrEqual(17);
    expect(new Set(invitationRequests.map((entry) => entry.path))).toEqual(new Set(["/api/v1/invitations/:token", "/api/v1/invitations/:token/x"]));
    const failures = entries.filter((entry) => entry.msg === "unhandled error" || entry.msg === "database unavailable");
    expect(failures.map((entry) => [entry.msg, entry.path])).toEqual([
      ["unhandled error", "/api/v1/invitations/:token"],
      ["database unavailable", "/api/v1/invitations/:token"],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, startTestServer, writeCounts, type TestServer } from "./harness.ts";

// Signing up without an invitation: what the settings' `open` registration
// policy allows, and what `invite-only` and `closed` refuse.
let t: TestServer;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const LIMIT = 6;

beforeAll(async () => {
  t = await startTestServer({ STEWARD_REGISTRATION: "open", STEWARD_REDEEM_RATE_LIMIT: String(LIMIT) });
});
afterAll(() => t?.close());

/** Each call from its own address unless one is given, so the per-address limit only bites where a test wants it. */
let address = 0;
const signUp = (body: Record<string, unknown>, from = `203.0.113.${++address}`) =>
  t.api("POST", "/api/v1/auth/registration", { token: null, body, headers: { "x-forwarded-for": from } });

async function setPolicy(registration: "open" | "invite-only" | "closed") {
  const read = await t.api("GET", "/api/v1/settings");
  const res = await t.api("PUT", "/api/v1/settings", { body: { ...read.body.settings, registration }, headers: { "if-match": read.headers.get("etag")! } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe("sign-up", () => {
  it("says publicly whether it is open, with the site name and the password minimum", async () => {
    const res = await t.api("GET", "/api/v1/auth/registration", { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ siteName: "Steward", registration: "open", passwordMinLength: 8 });
  });

  it("while open, makes an account with no permission that signs in; audited, with its registration facts", async () => {
    const username = fresh("newcomer");
    const res = await signUp({ username, password: "newcomer-password-1", email: `${username}@example.org`, displayName: "New Comer", referer: "landing-page" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ outcome: "account_created", username });
    const login = await t.api("POST", "/api/v1/auth/login", { token: null, body: { username, password: "newcomer-password-1" } });
    expect(login.status).toBe(200);
    const me = (await t.api("GET", "/api/v1/auth/me", { token: login.body.token })).body;
    expect(me.permissions).toEqual([]);
    expect(me.user.roles).toEqual([]);
    const user = (await t.api("GET", `/api/v1/users/lookup?username=${username}`)).body;
    expect(user).toMatchObject({ email: `${username}@example.org`, displayName: "New Comer", directPermissions: [] });
    expect(user.registration).toEqual({ inviteId: null, referer: "landing-page", server: "http://localhost:3000" });
    const audit = (await t.api("GET", `/api/v1/audit-events?action=user.register&targetId=${user.id}`)).body;
    expect(audit.data).toHaveLength(1);
    expect(audit.data[0].actor.type).toBe("anonymous");
    expect(JSON.stringify(audit.data[0])).not.toContain("newcomer-password-1");
  });

  it("applies the password policy and the unique rules (422, 409), and writes nothing", async () => {
    const taken = fresh("taken");
    expect((await signUp({ username: taken, password: "taken-password-1", email: `${taken}@example.org` })).status).toBe(201);
    const before = await writeCounts(t);
    const short = await signUp({ username: fresh("short"), password: "short" });
    expectProblem(short, 422);
    expect(short.body.reason).toBe("weak_password");
    const common = await signUp({ username: fresh("common"), password: "password123" });
    expectProblem(common, 422);
    expect(common.body.reason).toBe("common_password");
    const sameName = await signUp({ username: taken.toUpperCase(), password: "another-password-1" });
    expectProblem(sameName, 409);
    expect(sameName.body.reason).toBe("username_taken");
    const sameEmail = await signUp({ username: fresh("other"), password: "another-password-1", email: `${taken}@EXAMPLE.org` });
    expectProblem(sameEmail, 409);
    expect(sameEmail.body.reason).toBe("email_taken");
    const extra = await signUp({ username: fresh("extra"), password: "another-password-1", roles: ["admin"] });
    expectProblem(extra, 400);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("invite-only and closed refuse it (403, each with its reason) and write nothing; open again, it works", async () => {
    await setPolicy("invite-only");
    let before = await writeCounts(t);
    const inviteOnly = await signUp({ username: fresh("early"), password: "early-password-1" });
    expectProblem(inviteOnly, 403);
    expect(inviteOnly.body.reason).toBe("registration_invite_only");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("GET", "/api/v1/auth/registration", { token: null })).body.registration).toBe("invite-only");
    await setPolicy("closed");
    before = await writeCounts(t);
    const closed = await signUp({ username: fresh("early"), password: "early-password-1" });
    expectProblem(closed, 403);
    expect(closed.body.reason).toBe("registration_closed");
    expect(await writeCounts(t)).toEqual(before);
    await setPolicy("open");
    expect((await signUp({ username: fresh("late"), password: "late-password-1" })).status).toBe(201);
  });

  it(`counts against the per-address limit of public writes, shared with invitations (${LIMIT} per 15 minutes): then 429`, async () => {
    const from = "198.51.100.77";
    for (let i = 0; i < LIMIT - 1; i++) expect((await signUp({ username: fresh("burst"), password: "short" }, from)).status).toBe(422);
    // An invitation read from the same address takes the last attempt.
    expect((await t.api("GET", "/api/v1/invitations/sti_unknown", { token: null, headers: { "x-forwarded-for": from } })).status).toBe(404);
    const before = await writeCounts(t);
    const limited = await signUp({ username: fresh("burst"), password: "burst-password-1" }, from);
    expectProblem(limited, 429);
    expect(limited.body.reason).toBe("registration_rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await writeCounts(t)).toEqual(before);
  });
});

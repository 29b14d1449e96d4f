import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { v1Contract } from "@steward/contracts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";

// An operator gives a user a new generated password: strong, shown once,
// never kept in clear, logged or audited; the user's sessions end.
const logged: LogLine[] = [];
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({}, { log: capturingLogger(logged) });
});
afterAll(() => t?.close());

const reset = (id: string, token?: string) => t.api("POST", `/api/v1/users/${id}/password/reset`, { token });

describe("resetting a password to a generated one", () => {
  it("answers a strong password once; it signs in, the old one does not; every session ended; audited without it", async () => {
    const user = await createUser(t, { username: "forgetful", password: "the-old-password", roles: ["moderator"] });
    const session = await loginAs(t, "forgetful", "the-old-password");
    const res = await reset(user.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { password } = v1Contract.users.resetUserPassword.responses[200].parse(res.body);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(res.headers.get("cache-control")).toBe("no-store");

    expectProblem(await t.api("GET", "/api/v1/auth/me", { token: session }), 401);
    expectProblem(await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "forgetful", password: "the-old-password" } }), 401);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "forgetful", password } })).status).toBe(200);

    const events = (await t.api("GET", `/api/v1/audit-events?targetId=${user.id}&action=user.password.reset`)).body.data;
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(events)).not.toContain(password);
    expect(logged.length).toBeGreaterThan(0);
    expect(JSON.stringify(logged)).not.toContain(password);
    const stored = await t.server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("a new password each time, from a random source", async () => {
    const user = await createUser(t, { username: "twice-reset" });
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) seen.add((await reset(user.id)).body.password);
    expect(seen.size).toBe(5);
  });

  it("not on someone who outranks the caller, nor without users:update; 404 for nobody; nothing written", async () => {
    const admin = await createUser(t, { username: "reset-admin", password: "reset-admin-password", roles: ["admin"] });
    await createUser(t, { username: "reset-mod", password: "reset-mod-password", roles: ["moderator"] });
    const moderator = await loginAs(t, "reset-mod", "reset-mod-password");
    const reader = await apiKeyWith(t, ["users:read"]);
    const before = await writeCounts(t);
    const outranked = await reset(admin.id, moderator);
    expectProblem(outranked, 403, "forbidden");
    expect(outranked.body.reason).toBe("target_outranks_caller");
    expectProblem(await reset(admin.id, reader), 403, "forbidden");
    expectProblem(await reset("00000000-0000-4000-8000-000000000000"), 404, "not_found");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("POST", "/api/v1/auth/login", { token: null, body: { username: "reset-admin", password: "reset-admin-password" } })).status).toBe(200);
  });
});

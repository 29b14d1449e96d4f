import { readFileSync } from "node:fs";
import { ServerInfoSchema } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { ADMIN, createUser, expectProblem, loginAs, startTestServer, type TestServer } from "./harness.ts";

const InfoSchema = ServerInfoSchema.extend({ counts: ServerInfoSchema.shape.counts.strict() }).strict();
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const TTL_SECONDS = 3600;

const started = new Date("2026-12-01T08:00:00.000Z");
const clock = new ManualClock(started);
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_SITE_NAME: "Harbour Chat", STEWARD_SESSION_TTL: String(TTL_SECONDS) }, { clock });
});
afterAll(() => t?.close());

async function info(token?: string) {
  const res = await t.api("GET", "/api/v1/server/info", { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return InfoSchema.parse(res.body);
}

describe("server info", () => {
  it("names the site and the version, and when this instance started", async () => {
    const first = await info();
    expect(first.siteName).toBe("Harbour Chat");
    expect(first.version).toBe(version);
    expect(first.startedAt).toBe(started.toISOString());
    expect(first.uptimeSeconds).toBe(0);
    clock.advance(90_500);
    expect((await info()).uptimeSeconds).toBe(90);
  });

  it("is for signed-in callers, whatever they hold", async () => {
    expectProblem(await t.api("GET", "/api/v1/server/info", { token: null }), 401, "unauthorized");
    await createUser(t, { username: "nobody-special", password: "plain-user-password" });
    expect((await info(await loginAs(t, "nobody-special", "plain-user-password"))).siteName).toBe("Harbour Chat");
  });

  it("counts users and live sessions as they come and go", async () => {
    const before = (await info()).counts;
    expect(before.users).toBe(await t.server.db.prisma.user.count());
    const { id } = await createUser(t, { username: "counted", password: "counted-password" });
    const token = await loginAs(t, "counted", "counted-password");
    const after = (await info()).counts;
    expect(after.users).toBe(before.users + 1);
    expect(after.liveSessions).toBe(before.liveSessions + 1);

    await t.api("DELETE", `/api/v1/users/${id}/sessions`);
    expect((await info()).counts.liveSessions).toBe(before.liveSessions);
    await t.api("DELETE", `/api/v1/users/${id}`);
    expect((await info()).counts.users).toBe(before.users);
    expect(await t.api("GET", "/api/v1/auth/me", { token }).then((r) => r.status)).toBe(401);
  });

  it("does not count expired sessions", async () => {
    const live = (await info()).counts.liveSessions;
    await createUser(t, { username: "short-lived", password: "short-lived-password" });
    await loginAs(t, "short-lived", "short-lived-password");
    expect((await info()).counts.liveSessions).toBe(live + 1);
    clock.advance(TTL_SECONDS * 1000);
    // Every session signed in until now has expired; a fresh one asks.
    const admin = await loginAs(t, ADMIN.username, ADMIN.password);
    expect((await info(admin)).counts.liveSessions).toBe(1);
  });

  it("counts groups, and the invites that can still be redeemed", async () => {
    const { prisma } = t.server.db;
    const admin = await loginAs(t, ADMIN.username, ADMIN.password);
    const before = (await info(admin)).counts;
    await prisma.group.createMany({ data: [{ name: "crew" }, { name: "guests" }] });

    const now = clock.now().getTime();
    const hour = 3_600_000;
    let n = 0;
    const invite = (fields: Record<string, unknown>) => ({ kind: "register" as const, tokenHash: `hash-${++n}`, ...fields });
    await prisma.invite.createMany({
      data: [
        // can still be redeemed
        invite({}),
        invite({ expiresAt: new Date(now + hour), maxUses: 1 }),
        invite({ reusable: true, uses: 4 }),
        invite({ reusable: true, maxUses: 5, uses: 4 }),
        // cannot
        invite({ revokedAt: new Date(now - hour) }),
        invite({ expiresAt: new Date(now - 1) }),
        invite({ maxUses: 1, uses: 1 }),
        invite({ uses: 1 }),
        invite({ reusable: true, maxUses: 5, uses: 5 }),
      ],
    });
    const after = (await info(admin)).counts;
    expect(after.groups).toBe(before.groups + 2);
    expect(after.pendingInvites).toBe(before.pendingInvites + 4);
    clock.advance(hour);
    expect((await info(await loginAs(t, ADMIN.username, ADMIN.password))).counts.pendingInvites).toBe(before.pendingInvites + 3);
  });
});

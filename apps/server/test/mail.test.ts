import { OutboxMessageSchema, QueuedMailSchema, pageOf } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, writeCounts, type TestServer } from "./harness.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";

// Email without SMTP_URL: every mail stays in the outbox, for operators to
// read; the log says so, never with a body or a link. Sending over SMTP is
// mail-smtp.test.ts.
const PUBLIC_URL = "https://chat.example.org";
const clock = new ManualClock(new Date("2031-03-01T12:00:00.000Z"));
const lines: LogLine[] = [];
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ STEWARD_PUBLIC_URL: PUBLIC_URL, STEWARD_SITE_NAME: "Example Chat" }, { clock, log: capturingLogger(lines) });
});
afterAll(() => t?.close());

const OutboxPage = pageOf(OutboxMessageSchema);
const outbox = async (query = "", token?: string) => {
  const res = await t.api("GET", `/api/v1/outbox${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return OutboxPage.strict().parse(res.body);
};

describe("invites by email, without SMTP", () => {
  it("queues the mail with the invite, in the outbox as pending with no attempt", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "ada@example.org", name: "Ada" } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const queued = QueuedMailSchema.strict().parse(res.body);

    const invite = (await t.api("GET", `/api/v1/invites/${queued.inviteId}`)).body;
    expect(invite).toMatchObject({ kind: "register", email: "ada@example.org", state: "pending" });

    const page = await outbox();
    const message = page.data.find((m) => m.id === queued.messageId)!;
    expect(message).toMatchObject({
      kind: "invite",
      to: "ada@example.org",
      subject: "You are invited to Example Chat",
      status: "pending",
      attempts: 0,
      lastError: null,
      sentAt: null,
      inviteId: queued.inviteId,
    });
    // The admin holds mail:manage: the body is opened for them, with the invite's link.
    expect(message.body!.text).toContain(invite.link);
    expect(message.body!.text).toContain("Hello Ada,");
    expect(message.body!.html).toContain(`href="${invite.link}"`);
  });

  it("keeps the body sealed at rest: no link, no token in the row", async () => {
    const rows = await t.server.db.prisma.outboxMessage.findMany();
    const invites = await t.server.db.prisma.invite.findMany({ select: { tokenCiphertext: true } });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.bodySealed).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain("/invite/");
      expect(JSON.stringify(row)).not.toContain("sti_");
    }
    expect(invites.length).toBeGreaterThan(0);
  });

  it("logs where the mail went, never its body or link", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "grace@example.org" } });
    const link = (await t.api("GET", `/api/v1/invites/${res.body.inviteId}`)).body.link as string;
    const line = lines.find((l) => l.fields.messageId === res.body.messageId)!;
    expect(line.msg).toContain("outbox");
    expect(line.fields).toMatchObject({ delivery: "outbox", kind: "invite", inviteId: res.body.inviteId });
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(link);
    expect(everything).not.toContain(link.split("/").at(-1));
    expect(everything).not.toContain("You are invited");
    expect(lines.some((l) => l.msg.includes("no SMTP_URL"))).toBe(true);
  });

  it("an email that is no address: 400, nothing written", async () => {
    const before = await writeCounts(t);
    expectProblem(await t.api("POST", "/api/v1/invites/email", { body: { email: "not an address" } }), 400);
    expectProblem(await t.api("POST", "/api/v1/invites/email", { body: { email: "a@b.org", extra: 1 } }), 400);
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("password reset by email", () => {
  it("queues a reset mail to the user's address, with a 24-hour reset link", async () => {
    const bob = await createUser(t, { username: "bob", email: "bob@example.org", password: "bob-password-1" });
    const res = await t.api("POST", `/api/v1/users/${bob.id}/password-reset`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const invite = (await t.api("GET", `/api/v1/invites/${res.body.inviteId}`)).body;
    expect(invite).toMatchObject({ kind: "reset", targetUsername: "bob" });
    expect(Date.parse(invite.expiresAt) - clock.now().getTime()).toBe(24 * 3600 * 1000);
    const message = (await outbox("?status=pending")).data.find((m) => m.id === res.body.messageId)!;
    expect(message).toMatchObject({ kind: "password_reset", to: "bob@example.org", subject: "Reset your Example Chat password" });
    expect(message.body!.text).toContain(invite.link);
  });

  it("422 no_email for a user without an address; 404 for no user; nothing written", async () => {
    const carol = await createUser(t, { username: "carol", password: "carol-password-1" });
    const before = await writeCounts(t);
    const noEmail = await t.api("POST", `/api/v1/users/${carol.id}/password-reset`);
    expectProblem(noEmail, 422, "unprocessable_entity");
    expect(noEmail.body.reason).toBe("no_email");
    expectProblem(await t.api("POST", "/api/v1/users/00000000-0000-4000-8000-000000000000/password-reset"), 404);
    expect(await writeCounts(t)).toEqual(before);
  });

  it("a moderator cannot send a reset for an admin (403), but can for a plain user", async () => {
    await createUser(t, { username: "mod", email: "mod@example.org", password: "mod-password-1", roles: ["moderator"] });
    const modToken = await loginAs(t, "mod", "mod-password-1");
    const admin = (await t.api("GET", `/api/v1/users?q=${ADMIN.username}`)).body.data.find((u: { username: string }) => u.username === ADMIN.username);
    await t.api("PATCH", `/api/v1/users/${admin.id}`, { body: { email: "admin@example.org" } });
    const plain = await createUser(t, { username: "dave", email: "dave@example.org", password: "dave-password-1" });
    const before = await writeCounts(t);
    const refused = await t.api("POST", `/api/v1/users/${admin.id}/password-reset`, { token: modToken });
    expectProblem(refused, 403);
    expect(refused.body.reason).toBe("target_outranks_caller");
    expect(await writeCounts(t)).toEqual(before);
    expect((await t.api("POST", `/api/v1/users/${plain.id}/password-reset`, { token: modToken })).status).toBe(202);
  });
});

describe("the outbox API", () => {
  it("pages by cursor with a total, newest first, and filters by status", async () => {
    const all = await outbox();
    const first = await outbox("?limit=2");
    expect(first.total).toBe(all.total);
    expect(first.data.map((m) => m.id)).toEqual(all.data.slice(0, 2).map((m) => m.id));
    const second = await outbox(`?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.data.map((m) => m.id)).toEqual(all.data.slice(2, 4).map((m) => m.id));
    expect((await outbox("?status=sent")).total).toBe(0);
    expect((await outbox("?status=pending")).total).toBe(all.total);
  });

  it("mail:read sees recipients and subjects, not bodies; no permission: 403; no token: 401", async () => {
    const reader = await apiKeyWith(t, ["mail:read"]);
    const page = await outbox("", reader);
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((m) => m.body === null && m.to.includes("@"))).toBe(true);
    expectProblem(await t.api("GET", "/api/v1/outbox", { token: await apiKeyWith(t, ["invites:read"]) }), 403);
    expectProblem(await t.api("GET", "/api/v1/outbox", { token: null }), 401);
    expectProblem(await t.api("GET", "/api/v1/outbox?status=lost"), 400);
  });

  it("retry: 409 for a message that did not fail, 404 for none, 403 without mail:manage; puts a failed one back", async () => {
    const [pending] = (await outbox("?status=pending&limit=1")).data;
    const before = await writeCounts(t);
    const notFailed = await t.api("POST", `/api/v1/outbox/${pending!.id}/retry`);
    expectProblem(notFailed, 409);
    expect(notFailed.body.reason).toBe("not_failed");
    expectProblem(await t.api("POST", "/api/v1/outbox/00000000-0000-4000-8000-000000000000/retry"), 404);
    expectProblem(await t.api("POST", `/api/v1/outbox/${pending!.id}/retry`, { token: await apiKeyWith(t, ["mail:read"]) }), 403);
    const afterKey = await writeCounts(t);
    expect({ ...afterKey, apiKeys: before.apiKeys, auditEvents: before.auditEvents }).toEqual(before);

    await t.server.db.prisma.outboxMessage.update({ where: { id: pending!.id }, data: { status: "failed", attempts: 6, nextAttemptAt: null, lastError: "550 no" } });
    const retried = await t.api("POST", `/api/v1/outbox/${pending!.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0, lastError: "550 no" });
    expect(Date.parse(retried.body.nextAttemptAt)).toBe(clock.now().getTime());
  });
});

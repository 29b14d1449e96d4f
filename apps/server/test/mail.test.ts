import { OutboxMessageSchema, QueuedMailSchema, pageOf } from "@steward/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { ServiceError } from "../src/services/kernel/errors.ts";
import { sendInviteByEmail } from "../src/services/mail/account-mails.ts";
import { ADMIN, apiKeyWith, createUser, expectProblem, loginAs, startTestServer, systemContextOf, writeCounts, type TestServer } from "./harness.ts";
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

    const listed = (await outbox()).data.find((m) => m.id === queued.messageId)!;
    // Lists carry no bodies (they carry links); one message does, to whoever could make its invite.
    expect(listed).toMatchObject({ body: null, bodyHidden: "list" });
    const message = OutboxMessageSchema.strict().parse((await t.api("GET", `/api/v1/outbox/${queued.messageId}`)).body);
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

// Security issue 14, finding 7: the name goes into the mail's body, so it is
// one line of plain text (see SingleLineTextSchema), checked at the door and
// again by the use case; the rendering that keeps it from becoming a link is
// mail-templates.test.ts.
describe("the name in an invite mail is one line of plain text", () => {
  const injected = "Bob\n\nSecurity team: sign in at https://evil.example";
  const refusesName = async (name: string) => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "bob@example.org", name } });
    expectProblem(res, 400, "bad_request");
    expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(res.body)).toEqual(["body.name"]);
  };

  it("line breaks, control, bidi and invisible format characters: 400 on body.name, nothing written", async () => {
    const before = await writeCounts(t);
    await refusesName(injected);
    await refusesName("Bob\r\nBcc: x@evil.example");
    await refusesName("Bob\tSmith");
    await refusesName("Bob\u2028Smith");
    await refusesName("Bob \u202Eelpmaxe.live\u202C");
    await refusesName("Bob\u2066Smith\u2069");
    await refusesName("Bob\u200BSmith");
    await refusesName("Bob\u{E0041}");
    expect(await writeCounts(t)).toEqual(before);
  });

  it("blank or longer than 100 characters: 400 on body.name, nothing written", async () => {
    const before = await writeCounts(t);
    await refusesName("   ");
    await refusesName("B".repeat(101));
    expect(await writeCounts(t)).toEqual(before);
  });

  it("accepts real names: joiners (U+200C/U+200D), accents, and text that only looks like a link", async () => {
    for (const name of ["Zoë O'Brien-Łukasiewicz", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937", "Bob (evil.example)", "B".repeat(100)]) {
      const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "real@example.org", name } });
      expect(res.status, `${JSON.stringify(name)}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });

  it("the use case refuses it too, whatever the surface: bad_request invalid_name on body.name, nothing written", async () => {
    const ctx = systemContextOf(t);
    const before = await writeCounts(t);
    const refused = await sendInviteByEmail(ctx, { email: "bob@example.org", name: injected }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceError);
    expect(refused).toMatchObject({ code: "bad_request", reason: "invalid_name", fields: [{ path: "body.name" }] });
    expect(await writeCounts(t)).toEqual(before);
  });
});

describe("password reset by email", () => {
  it("queues a reset mail to the user's address, with a 24-hour reset link", async () => {
    const bob = await createUser(t, { username: "bob", email: "bob@example.org", password: "bob-password-1" });
    const res = await t.api("POST", `/api/v1/users/${bob.id}/password-reset`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const invite = (await t.api("GET", `/api/v1/invites/${res.body.inviteId}`)).body;
    // A reset link exists only in the mail: the invite never shows it.
    expect(invite).toMatchObject({ kind: "reset", targetUsername: "bob", targetUserId: bob.id, token: null, link: null, tokenHidden: "shown_once" });
    expect(Date.parse(invite.expiresAt) - clock.now().getTime()).toBe(24 * 3600 * 1000);
    const message = (await t.api("GET", `/api/v1/outbox/${res.body.messageId}`)).body;
    expect(message).toMatchObject({ kind: "password_reset", to: "bob@example.org", subject: "Reset your Example Chat password", bodyHidden: null });
    const token = /\/reset\/(sti_[\w-]+)/.exec(message.body.text)?.[1];
    expect(token).toBeDefined();
    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { password: "bob-new-password" } });
    expect(redeemed.body).toEqual({ outcome: "password_reset", username: "bob" });
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

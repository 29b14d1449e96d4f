import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { startTestServer, type TestServer } from "./harness.ts";

// Email over SMTP, to a real SMTP receiver on 127.0.0.1: the invite arrives
// and its link redeems; a receiver that refuses the recipient leaves the
// message failed after the retries, its error visible. The worker runs on
// the server's clock: each round is one step of the test's clock, no waiting.
const PUBLIC_URL = "https://chat.example.org";
const clock = new ManualClock(new Date("2031-03-01T12:00:00.000Z"));
const MAIL_INTERVAL_MS = 25;

interface Received {
  from: string;
  to: string[];
  raw: string;
}
const received: Received[] = [];
let smtp: SMTPServer;
let t: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith("@refused.example")) {
        const error = Object.assign(new Error("5.1.1 Mailbox unavailable"), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await startTestServer(
    {
      STEWARD_PUBLIC_URL: PUBLIC_URL,
      STEWARD_SITE_NAME: "Example Chat",
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      STEWARD_MAIL_FROM: "Example Chat <no-reply@chat.example.org>",
      STEWARD_MAIL_INTERVAL_MS: String(MAIL_INTERVAL_MS),
    },
    { clock },
  );
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/**
 * One round of the mail worker: its interval passes on the server's clock,
 * which runs the round and resolves once it has finished (sent or failed).
 */
const mailRound = () => clock.advance(MAIL_INTERVAL_MS);

const messageOf = async (id: string) => (await t.api("GET", "/api/v1/outbox?limit=200")).body.data.find((m: { id: string }) => m.id === id);

/** The message's text as sent: quoted-printable soft breaks joined and escapes decoded. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe("sending over SMTP", () => {
  it("the invite arrives with its recipient, subject and a link whose token redeems", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "ada@example.org", name: "Ada" } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await mailRound();
    const mail = received.find((m) => m.to.includes("ada@example.org"))!;
    expect(mail).toBeDefined();
    expect(mail.from).toBe("no-reply@chat.example.org");
    const text = decoded(mail.raw);
    expect(text).toMatch(/^Subject: You are invited to Example Chat$/m);
    expect(text).toMatch(/^To: ada@example.org$/m);
    expect(text).toContain("multipart/alternative");
    const token = /https:\/\/chat\.example\.org\/invite\/(sti_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();

    const sent = await messageOf(res.body.messageId);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null, nextAttemptAt: null });
    expect(sent.sentAt).not.toBeNull();

    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { username: "ada", password: "ada-password-1" } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect(redeemed.body).toEqual({ outcome: "account_created", username: "ada" });
  });

  it("Pleroma's email_invite goes out the same way; its link registers", async () => {
    const res = await t.api("POST", "/api/pleroma/admin/users/email_invite", { body: { email: "grace@example.org", name: "Grace" } });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    await mailRound();
    const mail = received.find((m) => m.to.includes("grace@example.org"))!;
    expect(mail).toBeDefined();
    const text = decoded(mail.raw);
    expect(text).toMatch(/^Subject: You are invited to Example Chat$/m);
    const token = /https:\/\/chat\.example\.org\/invite\/(sti_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { username: "grace", password: "grace-password-1" } });
    expect(redeemed.body).toEqual({ outcome: "account_created", username: "grace" });
  });

  it("a refused recipient: retried with backoff, then failed after 6 attempts with the error shown; retry puts it back", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "nobody@refused.example" } });
    expect(res.status).toBe(202);
    await mailRound();
    const first = await messageOf(res.body.messageId);
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    // Not retried before the backoff: 30 s after the first failure.
    expect(Date.parse(first.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    expect(first.lastError).toContain("550");
    await clock.advance(29_000);
    expect(await messageOf(res.body.messageId)).toMatchObject({ status: "pending", attempts: 1 });

    // Each later round comes after the backoff (the longest is 8 minutes); the admin session (12 h) outlives the walk.
    for (let attempt = 2; attempt <= 5; attempt++) {
      await clock.advance(10 * 60_000);
      expect(await messageOf(res.body.messageId)).toMatchObject({ status: "pending", attempts: attempt });
    }
    await clock.advance(10 * 60_000);
    const failed = await messageOf(res.body.messageId);
    expect(failed).toMatchObject({ status: "failed", attempts: 6, nextAttemptAt: null, sentAt: null });
    expect(failed.lastError).toMatch(/550/);
    expect(failed.lastError.length).toBeLessThanOrEqual(300);
    expect(received.some((m) => m.to.includes("nobody@refused.example"))).toBe(false);

    const retried = await t.api("POST", `/api/v1/outbox/${res.body.messageId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    await mailRound();
    expect(await messageOf(res.body.messageId)).toMatchObject({ status: "pending", attempts: 1 });
  });
});

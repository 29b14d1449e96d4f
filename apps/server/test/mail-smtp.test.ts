import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../src/index.ts";
import { startTestServer, type TestServer } from "./harness.ts";

// Email over SMTP, to a real SMTP receiver on 127.0.0.1: the invite arrives
// and its link redeems; a receiver that refuses the recipient leaves the
// message failed after the retries, its error visible.
const PUBLIC_URL = "https://chat.example.org";
const clock = new ManualClock(new Date("2031-03-01T12:00:00.000Z"));

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
      STEWARD_MAIL_INTERVAL_MS: "25",
    },
    { clock },
  );
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

/** Polls until `check` gives a value (real time: the worker runs on its interval). */
async function eventually<T>(check: () => Promise<T | undefined>, step?: () => void, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    step?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const messageOf = async (id: string) => (await t.api("GET", "/api/v1/outbox?limit=200")).body.data.find((m: { id: string }) => m.id === id);

/** The message's text as sent: quoted-printable soft breaks joined and escapes decoded. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

describe("sending over SMTP", () => {
  it("the invite arrives with its recipient, subject and a link whose token redeems", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "ada@example.org", name: "Ada" } });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const mail = await eventually(async () => received.find((m) => m.to.includes("ada@example.org")));
    expect(mail.from).toBe("no-reply@chat.example.org");
    const text = decoded(mail.raw);
    expect(text).toMatch(/^Subject: You are invited to Example Chat$/m);
    expect(text).toMatch(/^To: ada@example.org$/m);
    expect(text).toContain("multipart/alternative");
    const token = /https:\/\/chat\.example\.org\/invite\/(sti_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();

    const sent = await eventually(async () => {
      const message = await messageOf(res.body.messageId);
      return message?.status === "sent" ? message : undefined;
    });
    expect(sent).toMatchObject({ attempts: 1, lastError: null, nextAttemptAt: null });
    expect(sent.sentAt).not.toBeNull();

    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { username: "ada", password: "ada-password-1" } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    expect(redeemed.body).toEqual({ outcome: "account_created", username: "ada" });
  });

  it("Pleroma's email_invite goes out the same way; its link registers", async () => {
    const res = await t.api("POST", "/api/pleroma/admin/users/email_invite", { body: { email: "grace@example.org", name: "Grace" } });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    const mail = await eventually(async () => received.find((m) => m.to.includes("grace@example.org")));
    const text = decoded(mail.raw);
    expect(text).toMatch(/^Subject: You are invited to Example Chat$/m);
    const token = /https:\/\/chat\.example\.org\/invite\/(sti_[A-Za-z0-9_-]+)/.exec(text)?.[1];
    const redeemed = await t.api("POST", `/api/v1/invitations/${token}`, { token: null, body: { username: "grace", password: "grace-password-1" } });
    expect(redeemed.body).toEqual({ outcome: "account_created", username: "grace" });
  });

  it("a refused recipient: retried with backoff, then failed after 6 attempts with the error shown; retry puts it back", async () => {
    const res = await t.api("POST", "/api/v1/invites/email", { body: { email: "nobody@refused.example" } });
    expect(res.status).toBe(202);
    const first = await eventually(async () => {
      const message = await messageOf(res.body.messageId);
      return message?.attempts === 1 ? message : undefined;
    });
    // Not retried before the backoff: 30 s after the first failure.
    expect(first.status).toBe("pending");
    expect(Date.parse(first.nextAttemptAt) - clock.now().getTime()).toBe(30_000);
    expect(first.lastError).toContain("550");

    const failed = await eventually(
      async () => {
        const message = await messageOf(res.body.messageId);
        return message?.status === "failed" ? message : undefined;
      },
      // The longest backoff is 8 minutes; the admin session (12 h) outlives the walk.
      () => clock.advance(10 * 60_000),
    );
    expect(failed).toMatchObject({ attempts: 6, nextAttemptAt: null, sentAt: null });
    expect(failed.lastError).toMatch(/550/);
    expect(failed.lastError.length).toBeLessThanOrEqual(300);
    expect(received.some((m) => m.to.includes("nobody@refused.example"))).toBe(false);

    const retried = await t.api("POST", `/api/v1/outbox/${res.body.messageId}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: "pending", attempts: 0 });
    await eventually(async () => {
      const message = await messageOf(res.body.messageId);
      return message?.attempts === 1 ? message : undefined;
    });
  });
});

import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, startEphemeralServer, type RunningServer } from "../src/index.ts";
import { startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only (vitest.config.ts): two instances on one database, each
// with its mail worker, send every queued mail exactly once (claims with
// FOR UPDATE SKIP LOCKED and a lease). Both run on one clock the test
// moves: each step starts a round on both instances at once.
const MAIL_INTERVAL_MS = 10;
const clock = new ManualClock();
const recipients: string[] = [];
let smtp: SMTPServer;
let a: TestServer;
let b: RunningServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        recipients.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  const mail = { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, STEWARD_MAIL_INTERVAL_MS: String(MAIL_INTERVAL_MS) };
  a = await startTestServer(mail, { clock });
  b = await startEphemeralServer({ DATABASE_URL: a.databaseUrl, DATABASE_POOL_SIZE: "2", ...mail }, { clock });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe("two mail workers on one PostgreSQL", () => {
  it("send each message once", async () => {
    const count = 30;
    await Promise.all(
      Array.from({ length: count }, (_, i) => a.api("POST", "/api/v1/invites/email", { body: { email: `twin-${i}@example.org` } })),
    );
    // A round takes at most 20 messages per instance: two rounds of both send all 30, whatever each claims.
    let rounds = 0;
    while (recipients.length < count && rounds < 4) {
      await clock.advance(MAIL_INTERVAL_MS);
      rounds++;
    }
    // More rounds on both: a second send of any message would happen now.
    for (let extra = 0; extra < 3; extra++) await clock.advance(MAIL_INTERVAL_MS);
    expect(recipients.length).toBe(count);
    expect(new Set(recipients).size).toBe(count);
    const sent = (await a.api("GET", "/api/v1/outbox?status=sent&limit=100")).body;
    expect(sent.total).toBe(count);
    expect(sent.data.every((m: { attempts: number }) => m.attempts === 1)).toBe(true);
  });
});

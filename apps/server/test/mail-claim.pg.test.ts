import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEphemeralServer, type RunningServer } from "../src/index.ts";
import { startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only (vitest.config.ts): two instances on one database, each
// with its mail worker, send every queued mail exactly once (claims with
// FOR UPDATE SKIP LOCKED and a lease).
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
  const mail = { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, STEWARD_MAIL_INTERVAL_MS: "10" };
  a = await startTestServer(mail);
  b = await startEphemeralServer({ DATABASE_URL: a.databaseUrl, DATABASE_POOL_SIZE: "2", ...mail });
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
    const deadline = Date.now() + 20_000;
    while (recipients.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // A little longer: a second send of any message would arrive now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recipients.length).toBe(count);
    expect(new Set(recipients).size).toBe(count);
    const sent = (await a.api("GET", "/api/v1/outbox?status=sent&limit=100")).body;
    expect(sent.total).toBe(count);
    expect(sent.data.every((m: { attempts: number }) => m.attempts === 1)).toBe(true);
  });
});

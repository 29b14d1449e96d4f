import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { ManualClock } from "../src/index.ts";
import { createUser, loginAs, startTestServer, type TestServer } from "./harness.ts";

// PostgreSQL only: one code, many sign-ins at the same moment. A recovery
// code is spent by one conditional UPDATE (`used_at IS NULL`) and an app's
// code takes its time step by another (`mfa_last_step < step`), so however
// the sign-ins interleave, exactly one of them gets a session.
const PARALLEL = 20;
const clock = new ManualClock(new Date("2026-12-07T10:00:00.000Z"));
let t: TestServer;

beforeAll(async () => {
  // A limit well above the burst: each sign-in comes from its own address anyway.
  t = await startTestServer({ DATABASE_POOL_SIZE: "8", STEWARD_LOGIN_RATE_LIMIT: "100" }, { clock });
});
afterAll(() => t?.close());

/** The app's code at the server's clock. */
const codeNow = (secret: string) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: clock.now().getTime() });

async function enrolled(username: string) {
  const password = `${username}-password`;
  const { id } = await createUser(t, { username, password });
  const token = await loginAs(t, username, password);
  const { secret } = (await t.api("POST", "/api/v1/auth/me/mfa/enrolment", { token })).body;
  const confirmed = await t.api("POST", "/api/v1/auth/me/mfa/enrolment/confirm", { token, body: { code: codeNow(secret) } });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return { id: id as string, username, password, secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

function burst(user: { username: string; password: string }, code: string) {
  return Promise.all(
    Array.from({ length: PARALLEL }, (_, i) =>
      t.api("POST", "/api/v1/auth/login", {
        token: null,
        body: { username: user.username, password: user.password, code },
        headers: { "x-forwarded-for": `198.51.100.${i + 1}` },
      }),
    ),
  );
}

describe(`one code in ${PARALLEL} parallel sign-ins`, () => {
  it("the same recovery code: exactly one signs in, the others are 401 invalid_mfa_code; the code is spent once", async () => {
    const user = await enrolled("racing-recovery");
    const before = await t.server.db.prisma.session.count({ where: { userId: user.id } });
    const answers = await burst(user, user.recoveryCodes[0]!);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(statuses)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 200)) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(401);
      expect(refused.body.reason).toBe("invalid_mfa_code");
    }
    expect(await t.server.db.prisma.session.count({ where: { userId: user.id } })).toBe(before + 1);
    expect(await t.server.db.prisma.mfaRecoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(1);
  }, 60_000);

  it("the same app code: exactly one signs in", async () => {
    const user = await enrolled("racing-totp");
    // The code confirming the enrolment took this step: on to the next one.
    await clock.advance(30_000);
    const answers = await burst(user, codeNow(user.secret));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200), JSON.stringify(statuses)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(PARALLEL - 1);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP, URI } from "otpauth";
import { v1Contract } from "@steward/contracts";
import { ManualClock } from "../src/index.ts";
import { parseKeys } from "../src/secret-key.ts";
import { totpStepOf } from "../src/services/auth/mfa/mfa.ts";
import { generateKey, Keyring, SEAL_CONTEXT, sealedKeyId } from "../src/services/kernel/keyring.ts";
import { resealSecrets } from "../src/services/maintenance/reseal-secrets.ts";
import { apiKeyWith, createUser, expectProblem, loginAs, startTestServer, type ApiResponse, type TestServer } from "./harness.ts";
import { PTERODACTYL_PREFIX } from "./support/contract-check.ts";
import { capturingLogger, type LogLine } from "./support/capturing-logger.ts";

// TOTP two-factor sign-in (RFC 6238): enrolment, sign-in with a code and
// with a recovery code (then spent), replays refused, wrong codes counted
// against the sign-in limits, turning it off (own, with a code; an
// operator's, with `users:reset-mfa` and the rank rule), and the secret
// kept sealed, never in the audit log or the logs. Time is the services'
// ManualClock, set at the start of a 30-second step; codes are computed
// here, from the secret the enrolment answered, at the clock's time.
const LIMIT = 3;
const SITE = "Steward Test Site";
const clock = new ManualClock(new Date("2026-12-07T10:00:00.000Z"));
const logged: LogLine[] = [];
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(
    { STEWARD_LOGIN_RATE_LIMIT: String(LIMIT), STEWARD_LOGIN_MAX_DELAY: "1", STEWARD_SITE_NAME: SITE },
    { clock, log: capturingLogger(logged) },
  );
});
afterAll(() => t?.close());

/** Every secret and code this file saw: none may reach the audit log or the logs. */
const secretsSeen: string[] = [];

/** The code the authenticator app shows at `at` (the server's clock by default). */
const codeAt = (secret: string, at = clock.now()) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30, timestamp: at.getTime() });
/** A 6-digit code that is not the secret's for any step around now. */
function wrongCodeFor(secret: string): string {
  const near = [-30_000, 0, 30_000].map((ms) => codeAt(secret, new Date(clock.now().getTime() + ms)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, "0");
    if (!near.includes(code)) return code;
  }
}
/** Moves the clock to the next 30-second step, so a new code is shown. */
const nextStep = () => clock.advance(30_000 - (clock.now().getTime() % 30_000));

/** Addresses of sign-ins that do not name one: each its own, so only the tests about limits meet them. */
let addresses = 0;
const anotherAddress = () => `2001:db8::${(++addresses).toString(16)}`;
const signIn = (username: string, password: string, code?: string, from = anotherAddress()): Promise<ApiResponse> =>
  t.api("POST", "/api/v1/auth/login", { token: null, body: code === undefined ? { username, password } : { username, password, code }, headers: { "x-forwarded-for": from } });
const enrol = (token: string) => t.api("POST", "/api/v1/auth/me/mfa/enrolment", { token });
const confirm = (token: string, code: string) => t.api("POST", "/api/v1/auth/me/mfa/enrolment/confirm", { token, body: { code } });
const status = async (token: string) => v1Contract.mfa.getMfa.responses[200].parse((await t.api("GET", "/api/v1/auth/me/mfa", { token })).body);
const auditOf = async (targetId: string, action: string) => (await t.api("GET", `/api/v1/audit-events?targetId=${targetId}&action=${action}`)).body.data as any[];
const storedMfa = (id: string) =>
  t.server.db.prisma.user.findUniqueOrThrow({ where: { id }, select: { mfaEnabled: true, mfaSecret: true, mfaLastStep: true } });

let n = 0;
/** A new user with a password, signed in (the session token). */
async function account(fields: Record<string, unknown> = {}) {
  n += 1;
  const username = `mfa-user-${n}`;
  const password = `mfa-password-${n}`;
  const user = await createUser(t, { username, password, ...fields });
  return { id: user.id as string, numericId: user.numericId as number, username, password, token: await loginAs(t, username, password) };
}

/** A new user who has enrolled and confirmed: their secret and recovery codes; the clock is on a fresh step. */
async function enrolled(fields: Record<string, unknown> = {}) {
  const user = await account(fields);
  const { secret } = (await enrol(user.token)).body;
  const res = await confirm(user.token, codeAt(secret));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  secretsSeen.push(secret, ...res.body.recoveryCodes);
  await nextStep();
  return { ...user, secret: secret as string, recoveryCodes: res.body.recoveryCodes as string[] };
}

describe("TOTP as RFC 6238 defines it", () => {
  it("matches the RFC's SHA-1 test vectors (6 digits of them), and the step a code belongs to", () => {
    const rfcSecret = new Secret({ buffer: new TextEncoder().encode("12345678901234567890").buffer }).base32;
    const vectors: [number, string][] = [[59, "287082"], [1111111109, "081804"], [1111111111, "050471"], [1234567890, "005924"], [2000000000, "279037"]];
    for (const [seconds, code] of vectors) {
      expect(totpStepOf(rfcSecret, code, new Date(seconds * 1000)), `T=${seconds}`).toBe(Math.floor(seconds / 30));
      // One step either way still counts (clock drift); two do not.
      expect(totpStepOf(rfcSecret, code, new Date((seconds + 30) * 1000))).toBe(Math.floor(seconds / 30));
      expect(totpStepOf(rfcSecret, code, new Date((seconds + 60) * 1000))).toBeNull();
    }
    expect(totpStepOf(rfcSecret, "287 082", new Date(59_000))).toBe(1);
    expect(totpStepOf(rfcSecret, "28708", new Date(59_000))).toBeNull();
  });
});

describe("enrol, then sign in with a code and with a recovery code", () => {
  let user: Awaited<ReturnType<typeof account>>;
  let secret: string;
  let recoveryCodes: string[];
  let confirmedWith: string;

  it("enrolment answers the secret once, as base32 and as an otpauth URI with the site's name; it is stored sealed; nothing changes yet", async () => {
    user = await account();
    expect(await status(user.token)).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const res = await enrol(user.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const enrolment = v1Contract.mfa.startMfaEnrolment.responses[200].parse(res.body);
    secret = enrolment.secret;
    secretsSeen.push(secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment).toMatchObject({ issuer: SITE, account: user.username });
    const uri = URI.parse(enrolment.otpauthUri) as TOTP;
    expect(uri).toBeInstanceOf(TOTP);
    expect({ issuer: uri.issuer, label: uri.label, algorithm: uri.algorithm, digits: uri.digits, period: uri.period, secret: uri.secret.base32 }).toEqual({
      issuer: SITE,
      label: user.username,
      algorithm: "SHA1",
      digits: 6,
      period: 30,
      secret,
    });

    const stored = await storedMfa(user.id);
    expect(stored.mfaEnabled).toBe(false);
    expect(stored.mfaSecret).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(stored.mfaSecret).not.toContain(secret);
    // Not in force until confirmed: the password alone still signs in, and others see it off.
    expect((await signIn(user.username, user.password)).status).toBe(200);
    expect((await t.api("GET", `/api/v1/users/${user.id}`)).body.mfaEnabled).toBe(false);
  });

  it("a wrong code does not confirm (422 invalid_mfa_code); the app's code does, answering ten recovery codes once", async () => {
    const wrong = await confirm(user.token, wrongCodeFor(secret));
    expectProblem(wrong, 422, "unprocessable_entity");
    expect(wrong.body.reason).toBe("invalid_mfa_code");
    expect((await storedMfa(user.id)).mfaEnabled).toBe(false);

    confirmedWith = codeAt(secret);
    const res = await confirm(user.token, confirmedWith);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    recoveryCodes = v1Contract.mfa.confirmMfaEnrolment.responses[200].parse(res.body).recoveryCodes;
    secretsSeen.push(...recoveryCodes);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    expect(await status(user.token)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect((await t.api("GET", `/api/v1/users/${user.id}`)).body.mfaEnabled).toBe(true);
    // Kept as hashes only.
    const rows = await t.server.db.prisma.mfaRecoveryCode.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(recoveryCodes.join(" ")).not.toContain(row.codeHash);
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(recoveryCodes.join("|")));

    const again = await enrol(user.token);
    expectProblem(again, 409, "conflict");
    expect(again.body.reason).toBe("mfa_already_enabled");
    expect((await confirm(user.token, codeAt(secret))).body.reason).toBe("mfa_already_enabled");
  });

  it("the password alone is answered 401 mfa_required, distinct from bad_credentials", async () => {
    const res = await signIn(user.username, user.password);
    expectProblem(res, 401, "unauthorized");
    expect(res.body.reason).toBe("mfa_required");
    const wrongPassword = await signIn(user.username, "not-the-password");
    expect(wrongPassword.body.reason).toBe("bad_credentials");
    // A wrong password with a right code is still only a wrong password.
    expect((await signIn(user.username, "not-the-password", codeAt(secret))).body.reason).toBe("bad_credentials");
  });

  it("the code of the step enrolment took is not taken again; the next step's code signs in once", async () => {
    const replayed = await signIn(user.username, user.password, confirmedWith);
    expectProblem(replayed, 401, "unauthorized");
    expect(replayed.body.reason).toBe("invalid_mfa_code");

    await nextStep();
    const code = codeAt(secret);
    const res = await signIn(user.username, user.password, code);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(v1Contract.auth.login.responses[200].parse(res.body).user.mfaEnabled).toBe(true);
    expect((await t.api("GET", "/api/v1/auth/me", { token: res.body.token })).status).toBe(200);

    const replay = await signIn(user.username, user.password, code);
    expect(replay.body.reason).toBe("invalid_mfa_code");
    // An earlier step's code is not taken after a later one was.
    expect((await signIn(user.username, user.password, codeAt(secret, new Date(clock.now().getTime() - 30_000)))).body.reason).toBe("invalid_mfa_code");
  });

  it("a recovery code signs in once, then it is spent; typed in capitals with spaces it is the same code", async () => {
    const [first, second] = recoveryCodes;
    const res = await signIn(user.username, user.password, first);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await status(user.token)).toEqual({ enabled: true, recoveryCodesLeft: 9 });
    const spent = await signIn(user.username, user.password, first);
    expectProblem(spent, 401, "unauthorized");
    expect(spent.body.reason).toBe("invalid_mfa_code");

    expect((await signIn(user.username, user.password, ` ${second!.toUpperCase().replace(/-/g, " ")} `)).status).toBe(200);
    expect(await status(user.token)).toEqual({ enabled: true, recoveryCodesLeft: 8 });
    const created = (await t.api("GET", `/api/v1/audit-events?action=session.create&limit=200`)).body.data.filter((e: any) => e.actor.id === user.id);
    expect(created.map((e: any) => e.after?.secondFactor ?? null)).toEqual(expect.arrayContaining(["totp", "recovery"]));
  });

  it("another user's recovery code is no code of this one", async () => {
    const other = await enrolled();
    expect((await signIn(user.username, user.password, other.recoveryCodes[0])).body.reason).toBe("invalid_mfa_code");
    expect((await signIn(other.username, other.password, other.recoveryCodes[0])).status).toBe(200);
  });

  it("own MFA is managed from a login session only: an API key is refused (403 session_required), and writes nothing", async () => {
    const key = await apiKeyWith(t, ["users:read"]);
    for (const res of [
      await t.api("GET", "/api/v1/auth/me/mfa", { token: key }),
      await enrol(key),
      await confirm(key, "123456"),
      await t.api("POST", "/api/v1/auth/me/mfa/recovery-codes", { token: key, body: { code: "123456" } }),
      await t.api("DELETE", "/api/v1/auth/me/mfa", { token: key, body: { code: "123456" } }),
    ]) {
      expectProblem(res, 403, "forbidden");
      expect(res.body.reason).toBe("session_required");
    }
    const admin = await t.server.db.prisma.user.findFirstOrThrow({ where: { username: "admin" }, select: { mfaSecret: true } });
    expect(admin.mfaSecret).toBeNull();
  });
});

describe("wrong codes count against the sign-in limits", () => {
  it("past the limit of wrong codes from one address, that address is refused (429) even with the right code; another address gets in", async () => {
    const user = await enrolled();
    for (let i = 0; i < LIMIT; i++) {
      const res = await signIn(user.username, user.password, wrongCodeFor(user.secret), "198.51.100.10");
      expectProblem(res, 401, "unauthorized");
      expect(res.body.reason).toBe("invalid_mfa_code");
      expect(res.headers.get("ratelimit")).toMatch(new RegExp(`^"login";r=${LIMIT - i - 1};t=\\d+$`));
    }
    const refused = await signIn(user.username, user.password, codeAt(user.secret), "198.51.100.10");
    expectProblem(refused, 429, "rate_limit_exceeded");
    expect(refused.body.reason).toBe("login_rate_limited");
    // The account is past its limit from everywhere: held back (the clock moves), never locked.
    const before = clock.now().getTime();
    const elsewhere = await signIn(user.username, user.password, codeAt(user.secret), "198.51.100.11");
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(250);
  });

  it("the password without a code (mfa_required) is no failure: asked for many times, the code still gets in", async () => {
    const user = await enrolled();
    for (let i = 0; i < LIMIT * 3; i++) expect((await signIn(user.username, user.password, undefined, "198.51.100.20")).body.reason).toBe("mfa_required");
    expect((await signIn(user.username, user.password, codeAt(user.secret), "198.51.100.20")).status).toBe(200);
  });

  it("a wrong password and a wrong code are one count: the limit is shared", async () => {
    const user = await enrolled();
    expect((await signIn(user.username, "wrong-password", undefined, "198.51.100.30")).body.reason).toBe("bad_credentials");
    for (let i = 1; i < LIMIT; i++) expect((await signIn(user.username, user.password, wrongCodeFor(user.secret), "198.51.100.30")).body.reason).toBe("invalid_mfa_code");
    expectProblem(await signIn(user.username, user.password, user.recoveryCodes[0], "198.51.100.30"), 429, "rate_limit_exceeded");
    // Refused unchecked: the recovery code was not spent.
    expect((await status(user.token)).recoveryCodesLeft).toBe(10);
  });

  it("codes checked in a session (new recovery codes, turning it off) count too: a stolen session cannot guess its way", async () => {
    const user = await enrolled();
    const regenerate = (code: string) =>
      t.api("POST", "/api/v1/auth/me/mfa/recovery-codes", { token: user.token, body: { code }, headers: { "x-forwarded-for": "198.51.100.40" } });
    for (let i = 0; i < LIMIT; i++) expect((await regenerate(wrongCodeFor(user.secret))).body.reason).toBe("invalid_mfa_code");
    const refused = await regenerate(codeAt(user.secret));
    expectProblem(refused, 429, "rate_limit_exceeded");
    const off = await t.api("DELETE", "/api/v1/auth/me/mfa", { token: user.token, body: { code: user.recoveryCodes[0] }, headers: { "x-forwarded-for": "198.51.100.40" } });
    expectProblem(off, 429, "rate_limit_exceeded");
    expect(await status(user.token)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
  });
});

describe("new recovery codes, and turning one's own MFA off", () => {
  it("new codes take a current app code (not a recovery code); the old codes stop working, the new ones work", async () => {
    const user = await enrolled();
    const regenerate = (code: string) => t.api("POST", "/api/v1/auth/me/mfa/recovery-codes", { token: user.token, body: { code } });
    const withRecovery = await regenerate(user.recoveryCodes[0]!);
    expectProblem(withRecovery, 422, "unprocessable_entity");
    expect(withRecovery.body.reason).toBe("invalid_mfa_code");
    const res = await regenerate(codeAt(user.secret));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const fresh = v1Contract.mfa.regenerateRecoveryCodes.responses[200].parse(res.body).recoveryCodes;
    secretsSeen.push(...fresh);
    expect(fresh.filter((code) => user.recoveryCodes.includes(code))).toEqual([]);
    expect(await status(user.token)).toEqual({ enabled: true, recoveryCodesLeft: 10 });
    expect((await signIn(user.username, user.password, user.recoveryCodes[1])).body.reason).toBe("invalid_mfa_code");
    expect((await signIn(user.username, user.password, fresh[0])).status).toBe(200);
    const [event] = await auditOf(user.id, "user.mfa.recovery_codes.regenerate");
    expect(event).toMatchObject({ target: { type: "user", id: user.id }, after: { recoveryCodes: 10 } });
  });

  it("turning it off takes a code (a recovery code will do); then the password alone signs in, and nothing of the factor is kept", async () => {
    const user = await enrolled();
    const off = (code: string) => t.api("DELETE", "/api/v1/auth/me/mfa", { token: user.token, body: { code } });
    expect((await off(wrongCodeFor(user.secret))).body.reason).toBe("invalid_mfa_code");
    expect((await off("aaaa-bbbb-cccc")).body.reason).toBe("invalid_mfa_code");
    const res = await off(user.recoveryCodes[3]!);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await status(user.token)).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect(await storedMfa(user.id)).toEqual({ mfaEnabled: false, mfaSecret: null, mfaLastStep: null });
    expect(await t.server.db.prisma.mfaRecoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await signIn(user.username, user.password)).status).toBe(200);
    const again = await off(codeAt(user.secret));
    expectProblem(again, 409, "conflict");
    expect(again.body.reason).toBe("mfa_not_enabled");
    const [event] = await auditOf(user.id, "user.mfa.disable");
    expect(event.before).toMatchObject({ mfaEnabled: true });
    expect(event.after).toMatchObject({ mfaEnabled: false, secondFactor: "recovery" });
    // Enrolling again starts afresh, with a new secret.
    const { secret } = (await enrol(user.token)).body;
    secretsSeen.push(secret);
    expect(secret).not.toBe(user.secret);
  });

  it("confirming without an enrolment started is a 409 mfa_enrolment_not_started", async () => {
    const user = await account();
    const res = await confirm(user.token, "123456");
    expectProblem(res, 409, "conflict");
    expect(res.body.reason).toBe("mfa_enrolment_not_started");
  });
});

describe("an operator turns a user's MFA off: DELETE /users/:id/mfa", () => {
  const reset = (id: string, token?: string) => t.api("DELETE", `/api/v1/users/${id}/mfa`, { token });

  it("403 without users:reset-mfa, 403 on a target holding more, 404 for nobody; nothing written", async () => {
    const target = await enrolled();
    const strongTarget = await enrolled({ roles: ["moderator"] });
    await createUser(t, { username: "mfa-moderator", password: "mfa-moderator-password", roles: ["moderator"] });
    const moderator = await loginAs(t, "mfa-moderator", "mfa-moderator-password");
    const notPermitted = await reset(target.id, moderator);
    expectProblem(notPermitted, 403, "forbidden");
    expect(notPermitted.body.reason).toBe("missing_permission");
    const resetter = await apiKeyWith(t, ["users:reset-mfa"]);
    const outranked = await reset(strongTarget.id, resetter);
    expectProblem(outranked, 403, "forbidden");
    expect(outranked.body.reason).toBe("target_outranks_caller");
    expectProblem(await reset("00000000-0000-4000-8000-000000000000", resetter), 404, "not_found");
    for (const id of [target.id, strongTarget.id]) expect((await storedMfa(id)).mfaEnabled).toBe(true);
    expect(await auditOf(target.id, "user.mfa.reset")).toEqual([]);
  });

  it("204: MFA off, sign-in no longer asks, the user's sessions stay; audited; harmless again", async () => {
    const target = await enrolled();
    const resetter = await apiKeyWith(t, ["users:reset-mfa"]);
    const res = await reset(target.id, resetter);
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await storedMfa(target.id)).toEqual({ mfaEnabled: false, mfaSecret: null, mfaLastStep: null });
    expect(await t.server.db.prisma.mfaRecoveryCode.count({ where: { userId: target.id } })).toBe(0);
    expect((await signIn(target.username, target.password)).status).toBe(200);
    expect((await t.api("GET", "/api/v1/auth/me", { token: target.token })).status).toBe(200);
    const [event] = await auditOf(target.id, "user.mfa.reset");
    expect(event).toMatchObject({ actor: { type: "api_key" }, target: { type: "user", id: target.id }, before: { mfaEnabled: true }, after: { mfaEnabled: false } });
    expect((await reset(target.id, resetter)).status).toBe(204);
    expect(await auditOf(target.id, "user.mfa.reset")).toHaveLength(1);
  });
});

describe("Pterodactyl's `2fa` is the MFA state", () => {
  it("false while an enrolment is pending, true once confirmed, false after a reset", async () => {
    const user = await account();
    const key = await apiKeyWith(t, ["users:read"]);
    const twoFa = async () =>
      (await t.api("GET", `${PTERODACTYL_PREFIX}/users/${user.numericId}`, { token: key, headers: { accept: "Application/vnd.pterodactyl.v1+json" } })).body.attributes["2fa"];
    expect(await twoFa()).toBe(false);
    const { secret } = (await enrol(user.token)).body;
    secretsSeen.push(secret);
    expect(await twoFa()).toBe(false);
    expect((await confirm(user.token, codeAt(secret))).status).toBe(200);
    expect(await twoFa()).toBe(true);
    expect((await t.api("DELETE", `/api/v1/users/${user.id}/mfa`)).status).toBe(204);
    expect(await twoFa()).toBe(false);
  });
});

describe("the secret under key rotation", () => {
  it("is re-sealed with the current key, under its own user's context; sign-in with a code works after", async () => {
    const [a, b] = [generateKey().toString("hex"), generateKey().toString("hex")];
    const ringA = new Keyring(parseKeys(a, "A"));
    const ringBA = new Keyring(parseKeys(`${b},${a}`, "B,A"));
    const rotated = await startTestServer({ STEWARD_SECRET_KEY: `${b},${a}` });
    try {
      const { id } = await createUser(rotated, { username: "rotating", password: "rotating-password" });
      const secret = new Secret().base32;
      const context = `${SEAL_CONTEXT.mfaSecret}:${id}`;
      // As a server holding only key A would have left it.
      await rotated.server.db.prisma.user.update({ where: { id }, data: { mfaEnabled: true, mfaSecret: ringA.seal(secret, context) } });
      expect(await resealSecrets(rotated.server.db.prisma, ringBA)).toBe(1);
      const { mfaSecret } = await rotated.server.db.prisma.user.findUniqueOrThrow({ where: { id }, select: { mfaSecret: true } });
      expect(sealedKeyId(mfaSecret!)).toBe(ringBA.currentKeyId);
      expect(ringBA.open(mfaSecret!, context)).toBe(secret);
      // Bound to its user: it opens under no other user's context.
      expect(() => ringBA.open(mfaSecret!, `${SEAL_CONTEXT.mfaSecret}:00000000-0000-4000-8000-000000000000`)).toThrow();
      const res = await rotated.api("POST", "/api/v1/auth/login", {
        token: null,
        body: { username: "rotating", password: "rotating-password", code: TOTP.generate({ secret: Secret.fromBase32(secret) }) },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } finally {
      await rotated.close();
    }
  });
});

describe("secrets stay secret", () => {
  it("no secret or recovery code in the audit log or the logs; every MFA change audited", async () => {
    expect(secretsSeen.length).toBeGreaterThan(20);
    const events = await t.server.db.prisma.auditEvent.findMany();
    const actions = new Set(events.map((e) => e.action));
    for (const action of ["user.mfa.enrolment.start", "user.mfa.enable", "user.mfa.disable", "user.mfa.recovery_codes.regenerate", "user.mfa.reset"]) {
      expect(actions, action).toContain(action);
    }
    const audit = JSON.stringify(events, (_key, value) => (typeof value === "bigint" ? String(value) : value));
    const logs = JSON.stringify(logged);
    for (const secret of secretsSeen) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(audit).not.toMatch(/"code"/);
  });
});

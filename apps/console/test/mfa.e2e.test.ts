/**
 * Two-factor sign-in in the console, end to end: an operator sets it up on
 * Your account (QR code and secret, confirmed by the app's code, ten
 * recovery codes shown once), signs in with a code and with a recovery
 * code, makes new recovery codes and turns it off; on a user's page, an
 * operator holding `users:reset-mfa` turns a user's off after confirming.
 * A real API (in-process, in-memory PGlite) whose clock the test moves
 * (`ManualClock`: codes are computed here at its time), the built console
 * and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/mfa.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { StewardClient } from "@steward/client";
import { ManualClock } from "@steward/server";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "mfa-e2e-password" };
/** Refusals provoked on purpose: a sign-in asking for its code or given a wrong one (401), a wrong code at enrolment (422). */
const EXPECTED_STATUSES = [401, 422];
/**
 * Starts at the real time, at the start of a 30-second step: the API sets the
 * session cookie's expiry by this clock and Chromium drops a cookie whose
 * expiry has passed by its own (a fixed date broke this test 12 hours later).
 */
const clock = new ManualClock(new Date(Math.floor(Date.now() / 30_000) * 30_000));

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, clock, expectedStatuses: EXPECTED_STATUSES });
let secret: string;
let recoveryCodes: string[];

/** The code the authenticator app shows at the API's clock. */
const codeOf = (base32: string, at = clock.now().getTime()) =>
  TOTP.generate({ secret: Secret.fromBase32(base32), algorithm: "SHA1", digits: 6, period: 30, timestamp: at });
/** A 6-digit code that is not the secret's for any step around now. */
function wrongCodeFor(base32: string): string {
  const near = [-30_000, 0, 30_000].map((ms) => codeOf(base32, clock.now().getTime() + ms));
  return ["000000", "111111", "222222", "333333"].find((code) => !near.includes(code))!;
}
/** On to the next 30-second step: the app shows a new code (one code is taken once). */
const nextStep = () => clock.advance(30_000 - (clock.now().getTime() % 30_000));

const codeField = () => stack.page.getByLabel("Two-factor code");
const mfaSummary = () => stack.page.getByTestId("mfa-summary").textContent();
const shownCodes = () => stack.page.getByTestId("recovery-codes").locator("li").allTextContents();

async function signOut() {
  await stack.page.getByRole("button", { name: "Sign out", exact: true }).click();
  await stack.page.waitForURL(/\/login/);
}

/** Username and password on the sign-in page; the second step (the code) follows for an account with two-factor sign-in. */
async function password() {
  const { page, web } = stack;
  await page.goto(`${web.url}/login`);
  await page.getByLabel("Username or email").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

describe("two-factor sign-in on Your account", () => {
  it("is set up there: QR code and secret shown once, a wrong code refused, the app's code turns it on and shows ten recovery codes once", async () => {
    const { page, sdk } = stack;
    await page.getByRole("complementary", { name: "Main navigation" }).getByRole("link", { name: "Your account" }).click();
    await page.waitForURL(/\/account$/);
    await expect.poll(() => page.getByTestId("mfa-state").textContent()).toBe("Off");

    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    secret = await page.getByTestId("mfa-secret").inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.getByTestId("qr-code").getAttribute("src")).toMatch(/^data:image\/svg\+xml/);
    await screenshot(page, "account-mfa-enrolment");
    // Not on until confirmed.
    expect((await sdk.me()).user!.mfaEnabled).toBe(false);

    await codeField().fill(wrongCodeFor(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "not the code" }).count()).toBe(1);
    await codeField().fill(codeOf(secret));
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect.poll(shownCodes).toHaveLength(10);
    recoveryCodes = await shownCodes();
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await screenshot(page, "account-mfa-recovery-codes");
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect.poll(mfaSummary).toBe("On. 10 recovery codes left.");
    expect(await page.getByTestId("recovery-codes").count()).toBe(0);
    expect((await sdk.me()).user!.mfaEnabled).toBe(true);
  });

  it("signing in asks for the code after the password: a wrong one is refused, the app's code gets in", async () => {
    const { page } = stack;
    await signOut();
    await password();
    await codeField().waitFor();
    await codeField().fill(wrongCodeFor(secret));
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect.poll(() => page.getByTestId("login-error").textContent()).toContain("Wrong two-factor code");
    await nextStep();
    await codeField().fill(codeOf(secret));
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await page.waitForURL(/\/users/);
  });

  it("a recovery code signs in once, and is then spent", async () => {
    const { page, web } = stack;
    await signOut();
    await password();
    await codeField().fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await page.waitForURL(/\/users/);
    await page.goto(`${web.url}/account`);
    await expect.poll(mfaSummary).toBe("On. 9 recovery codes left.");
  });

  it("new recovery codes take the app's code; turning it off takes a recovery code", async () => {
    const { page, sdk } = stack;
    await page.getByRole("button", { name: "New recovery codes" }).click();
    await nextStep();
    await codeField().fill(codeOf(secret));
    await page.getByRole("button", { name: "Make new codes" }).click();
    await expect.poll(shownCodes).toHaveLength(10);
    const fresh = await shownCodes();
    expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect.poll(mfaSummary).toBe("On. 10 recovery codes left.");

    await page.getByRole("button", { name: "Turn off", exact: true }).click();
    await codeField().fill(fresh[0]!);
    await page.getByRole("button", { name: "Turn off", exact: true }).click();
    await expect.poll(() => page.getByTestId("mfa-notice").textContent()).toBe("Two-factor sign-in is off.");
    await expect.poll(() => page.getByTestId("mfa-state").textContent()).toBe("Off");
    expect((await sdk.me()).user!.mfaEnabled).toBe(false);
  });
});

describe("on a user's page", () => {
  it("'Turn off two-factor sign-in' is offered only while the user has it, and asks first", async () => {
    const { page, web, sdk, api } = stack;
    const target = await sdk.users.create({ username: "mfa-target", password: "mfa-target-password" });
    const plain = await sdk.users.create({ username: "mfa-plain" });
    const own = new StewardClient({ baseUrl: api.url });
    await own.login("mfa-target", "mfa-target-password");
    const enrolment = await own.auth.mfa.startEnrolment();
    await own.auth.mfa.confirmEnrolment(codeOf(enrolment.secret));

    await page.goto(`${web.url}/users/${plain.id}`);
    await page.getByTestId("user-heading").waitFor();
    expect(await page.getByRole("button", { name: "Turn off two-factor sign-in" }).count()).toBe(0);

    await page.goto(`${web.url}/users/${target.id}`);
    await page.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
    await page.getByTestId("mfa-reset-confirm").waitFor();
    expect((await sdk.users.get(target.id)).mfaEnabled).toBe(true);
    await page.getByRole("button", { name: "Turn it off" }).click();
    await expect.poll(() => page.getByTestId("mfa-reset-notice").textContent()).toContain("Two-factor sign-in is off for mfa-target");
    await expect.poll(() => page.getByRole("button", { name: "Turn off two-factor sign-in" }).count()).toBe(0);
    expect((await sdk.users.get(target.id)).mfaEnabled).toBe(false);
    await screenshot(page, "user-mfa-reset");
    expect((await new StewardClient({ baseUrl: api.url }).login("mfa-target", "mfa-target-password")).user.username).toBe("mfa-target");
  });

  it("no page error, console error or CSP violation", () => {
    expect(pageErrors).toEqual([]);
  });
});

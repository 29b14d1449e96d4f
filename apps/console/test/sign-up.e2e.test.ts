/**
 * Signing up in the console, end to end: the sign-in page offers "Create an
 * account" only while the settings open registration; a taken username is
 * shown at its field and nothing is created; a new account is made, and
 * signs in. A real API (in-process, in-memory PGlite), the built console
 * and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/sign-up.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { screenshot, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "sign-up-e2e-password" };
const pageErrors: string[] = [];
// The taken username is refused on purpose (409).
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, env: { STEWARD_REGISTRATION: "invite-only" }, expectedStatuses: [409] });

async function setPolicy(registration: "open" | "invite-only") {
  const current = await stack.sdk.settings.get();
  await stack.sdk.settings.update({ ...current.settings, registration }, { ifMatch: current.revision });
}

describe("sign-up", () => {
  it("is not offered while registration is invite-only, and its page says to ask for an invitation", async () => {
    const context = await watchedContext(stack.browser, pageErrors);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.web.url}/login`);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      // The link appears only once the policy is read: give it the time a read takes, then check it is absent.
      await page.waitForLoadState("networkidle");
      expect(await page.getByTestId("signup-link").count()).toBe(0);
      await page.goto(`${stack.web.url}/signup`);
      await expect.poll(() => page.getByTestId("signup-not-open").textContent()).toContain("ask an operator for an invitation link");
    } finally {
      await context.close();
    }
  });

  it("once open: offered on the sign-in page; a taken name is shown at its field; a new account is made and signs in", async () => {
    await setPolicy("open");
    const context = await watchedContext(stack.browser, pageErrors, [409]);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.web.url}/login`);
      await page.getByTestId("signup-link").getByRole("link", { name: "Create an account" }).click();
      await page.waitForURL(/\/signup$/);
      await page.getByLabel("Username").fill(ADMIN.username);
      await page.getByLabel("Password", { exact: true }).fill("newcomer-password-1");
      await page.getByLabel("Confirm password").fill("newcomer-password-1");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect.poll(() => page.locator("#signup-username-error").textContent()).toBe("Already taken: choose another username.");
      expect((await stack.sdk.users.list({ q: "newcomer" })).data).toEqual([]);

      await page.getByLabel("Username").fill("newcomer");
      await page.getByLabel("Email (optional)").fill("newcomer@example.org");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect.poll(() => page.getByTestId("signup-done").textContent()).toContain("Your account newcomer is ready");
      await screenshot(page, "sign-up-done");
      const made = (await stack.sdk.users.lookup({ username: "newcomer" }));
      expect(made).toMatchObject({ email: "newcomer@example.org", roles: [], directPermissions: [] });

      await page.getByRole("link", { name: "Sign in" }).click();
      await page.waitForURL(/\/login/);
      await page.getByLabel("Username or email").fill("newcomer");
      await page.getByLabel("Password").fill("newcomer-password-1");
      await page.getByRole("button", { name: "Sign in" }).click();
      // An account with no permission starts on its own page.
      await page.waitForURL(/\/account$/);
    } finally {
      await context.close();
      await setPolicy("invite-only");
    }
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

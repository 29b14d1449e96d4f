/**
 * Your account, end to end, for an account with no operator permission: it
 * signs in and starts on its own page; changes its display name; a wrong
 * current password is shown at its field, the right one changes it and ends
 * its other session (whose token then gets 401); its sessions are listed
 * with this one marked. A real API (in-process, in-memory PGlite), the
 * built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/account.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { StewardClient, StewardError } from "@steward/client";
import { screenshot, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "account-e2e-password" };
const ACCOUNT = { username: "plain-account", password: "plain-account-password" };
const pageErrors: string[] = [];
// A wrong current password is refused on purpose (422).
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: [422] });

describe("your account, with no operator permission", () => {
  it("signs in to its own page, changes its profile and password, and sees its sessions", async () => {
    await stack.sdk.users.create({ username: ACCOUNT.username, password: ACCOUNT.password, email: "plain@example.org" });
    // Signed in elsewhere too: the password change ends that session.
    const elsewhere = new StewardClient({ baseUrl: stack.api.url });
    await elsewhere.login(ACCOUNT.username, ACCOUNT.password);

    const context = await watchedContext(stack.browser, pageErrors, [422]);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.web.url}/login`);
      await page.getByLabel("Username or email").fill(ACCOUNT.username);
      await page.getByLabel("Password").fill(ACCOUNT.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/account$/);

      const profile = page.getByTestId("account-profile");
      await expect.poll(() => profile.getByLabel("Email").inputValue()).toBe("plain@example.org");
      await profile.getByLabel("Display name").fill("Plain Person");
      await profile.getByRole("button", { name: "Save profile" }).click();
      await expect.poll(() => page.getByTestId("profile-notice").textContent()).toContain("Profile saved.");
      expect((await stack.sdk.users.lookup({ username: ACCOUNT.username })).displayName).toBe("Plain Person");

      const sessions = page.getByTestId("session-row");
      await expect.poll(() => sessions.count()).toBe(2);
      expect(await sessions.filter({ hasText: "This session" }).count()).toBe(1);

      const password = page.getByTestId("account-password");
      await password.getByLabel("Current password").fill("not-the-password");
      await password.getByLabel("New password", { exact: true }).fill("a-new-plain-passphrase");
      await password.getByLabel("Confirm new password").fill("a-new-plain-passphrase");
      await password.getByRole("button", { name: "Change password" }).click();
      await expect.poll(() => page.locator("#password-current-error").textContent()).toBe("Not your current password");
      await password.getByLabel("Current password").fill(ACCOUNT.password);
      await password.getByRole("button", { name: "Change password" }).click();
      await expect.poll(() => page.getByTestId("password-notice").textContent()).toBe("Password changed. 1 other session ended.");
      await screenshot(page, "account");

      const refused = await elsewhere.account.get().catch((error: unknown) => error);
      expect((refused as StewardError).status).toBe(401);
      await expect.poll(() => sessions.count()).toBe(1);
      // The navigation offers nothing this account may not open.
      const navigation = page.getByRole("complementary", { name: "Main navigation" });
      expect(await navigation.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual(["/account", "/account", "/api/v1/docs"]);
    } finally {
      await context.close();
    }
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

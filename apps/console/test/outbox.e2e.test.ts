/**
 * Mail in the console, end to end: an invite sent by email from the Invites
 * page waits in the outbox (no SMTP server), its link is read off the Outbox
 * page and redeemed by a stranger; and a mail that failed for good is retried
 * from the Outbox page. Real APIs (in-process, in-memory PGlite), the built
 * console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/outbox.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import type { OutboxMessage } from "@steward/client";
import { ManualClock } from "@steward/server";
import { screenshot, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "outbox-e2e-password" };
const INVITED = { email: "new.person@example.org", name: "New Person", username: "new.person", password: "new-person-password" };
const SITE = { STEWARD_SITE_NAME: "Example Community" };

const pageErrors: string[] = [];

describe("an invite sent by email, with no SMTP server", () => {
  const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, env: SITE });

  it("is queued from the Invites page, shown in the outbox with its message, and redeemed from the mailed link", async () => {
    const { web, page, sdk, browser } = stack;
    await page.goto(`${web.url}/invites`);
    await page.getByRole("button", { name: "Send invite by email" }).click();
    await page.getByLabel("Email address").fill(INVITED.email);
    await page.getByLabel("Name (optional)").fill(INVITED.name);
    await page.getByRole("button", { name: "Send invite", exact: true }).click();
    await expect.poll(() => page.getByTestId("invite-email-notice").textContent()).toContain(`An invite to ${INVITED.email} is queued`);
    // The invite it made is pending, for that address.
    await expect.poll(() => page.getByTestId("invite-row").allTextContents()).toEqual([
      expect.stringContaining(`One new account, for ${INVITED.email}`),
    ]);
    await screenshot(page, "invite-email-sent");

    // The notice leads to the outbox, where the mail waits (nothing sends it).
    await page.getByTestId("invite-email-notice").getByRole("link", { name: "outbox" }).click();
    await page.waitForURL(/\/outbox$/);
    const row = page.getByTestId("outbox-row");
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(0, 4)).toEqual(["Pending", INVITED.email, "You are invited to Example CommunityInvite", "0"]);
    expect((await sdk.outbox.list()).data.map((message) => [message.to, message.status])).toEqual([[INVITED.email, "pending"]]);

    // The status filter: nothing failed or sent, one pending.
    await page.getByLabel("Show", { exact: true }).selectOption("failed");
    await page.waitForURL(/status=failed/);
    await expect.poll(() => page.getByTestId("outbox-total").textContent()).toBe("0 failed messages");
    await page.getByLabel("Show", { exact: true }).selectOption("pending");
    await expect.poll(() => page.getByTestId("outbox-total").textContent()).toBe("1 pending message");

    // The operator reads the message, and its link, on the page.
    await row.getByRole("button", { name: "Show message" }).click();
    const body = await page.getByTestId("outbox-body").textContent();
    expect(body).toContain(`Hello ${INVITED.name},`);
    const link = body!.match(new RegExp(`${web.url}/invite/\\S+`))?.[0];
    expect(link).toBeDefined();
    await screenshot(page, "outbox-message");

    // A stranger, in a fresh browser with no operator session, creates the account.
    const stranger = await (await watchedContext(browser, pageErrors)).newPage();
    await stranger.goto(link!);
    await expect.poll(() => stranger.getByRole("heading", { level: 1 }).textContent()).toBe("Join Example Community");
    await stranger.getByLabel("Username").fill(INVITED.username);
    await stranger.getByLabel("Password", { exact: true }).fill(INVITED.password);
    await stranger.getByLabel("Confirm password").fill(INVITED.password);
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => stranger.getByTestId("invitation-done").textContent()).toContain(`Your account ${INVITED.username} is ready`);
    await stranger.context().close();

    // The operator sees the new account, and the invite used.
    await page.goto(`${web.url}/users?q=${INVITED.username}`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("1 user");
    expect(await page.getByTestId("user-row").textContent()).toContain(INVITED.username);
    expect((await sdk.invites.list({ state: "used" })).data.map((invite) => invite.email)).toEqual([INVITED.email]);
  });
});

describe("a mail that failed for good", () => {
  const clock = new ManualClock();
  // An SMTP server nobody listens at: every send fails at once. Rounds run every 10 ms.
  const smtp = { SMTP_URL: "smtp://127.0.0.1:1", STEWARD_MAIL_INTERVAL_MS: "10" };
  const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, env: { ...SITE, ...smtp }, clock });

  /** The one mail in the outbox, once `done` holds for it; the clock jumps past each retry's wait meanwhile. */
  async function mailWhen(done: (message: OutboxMessage) => boolean): Promise<OutboxMessage> {
    for (let round = 0; round < 400; round++) {
      const [message] = (await stack.sdk.outbox.list()).data;
      if (message && done(message)) return message;
      clock.advance(10 * 60_000);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("the mail never got there");
  }

  it("shows its last error and puts it back in line with Retry", async () => {
    const { web, page, sdk } = stack;
    const user = await sdk.users.create({ username: "sam", email: "sam@example.org" });
    await sdk.users.sendPasswordReset(user.id);
    const failed = await mailWhen((message) => message.status === "failed");
    expect(failed.attempts).toBe(6);
    expect(failed.lastError).toBeTruthy();

    await page.goto(`${web.url}/outbox?status=failed`);
    const row = page.getByTestId("outbox-row");
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      "Failed",
      "sam@example.org",
      "Reset your Example Community passwordPassword reset",
      "6",
      failed.lastError,
    ]);
    await screenshot(page, "outbox-failed");

    await row.getByRole("button", { name: "Retry the mail to sam@example.org" }).click();
    await expect.poll(() => page.getByTestId("outbox-notice").textContent()).toBe(
      "The mail to sam@example.org is pending again; its attempts start over.",
    );
    // Read again under the same filter: nothing failed any more.
    await expect.poll(() => page.getByTestId("outbox-total").textContent()).toBe("0 failed messages");
    // The worker may already have tried it once more (and failed: the clock no longer moves, so it waits).
    const retried = await mailWhen(() => true);
    expect(retried.status).toBe("pending");
    expect(retried.attempts).toBeLessThanOrEqual(1);
  });
});

describe("every page", () => {
  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

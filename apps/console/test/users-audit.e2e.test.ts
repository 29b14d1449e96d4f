/**
 * Pages the API already served and the console lacked: creating a user
 * (with a password, or by mailing a link to choose one), the audit log
 * (filters by actor, action, target, surface and time; each event's changes
 * before and after) and a user's own trail on their page.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/users-audit.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { StewardClient } from "@steward/client";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "users-audit-e2e-password" };

const pageErrors: string[] = [];
/** An actor filter naming no user is looked up (404) on purpose. */
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: [404] });
const ids: Record<string, string> = {};

describe("New user", () => {
  it("creates a user with a password, who can then sign in", async () => {
    const { page, web, api, sdk } = stack;
    await page.goto(`${web.url}/users`);
    await page.getByRole("link", { name: "New user" }).click();
    await page.waitForURL(/\/users\/new$/);
    await page.getByLabel("Username").fill("nina");
    await page.getByRole("textbox", { name: "Email" }).fill("nina@example.org");
    await page.getByLabel("Display name").fill("Nina Simone");
    await page.getByLabel("Password", { exact: true }).fill("nina-password-1");
    await page.getByLabel("Confirm password").fill("nina-password-2");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.locator("#new-password-confirm-error").textContent()).toBe("The two passwords differ.");
    await page.getByLabel("Confirm password").fill("nina-password-1");
    await screenshot(page, "user-new");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.getByTestId("user-created").textContent()).toContain("nina is created");
    const nina = await sdk.users.lookup({ username: "nina" });
    ids.nina = nina.id;
    expect(nina.displayName).toBe("Nina Simone");
    const client = new StewardClient({ baseUrl: api.url });
    expect((await client.login("nina", "nina-password-1")).user.username).toBe("nina");

    await page.getByRole("link", { name: "Open nina's page" }).click();
    await page.waitForURL(new RegExp(`/users/${nina.id}$`));
    await page.getByTestId("user-heading").waitFor();
  });

  it("creates a user who gets a link to choose their password, and needs an address for it", async () => {
    const { page, web, sdk } = stack;
    await page.goto(`${web.url}/users/new`);
    await page.getByLabel("Username").fill("omar");
    await page.getByRole("radio", { name: /^Email them a link/ }).check();
    expect(await page.getByLabel("Password", { exact: true }).count()).toBe(0);
    await page.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.locator("#new-email-error").textContent()).toContain("give an address");
    await page.getByRole("textbox", { name: "Email" }).fill("omar@example.org");
    await page.getByRole("button", { name: "Create user" }).click();
    await expect.poll(() => page.getByTestId("user-created").textContent()).toContain(
      "A link to choose a password is queued for omar@example.org; it works once, for 7 days.",
    );
    const mail = (await sdk.outbox.list()).data;
    // One request made the user, the link and its mail: the 7-day account setup mail, not a 24-hour reset.
    expect(mail.map((message) => [message.kind, message.to])).toContainEqual(["account_setup", "omar@example.org"]);
    ids.omar = (await sdk.users.lookup({ username: "omar" })).id;
  });
});

describe("the audit log", () => {
  it("lists what happened, newest first, and filters by action, actor, surface, target and time", async () => {
    const { page, web, sdk } = stack;
    // One change made straight at the API (surface v1), one in the console.
    await sdk.users.update(ids.omar!, { displayName: "Omar Khayyam" });
    await page.goto(`${web.url}/users/${ids.nina}`);
    await page.getByLabel("Display name").fill("Nina Waymon");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByTestId("save-notice").textContent()).toContain("Changes saved");

    await page.goto(`${web.url}/users`);
    await page.getByRole("complementary", { name: "Main navigation" }).getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/audit$/);
    await expect.poll(() => page.getByTestId("audit-row").count()).toBeGreaterThan(3);
    // Newest first: nina's update.
    expect(await page.getByTestId("audit-row").first().textContent()).toContain("user.update");

    await page.getByLabel("Action").fill("user.create");
    await page.waitForURL(/action=user\.create/);
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("2 events");

    await page.getByLabel("Action").fill("user.");
    await page.getByLabel("Surface").selectOption("v1");
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("1 event");
    expect(await page.getByTestId("audit-row").textContent()).toContain("user.update");
    await page.getByLabel("Surface").selectOption("console");
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("3 events");

    // An actor by username, a target by id.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByLabel("Actor").fill(ADMIN.username);
    await page.getByLabel("Target", { exact: true }).selectOption("user");
    await page.getByLabel("Target id").fill(ids.omar!);
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("2 events");
    await page.getByLabel("Actor").fill("nobody.here");
    await expect.poll(() => page.locator("main").getByRole("alert").textContent()).toContain("No user is named nobody.here");

    // A time range: nothing from tomorrow on.
    await page.getByRole("button", { name: "Clear filters" }).click();
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel("From").fill(local);
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("0 events");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect.poll(() => page.getByTestId("audit-row").count()).toBeGreaterThan(3);
  });

  it("shows an event's changes, field by field", async () => {
    const { page } = stack;
    const update = page.getByTestId("audit-row").filter({ hasText: "user.update" }).first();
    await update.getByRole("button", { name: /^Changes/ }).click();
    const diff = page.getByTestId("audit-diff");
    await diff.waitFor();
    const displayName = diff.getByTestId("diff-row").filter({ hasText: "displayName" });
    expect(await displayName.locator(".diff-before").textContent()).toBe('"Nina Simone"');
    expect(await displayName.locator(".diff-after").textContent()).toBe('"Nina Waymon"');
    await screenshot(page, "audit-diff");
    await update.getByRole("button", { name: /^Hide changes/ }).click();
    await expect.poll(() => diff.count()).toBe(0);
  });
});

describe("a user's own trail", () => {
  it("shows the changes made to the user, and those the user made, on their page", async () => {
    const { page, web } = stack;
    await page.goto(`${web.url}/users/${ids.nina}`);
    const activity = page.getByRole("region", { name: "Activity" });
    await expect.poll(() => activity.getByTestId("audit-row").allTextContents()).toEqual([
      expect.stringContaining("user.update"),
      expect.stringContaining("user.create"),
    ]);
    await activity.getByRole("button", { name: "By nina" }).click();
    // nina signed in once (the first test).
    await expect.poll(() => activity.getByTestId("audit-row").allTextContents()).toEqual([expect.stringContaining("session.create")]);
    await activity.getByRole("button", { name: "Changes to nina" }).click();
    await activity.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(new RegExp(`/audit\\?targetType=user&targetId=${ids.nina}$`));
    await expect.poll(() => page.getByTestId("audit-total").textContent()).toBe("2 events");
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

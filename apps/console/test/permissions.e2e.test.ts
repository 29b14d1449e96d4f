/**
 * The console shows what the signed-in operator may do, and nothing else:
 * a moderator (the built-in role: users:read, users:update, roles:read,
 * groups:read, invites:read, invites:manage) sees the groups but no control
 * that writes them, a user's page without the cards it may not read
 * (sessions, activity) and without Delete or role switches it cannot flip,
 * and a page of a section it may not read as a notice, not an error. The
 * browser sees no refused request (no 403) on the way.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/permissions.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot, signIn, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "permissions-e2e-password" };
const MODERATOR = { username: "mia.moderator", password: "moderator-password" };

const pageErrors: string[] = [];
// No expected statuses: a 403 in the moderator's pages fails the last test.
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors });
const ids: Record<string, string> = {};
let moderator: Page;

/** Buttons and links that write, by name, on the moderator's page now. */
async function countControls(page: Page, names: (string | RegExp)[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[String(name)] =
      (await page.getByRole("button", { name }).count()) + (await page.getByRole("link", { name }).count());
  }
  return counts;
}

beforeAll(async () => {
  const { sdk, browser, web } = stack;
  ids.moderator = (await sdk.users.create({ ...MODERATOR, roles: ["moderator"] })).id;
  ids.grace = (await sdk.users.create({ username: "grace", email: "grace@example.org" })).id;
  const group = await sdk.groups.create({ name: "Readers" });
  ids.group = group.id;
  await sdk.groups.members.add(group.id, ids.grace);
  moderator = await (await watchedContext(browser, pageErrors)).newPage();
  await signIn(moderator, web.url, MODERATOR.username, MODERATOR.password);
});

describe("a moderator", () => {
  it("sees only the sections it may read in the navigation", async () => {
    const navigation = moderator.getByRole("complementary", { name: "Main navigation" });
    await expect
      .poll(() => navigation.getByRole("link").evaluateAll((links) => links.map((link) => link.textContent)))
      .toEqual(["Steward" + "Administration console", "Users", "Groups", "Invites", "Roles", "Your account", "API reference"]);
  });

  it("sees the groups but no control that writes them", async () => {
    const { web } = stack;
    await moderator.goto(`${web.url}/groups`);
    await expect.poll(() => moderator.getByTestId("group-row").count()).toBe(1);
    expect(await countControls(moderator, ["New group"])).toEqual({ "New group": 0 });

    await moderator.goto(`${web.url}/groups/${ids.group}`);
    await expect.poll(() => moderator.getByTestId("member-row").count()).toBe(1);
    expect(await countControls(moderator, ["Rename", "Delete", /^Remove/, "Add member"])).toEqual({
      Rename: 0,
      Delete: 0,
      "/^Remove/": 0,
      "Add member": 0,
    });
    expect(await moderator.getByLabel("Username to add").count()).toBe(0);
    await screenshot(moderator, "moderator-group");
  });

  it("sees a user's page without the cards it may not read or the writes it may not make", async () => {
    const { web } = stack;
    await moderator.goto(`${web.url}/users/${ids.grace}`);
    await moderator.getByTestId("user-heading").waitFor();
    await expect.poll(() => moderator.getByTestId("user-group").count()).toBe(1);
    // Cards it may not read are left out, not shown as refusals.
    expect(await moderator.getByRole("heading", { name: "Sessions" }).count()).toBe(0);
    expect(await moderator.getByRole("heading", { name: "Activity" }).count()).toBe(0);
    expect(await moderator.locator("main").getByRole("alert").count()).toBe(0);
    // No Delete (users:delete), no switch it could flip (users:manage-roles).
    expect(await countControls(moderator, ["Delete", "Turn off two-factor sign-in"])).toEqual({ Delete: 0, "Turn off two-factor sign-in": 0 });
    await expect.poll(() => moderator.getByTestId("roles-readonly").count()).toBe(1);
    for (const toggle of await moderator.getByRole("switch").all()) expect(await toggle.isDisabled()).toBe(true);
    // What it may do is there: edit the profile, deactivate (users:update).
    expect(await countControls(moderator, ["Deactivate", "Save changes", "Send password reset"])).toEqual({
      Deactivate: 1,
      "Save changes": 1,
      "Send password reset": 1,
    });
    await screenshot(moderator, "moderator-user");
  });

  it("may not create or import users: no New user nor Import, and the forms' addresses say so", async () => {
    const { web } = stack;
    await moderator.goto(`${web.url}/users`);
    await expect.poll(() => moderator.getByTestId("user-row").count()).toBe(3);
    expect(await countControls(moderator, ["New user", "Import"])).toEqual({ "New user": 0, Import: 0 });
    await moderator.goto(`${web.url}/users/new`);
    await expect.poll(() => moderator.getByTestId("no-access").textContent()).toContain("not open to your account");
    expect(await moderator.getByLabel("Username").count()).toBe(0);
    await moderator.goto(`${web.url}/users/import`);
    await expect.poll(() => moderator.getByTestId("no-access").textContent()).toContain("not open to your account");
    expect(await moderator.getByLabel("File").count()).toBe(0);
  });

  it("finds a section it may not read said so, not an error", async () => {
    const { web } = stack;
    for (const path of ["/sessions", "/audit", "/api-keys", "/settings"]) {
      await moderator.goto(`${web.url}${path}`);
      await expect.poll(() => moderator.getByTestId("no-access").textContent()).toContain("is not open to your account");
      expect(await moderator.locator("main").getByRole("alert").count()).toBe(0);
    }
    await screenshot(moderator, "moderator-no-access");
    await moderator.getByRole("link", { name: "Back to the console" }).click();
    await moderator.waitForURL(/\/users$/);
  });

  it("keeps the invite controls it holds (invites:manage)", async () => {
    const { web } = stack;
    await moderator.goto(`${web.url}/invites`);
    await moderator.getByTestId("invites-total").waitFor();
    expect(await countControls(moderator, ["New invite", "Send invite by email"])).toEqual({ "New invite": 1, "Send invite by email": 1 });
  });

  it("met no refusal (403) and no error in its pages", () => {
    expect(pageErrors).toEqual([]);
  });
});

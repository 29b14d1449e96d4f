/**
 * Looking after users in the console, end to end: tags on many users from
 * the users list; on a user's page, the role switches (and what they refuse),
 * follows both ways, and a password reset by email. A real API (in-process,
 * in-memory PGlite, no SMTP server: mail stays in the outbox), the built
 * console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/user-admin.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import { StewardClient } from "@steward/client";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "user-admin-e2e-password" };
const OTHER_ADMIN = { username: "root.two", password: "root-two-password" };
/** Refusals provoked on purpose: following oneself (422), a role change without the right any more (403). */
const EXPECTED_STATUSES = [403, 422];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });
let adminId: string;
const ids: Record<string, string> = {};

/** The users list's row of `username`. */
const row = (username: string) =>
  stack.page.getByTestId("user-row").filter({ has: stack.page.getByRole("link", { name: username, exact: true }) });
/** The tags shown on a row (role chips are `chip-role`). */
const tagsOf = (username: string) => row(username).locator(".chip:not(.chip-role)").allTextContents();

async function openUser(id: string) {
  await stack.page.goto(`${stack.web.url}/users/${id}`);
  await stack.page.getByTestId("user-heading").waitFor();
}

beforeAll(async () => {
  const { sdk } = stack;
  adminId = (await sdk.me()).user!.id;
  for (const username of ["ann", "bob", "cy", "dee"]) {
    ids[username] = (await sdk.users.create({ username, email: username === "bob" ? undefined : `${username}@example.org` })).id;
  }
  ids[OTHER_ADMIN.username] = (await sdk.users.create({ ...OTHER_ADMIN, roles: ["admin"] })).id;
});

describe("users list", () => {
  it("tags three picked users at once and shows the tags in the list", async () => {
    const { page, web, sdk } = stack;
    await page.goto(`${web.url}/users?sort=username`);
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(6);
    expect(await page.getByTestId("selected-count").textContent()).toBe("Select users to tag them");
    for (const username of ["ann", "bob", "cy"]) {
      await page.getByRole("checkbox", { name: `Select ${username}`, exact: true }).check();
    }
    expect(await page.getByTestId("selected-count").textContent()).toBe("3 users selected");
    // Picking a row does not open the user.
    expect(page.url()).toMatch(/\/users\?sort=username$/);

    await page.getByLabel("Tags for the selected users").fill("vip");
    await page.getByRole("button", { name: "Add tag", exact: true }).click();
    await expect.poll(() => page.getByTestId("bulk-notice").textContent()).toBe("Added tag vip to 3 users.");
    // The list was read again: the new tag is on the three rows, and only there.
    for (const username of ["ann", "bob", "cy"]) {
      await expect.poll(() => tagsOf(username)).toEqual(["vip"]);
    }
    expect(await tagsOf("dee")).toEqual([]);
    expect((await sdk.users.list({ tag: "vip", sort: "username" })).data.map((user) => user.username)).toEqual(["ann", "bob", "cy"]);
    await screenshot(page, "users-bulk-tags");

    // Adding it again to one more user changes only that one.
    await page.getByRole("checkbox", { name: "Select dee", exact: true }).check();
    await page.getByRole("button", { name: "Add tag", exact: true }).click();
    await expect.poll(() => page.getByTestId("bulk-notice").textContent()).toBe("Added tag vip to 1 user; 3 users had it already.");
    await expect.poll(() => tagsOf("dee")).toEqual(["vip"]);
  });

  it("removes a tag from every user on a page picked with select-all", async () => {
    const { page, web, sdk } = stack;
    await page.goto(`${web.url}/users?tag=vip`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("4 users");
    await page.getByRole("checkbox", { name: "Select all users on this page" }).check();
    expect(await page.getByTestId("selected-count").textContent()).toBe("4 users selected");
    await page.getByLabel("Tags for the selected users").fill("vip");
    await page.getByRole("button", { name: "Remove tag", exact: true }).click();
    // Removing asks first, saying from how many users.
    const dialog = page.getByRole("alertdialog", { name: "Remove the tag vip from 4 users?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Remove tag", exact: true }).click();
    await expect.poll(() => page.getByTestId("bulk-notice").textContent()).toBe("Removed tag vip from 4 users.");
    // Read again under the same filter: nobody holds the tag now.
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("0 users");
    expect((await sdk.users.list({ tag: "vip" })).total).toBe(0);
  });
});

describe("a user's roles", () => {
  it("shows one's own admin switch locked, with the reason", async () => {
    const { page } = stack;
    await openUser(adminId);
    const admin = page.getByRole("switch", { name: "admin", exact: true });
    // The lock shows once the page knows who is signed in (switches are off until then).
    const lock = page.getByTestId("role-lock");
    expect(await lock.textContent()).toBe("You cannot revoke your own admin role; ask another administrator.");
    expect(await admin.isChecked()).toBe(true);
    expect(await admin.isDisabled()).toBe(true);
    const why = await admin.getAttribute("aria-describedby");
    // The reason is the switch's description, for screen readers too.
    expect(why?.split(" ")).toContain(await lock.getAttribute("id"));
    // Only that one is locked: one's own moderator role could be granted.
    expect(await page.getByRole("switch", { name: "moderator", exact: true }).isDisabled()).toBe(false);
    await screenshot(page, "user-roles-self");
  });

  it("grants the moderator role to another user and shows it", async () => {
    const { page, web, sdk } = stack;
    await openUser(ids.bob!);
    const moderator = page.getByRole("switch", { name: "moderator", exact: true });
    expect(await moderator.isChecked()).toBe(false);
    await expect.poll(() => moderator.isDisabled()).toBe(false);
    expect(await page.getByTestId("role-lock").count()).toBe(0);
    await moderator.click();
    // Nothing changes until the dialog is answered; it says what the role gives.
    const dialog = page.getByRole("alertdialog", { name: "Grant the moderator role to bob?" });
    expect(await dialog.textContent()).toContain("users:read, users:update");
    expect((await sdk.users.get(ids.bob!)).roles).toEqual([]);
    await dialog.getByRole("button", { name: "Grant moderator" }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("bob now holds the moderator role.");
    expect(await moderator.isChecked()).toBe(true);
    expect((await sdk.users.get(ids.bob!)).roles).toEqual(["moderator"]);
    // The users list shows it too.
    await page.goto(`${web.url}/users?role=moderator`);
    await expect.poll(() => page.getByTestId("user-row").allTextContents()).toEqual([expect.stringContaining("moderator")]);
    expect(await row("bob").count()).toBe(1);
  });
});

describe("a user's follows", () => {
  it("makes a user follow another, shows both directions with links, and unfollows", async () => {
    const { page, sdk } = stack;
    await openUser(ids.ann!);
    await expect.poll(() => page.getByTestId("following-total").textContent()).toBe("0");
    await page.getByLabel("Username to follow").fill("cy");
    await page.getByRole("button", { name: "Follow", exact: true }).click();
    await expect.poll(() => page.getByTestId("following-notice").textContent()).toBe("ann now follows cy.");
    await expect.poll(() => page.getByTestId("following-row").allTextContents()).toEqual([expect.stringContaining("cy")]);
    expect(await page.getByTestId("following-total").textContent()).toBe("1");
    expect((await sdk.users.following.list(ids.ann!)).data.map((follow) => follow.username)).toEqual(["cy"]);

    // Following oneself is refused, in the API's words, at the field.
    await page.getByLabel("Username to follow").fill("ann");
    await page.getByRole("button", { name: "Follow", exact: true }).click();
    await expect.poll(() => page.locator("#follow-username-error").textContent()).toBe("A user cannot follow themselves");

    // On cy's page, ann is a follower, and the link leads back to her.
    await page.getByTestId("following-row").getByRole("link", { name: "cy" }).click();
    await page.waitForURL(new RegExp(`/users/${ids.cy}$`));
    await expect.poll(() => page.getByTestId("followers-row").allTextContents()).toEqual([expect.stringContaining("ann")]);
    expect(await page.getByTestId("followers-total").textContent()).toBe("1");
    await screenshot(page, "user-follows");
    await page.getByTestId("followers-row").getByRole("link", { name: "ann" }).click();
    await page.waitForURL(new RegExp(`/users/${ids.ann}$`));

    await page.getByRole("button", { name: "Unfollow cy" }).click();
    await page.getByRole("alertdialog", { name: "Make ann unfollow cy?" }).getByRole("button", { name: "Unfollow" }).click();
    await expect.poll(() => page.getByTestId("following-notice").textContent()).toBe("ann no longer follows cy.");
    await expect.poll(() => page.getByTestId("following-total").textContent()).toBe("0");
    expect((await sdk.users.followers.list(ids.cy!)).total).toBe(0);
  });
});

describe("a user's password reset", () => {
  it("queues a reset mail to the user's address and says so", async () => {
    const { page, sdk } = stack;
    await openUser(ids.ann!);
    expect(await page.getByTestId("password-reset-hint").textContent()).toContain("To ann@example.org");
    await page.getByRole("button", { name: "Send password reset" }).click();
    await expect.poll(() => page.getByTestId("password-reset-notice").textContent()).toContain(
      "A password-reset link for ann is queued for ann@example.org.",
    );
    const mail = (await sdk.outbox.list()).data;
    expect(mail.map((message) => [message.kind, message.to, message.status])).toEqual([["password_reset", "ann@example.org", "pending"]]);
    // The notice leads to the outbox.
    await page.getByTestId("password-reset-notice").getByRole("link", { name: "outbox" }).click();
    await page.waitForURL(/\/outbox$/);
    await expect.poll(() => page.getByTestId("outbox-row").allTextContents()).toEqual([expect.stringContaining("ann@example.org")]);
  });

  it("is off, with the reason, for a user without an email address", async () => {
    const { page } = stack;
    await openUser(ids.bob!);
    expect(await page.getByRole("button", { name: "Send password reset" }).isDisabled()).toBe(true);
    expect(await page.getByTestId("password-reset-hint").textContent()).toBe(
      "bob has no email address: add one to the profile to send a reset link.",
    );
  });
});

describe("a refusal the page could not foresee", () => {
  it("shows the API's refusal and leaves the switch as it was", async () => {
    const { page, api } = stack;
    await openUser(ids[OTHER_ADMIN.username]!);
    const admin = page.getByRole("switch", { name: "admin", exact: true });
    // Switches are off until the page knows who is signed in.
    await expect.poll(() => admin.isDisabled()).toBe(false);
    // Meanwhile the other administrator takes this operator's admin role away.
    const other = new StewardClient({ baseUrl: api.url });
    await other.login(OTHER_ADMIN.username, OTHER_ADMIN.password);
    await other.users.removeRole(adminId, "admin");

    await admin.click();
    await page.getByRole("button", { name: "Revoke admin", exact: true }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "Role not changed" });
    await expect.poll(() => refusal.textContent()).toContain("This needs the permission users:manage-roles");
    expect(await admin.isChecked()).toBe(true);
    expect((await other.users.get(ids[OTHER_ADMIN.username]!)).roles).toEqual(["admin"]);
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * Risky actions ask first, in one dialog (role "alertdialog", named by its
 * question, with the action's own button), saying what they do; Cancel and
 * Escape change nothing. Granting admin says it gives everything; revoking a
 * role, removing a group member, unfollowing, removing a follower and
 * removing a tag from many users each wait for the answer; deleting a group
 * says its memberships go.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/risky-actions.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "risky-e2e-password" };

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors });
const ids: Record<string, string> = {};

async function openUser(id: string) {
  await stack.page.goto(`${stack.web.url}/users/${id}`);
  await stack.page.getByTestId("user-heading").waitFor();
}

beforeAll(async () => {
  const { sdk } = stack;
  for (const username of ["ann", "bob", "cy"]) ids[username] = (await sdk.users.create({ username, tags: ["beta"] })).id;
  await sdk.users.following.add(ids.ann!, ids.bob!);
  await sdk.users.following.add(ids.cy!, ids.ann!);
  const group = await sdk.groups.create({ name: "Crew" });
  ids.group = group.id;
  await sdk.groups.members.add(group.id, ids.ann!);
  await sdk.groups.members.add(group.id, ids.bob!);
});

describe("a role", () => {
  it("is granted only after a dialog that says admin gives everything; Cancel and Escape change nothing", async () => {
    const { page, sdk } = stack;
    await openUser(ids.ann!);
    const admin = page.getByRole("switch", { name: "admin", exact: true });
    await expect.poll(() => admin.isDisabled()).toBe(false);
    await admin.click();
    const dialog = page.getByRole("alertdialog", { name: "Grant the admin role to ann?" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("every permission (*)");
    // The confirm button names the action; focus starts on Cancel.
    expect(await dialog.getByRole("button", { name: "Grant admin" }).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    await screenshot(page, "confirm-grant-admin");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await admin.isChecked()).toBe(false);

    await admin.click();
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await admin.isChecked()).toBe(false);
    expect((await sdk.users.get(ids.ann!)).roles).toEqual([]);

    await admin.click();
    await dialog.getByRole("button", { name: "Grant admin" }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("ann now holds the admin role.");
    expect((await sdk.users.get(ids.ann!)).roles).toEqual(["admin"]);
  });

  it("is revoked only after a dialog", async () => {
    const { page, sdk } = stack;
    const admin = page.getByRole("switch", { name: "admin", exact: true });
    await admin.click();
    const dialog = page.getByRole("alertdialog", { name: "Revoke the admin role from ann?" });
    expect(await dialog.textContent()).toContain("ann loses every permission");
    await dialog.getByRole("button", { name: "Revoke admin" }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("ann no longer holds the admin role.");
    expect((await sdk.users.get(ids.ann!)).roles).toEqual([]);
  });
});

describe("follows", () => {
  it("unfollows and removes a follower only after asking", async () => {
    const { page, sdk } = stack;
    await expect.poll(() => page.getByTestId("following-row").count()).toBe(1);
    await page.getByRole("button", { name: "Unfollow bob" }).click();
    const unfollow = page.getByRole("alertdialog", { name: "Make ann unfollow bob?" });
    await unfollow.getByRole("button", { name: "Cancel" }).click();
    expect((await sdk.users.following.list(ids.ann!)).total).toBe(1);
    await page.getByRole("button", { name: "Unfollow bob" }).click();
    await unfollow.getByRole("button", { name: "Unfollow" }).click();
    await expect.poll(() => page.getByTestId("following-notice").textContent()).toBe("ann no longer follows bob.");
    expect((await sdk.users.following.list(ids.ann!)).total).toBe(0);

    await page.getByRole("button", { name: "Remove follower cy" }).click();
    const removal = page.getByRole("alertdialog", { name: "Remove cy from ann's followers?" });
    expect(await removal.textContent()).toContain("cy no longer follows ann");
    await removal.getByRole("button", { name: "Remove follower" }).click();
    await expect.poll(() => page.getByTestId("followers-notice").textContent()).toBe("cy no longer follows ann.");
    expect((await sdk.users.followers.list(ids.ann!)).total).toBe(0);
  });
});

describe("a group", () => {
  it("removes a member only after asking", async () => {
    const { page, web, sdk } = stack;
    await page.goto(`${web.url}/groups/${ids.group}`);
    await expect.poll(() => page.getByTestId("member-row").count()).toBe(2);
    await page.getByRole("button", { name: "Remove bob" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove bob from Crew?" });
    expect(await dialog.textContent()).toContain("The account stays");
    await screenshot(page, "confirm-remove-member");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await sdk.groups.members.list(ids.group!)).total).toBe(2);
    await page.getByRole("button", { name: "Remove bob" }).click();
    await dialog.getByRole("button", { name: "Remove member" }).click();
    await expect.poll(() => page.getByTestId("members-notice").textContent()).toBe("bob left the group.");
    expect((await sdk.groups.members.list(ids.group!)).total).toBe(1);
  });

  it("says what goes with it before it is deleted", async () => {
    const { page, sdk } = stack;
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: "Delete the group Crew?" });
    expect(await dialog.textContent()).toContain("Its membership goes with it; the member stays a user.");
    await dialog.getByRole("button", { name: "Delete group" }).click();
    await page.waitForURL(/\/groups$/);
    expect((await sdk.groups.list()).total).toBe(0);
  });
});

describe("tags on many users", () => {
  it("are removed only after a dialog naming the tag and the count", async () => {
    const { page, web, sdk } = stack;
    await page.goto(`${web.url}/users?tag=beta`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("3 users");
    await page.getByRole("checkbox", { name: "Select all users on this page" }).check();
    await page.getByLabel("Tags for the selected users").fill("beta");
    await page.getByRole("button", { name: "Remove tag", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: "Remove the tag beta from 3 users?" });
    await dialog.waitFor();
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.count()).toBe(0);
    expect((await sdk.users.list({ tag: "beta" })).total).toBe(3);
    await page.getByRole("button", { name: "Remove tag", exact: true }).click();
    await dialog.getByRole("button", { name: "Remove tag" }).click();
    await expect.poll(() => page.getByTestId("bulk-notice").textContent()).toBe("Removed tag beta from 3 users.");
    expect((await sdk.users.list({ tag: "beta" })).total).toBe(0);
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

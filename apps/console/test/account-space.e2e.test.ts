/**
 * An account's own space, end to end, with no operator permission: it
 * signs in and sees only Your account (no operator page in the navigation);
 * changes its display name; makes a channel; makes a shared token on it
 * (the secret shown once, and it works: a service's API key checks it) and
 * renames it; revokes an app's token;
 * moves the channel to the trash, sees the delete-for-good warning, and
 * restores it from the Trash view; keeps a bookmark and deletes it. A real
 * API (in-process, in-memory PGlite), the built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/account-space.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { StewardClient } from "@steward/client";
import { screenshot, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "account-space-e2e-password" };
const ACCOUNT = { username: "space-account", password: "space-account-password" };
const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors });

describe("your account's own space, with no operator permission", () => {
  it("changes its name, makes a channel and a shared token on it, trashes and restores the channel, keeps a bookmark", async () => {
    await stack.sdk.users.create({ username: ACCOUNT.username, password: ACCOUNT.password });
    const key = await stack.sdk.apiKeys.create({ name: "data service", permissions: ["access-tokens:introspect"] });
    const service = new StewardClient({ baseUrl: stack.api.url, token: key.key });
    const self = new StewardClient({ baseUrl: stack.api.url });
    await self.login(ACCOUNT.username, ACCOUNT.password);

    const context = await watchedContext(stack.browser, pageErrors);
    try {
      const page = await context.newPage();
      await page.goto(`${stack.web.url}/login`);
      await page.getByLabel("Username or email").fill(ACCOUNT.username);
      await page.getByLabel("Password").fill(ACCOUNT.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(/\/account$/);

      // Only its own area: no operator page, and the account's pages between themselves.
      const navigation = page.getByRole("complementary", { name: "Main navigation" });
      // (Once the session's permissions are known: until then the brand links to the first directory page.)
      await expect
        .poll(() => navigation.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href"))))
        .toEqual(["/account", "/account", "/api/v1/docs"]);
      const subnav = page.getByRole("navigation", { name: "Your account" });
      expect(await subnav.getByRole("link").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual([
        "/account",
        "/account/channels",
        "/account/tokens",
        "/account/bookmarks",
      ]);

      const profile = page.getByTestId("account-profile");
      await expect.poll(() => profile.getByLabel("Display name").isEnabled()).toBe(true);
      await profile.getByLabel("Display name").fill("Space Person");
      await profile.getByRole("button", { name: "Save profile" }).click();
      await expect.poll(() => page.getByTestId("profile-notice").textContent()).toContain("Profile saved.");
      expect((await self.account.get()).displayName).toBe("Space Person");

      // A channel.
      await subnav.getByRole("link", { name: "Channels" }).click();
      await page.waitForURL(/\/account\/channels$/);
      expect(await subnav.getByRole("link", { name: "Channels" }).getAttribute("aria-current")).toBe("page");
      await page.getByRole("button", { name: "New channel" }).click();
      const channelForm = page.getByRole("form", { name: "New channel" });
      await channelForm.getByLabel("Name", { exact: true }).fill("Diary");
      await channelForm.getByLabel("Colour", { exact: true }).fill("#3366ff");
      await channelForm.getByLabel("Client data (JSON, optional)").fill('{"app": "notes"}');
      await channelForm.getByRole("button", { name: "Create channel" }).click();
      await expect.poll(() => page.getByTestId("channels-notice").textContent()).toBe("Channel Diary created.");
      const channelRows = page.getByTestId("channel-row");
      await expect.poll(() => channelRows.count()).toBe(1);
      expect(await channelRows.first().textContent()).toContain("#3366ff");
      await screenshot(page, "account-channels");
      const [diary] = (await self.account.channels.list()).data;
      expect(diary).toMatchObject({ name: "Diary", color: "#3366ff", clientData: { app: "notes" }, trashed: false });

      // A shared token on it: the secret once.
      await subnav.getByRole("link", { name: "Access tokens" }).click();
      await page.waitForURL(/\/account\/tokens$/);
      const newToken = page.getByRole("button", { name: "New shared token" });
      await expect.poll(() => newToken.isEnabled()).toBe(true);
      await newToken.click();
      const tokenForm = page.getByRole("form", { name: "New shared token" });
      await tokenForm.getByLabel("Name", { exact: true }).fill("Doctor");
      expect(await tokenForm.getByLabel("Channel 1").inputValue()).toBe(diary!.id);
      await tokenForm.getByLabel("Level 1").selectOption("contribute");
      await screenshot(page, "account-token-form");
      await tokenForm.getByRole("button", { name: "Create token" }).click();
      const secretField = page.getByTestId("shared-token-secret");
      await expect.poll(() => secretField.count()).toBe(1);
      const secret = await secretField.inputValue();
      expect(secret.length).toBeGreaterThan(20);
      expect(await page.getByTestId("shared-token-panel").textContent()).toContain("it will not be shown again");
      expect(await service.accessTokens.introspect(secret)).toMatchObject({
        active: true,
        kind: "shared",
        username: ACCOUNT.username,
        permissions: [{ channelId: diary!.id, level: "contribute" }],
      });
      const tokenRows = page.getByTestId("shared-token-row");
      await expect.poll(() => tokenRows.count()).toBe(1);
      expect(await tokenRows.first().textContent()).toContain("Diary · Contribute");
      await screenshot(page, "account-tokens");
      // Shown once: not after a reload. An app asked for its token meanwhile.
      const app = await self.account.appTokens.get("Notes App");
      await page.reload();
      await expect.poll(() => tokenRows.count()).toBe(1);
      expect(await page.getByTestId("shared-token-panel").count()).toBe(0);

      // Edited: renamed, the secret stays.
      await page.getByRole("button", { name: "Edit the token Doctor" }).click();
      const editForm = page.getByRole("form", { name: "Edit token Doctor" });
      await editForm.getByLabel("Name", { exact: true }).fill("Doctor Who");
      await editForm.getByRole("button", { name: "Save token" }).click();
      await expect.poll(() => page.getByTestId("shared-tokens-notice").textContent()).toBe("The token Doctor Who was saved.");
      expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, permissions: [{ channelId: diary!.id, level: "contribute" }] });

      // The app's token, revoked after a confirmation.
      const appRows = page.getByTestId("app-token-row");
      await expect.poll(() => appRows.count()).toBe(1);
      expect(await appRows.first().textContent()).toContain("notes-app");
      await page.getByRole("button", { name: "Revoke the token of notes-app" }).click();
      await page.getByTestId("app-token-confirm").getByRole("button", { name: "Revoke token" }).click();
      await expect.poll(() => appRows.count()).toBe(0);
      expect(await service.accessTokens.introspect(app.token)).toEqual({ active: false });

      // To the trash, then back from the Trash view.
      await subnav.getByRole("link", { name: "Channels" }).click();
      await page.waitForURL(/\/account\/channels$/);
      await expect.poll(() => channelRows.count()).toBe(1);
      await page.getByRole("button", { name: "Move Diary to the trash" }).click();
      await expect.poll(() => page.getByTestId("channels-notice").textContent()).toContain("Diary moved to the trash");
      await expect.poll(() => channelRows.count()).toBe(0);
      expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, permissions: [] });

      const shown = page.getByRole("group", { name: "Show channels" });
      await shown.getByRole("button", { name: "Trash", exact: true }).click();
      await page.waitForURL(/\/account\/channels\?show=trash$/);
      await expect.poll(() => channelRows.count()).toBe(1);
      await page.getByRole("button", { name: "Delete Diary for good" }).click();
      const confirm = page.getByTestId("channel-confirm");
      expect(await confirm.textContent()).toContain("every permission your shared tokens hold on it goes with it");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect.poll(() => confirm.count()).toBe(0);
      await page.getByRole("button", { name: "Restore Diary" }).click();
      await expect.poll(() => page.getByTestId("channels-notice").textContent()).toContain("Diary restored");
      await expect.poll(() => channelRows.count()).toBe(0);
      await shown.getByRole("button", { name: "Active", exact: true }).click();
      await page.waitForURL(/\/account\/channels$/);
      await expect.poll(() => channelRows.count()).toBe(1);
      expect((await self.account.channels.get(diary!.id)).trashed).toBe(false);
      expect(await service.accessTokens.introspect(secret)).toMatchObject({ active: true, permissions: [{ channelId: diary!.id, level: "contribute" }] });

      // A bookmark, kept and deleted.
      await subnav.getByRole("link", { name: "Bookmarks" }).click();
      await page.waitForURL(/\/account\/bookmarks$/);
      await page.getByRole("button", { name: "New bookmark" }).click();
      const bookmarkForm = page.getByRole("form", { name: "New bookmark" });
      await bookmarkForm.getByLabel("Name", { exact: true }).fill("Alice's diary");
      await bookmarkForm.getByLabel("URL", { exact: true }).fill("https://data.example.org/alice");
      await bookmarkForm.getByLabel("Access token (optional)").fill("alice-shared-token");
      await bookmarkForm.getByRole("button", { name: "Create bookmark" }).click();
      await expect.poll(() => page.getByTestId("bookmarks-notice").textContent()).toBe("The bookmark Alice's diary was created.");
      const bookmarkRows = page.getByTestId("bookmark-row");
      await expect.poll(() => bookmarkRows.count()).toBe(1);
      expect(await bookmarkRows.first().textContent()).toContain("https://data.example.org/alice");
      expect((await self.account.bookmarks.list()).data).toMatchObject([{ name: "Alice's diary", accessToken: "alice-shared-token" }]);
      await page.getByRole("button", { name: "Delete the bookmark Alice's diary" }).click();
      await page.getByTestId("bookmark-confirm").getByRole("button", { name: "Delete bookmark" }).click();
      await expect.poll(() => bookmarkRows.count()).toBe(0);
      expect((await self.account.bookmarks.list()).total).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The console's frame on a phone and around unknown addresses: at 390 px
 * every main page fits the screen (no sideways scroll; wide tables scroll
 * inside their card with their first column kept in view), the navigation
 * opens from the Menu button, the invites table fits at 1280 px, and an
 * unknown address shows a 404 inside the shell (signed in) or on the public
 * card (signed out), with a way back and no CSP violation.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/shell.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { screenshot, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "shell-e2e-password" };
/** Unknown addresses answer 404 on purpose. */
const EXPECTED_STATUSES = [404];
const PHONE = { width: 390, height: 844 };

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });
const ids: Record<string, string> = {};

/** Waits until the page has drawn its heading and its lists have answered. */
async function settle(page: Page) {
  await page.locator("main h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector(".loading-bar.active, main .spinner"));
  // Fonts and late rows: one more frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** How far the page scrolls sideways (0 when it fits), and the elements that stick out. */
async function overflowOf(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const culprits: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>("body *")) {
      const box = element.getBoundingClientRect();
      // An element past the edge, or text running out of its box.
      const spills = box.right > width + 0.5 || (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX === "visible");
      if (box.width && spills && !element.parentElement?.closest(".table-wrap, dialog, .sidebar")) {
        culprits.push(`${element.tagName.toLowerCase()}.${element.className} → ${Math.round(box.right)}`);
      }
    }
    return { overflow: root.scrollWidth - root.clientWidth, culprits: culprits.slice(0, 5) };
  });
}

beforeAll(async () => {
  const { sdk } = stack;
  const grace = await sdk.users.create({
    username: "grace.hopper",
    email: "grace.hopper.with.a.long.address@navy.example.org",
    displayName: "Grace Brewster Murray Hopper",
    tags: ["navy", "cobol", "compilers", "pioneer"],
  });
  ids.grace = grace.id;
  const ada = await sdk.users.create({ username: "ada", email: "ada@example.org" });
  await sdk.users.following.add(grace.id, ada.id);
  await sdk.users.following.add(ada.id, grace.id);
  const group = await sdk.groups.create({ name: "Night shift operators of the northern hemisphere" });
  ids.group = group.id;
  await sdk.groups.members.add(group.id, grace.id);
  await sdk.groups.members.add(group.id, ada.id);
  await sdk.invites.create({ kind: "register", targetUsername: "someone.with.a.long.username", groupIds: [group.id], email: "someone.with.a.long.address@example.org" });
  await sdk.invites.create({ kind: "group", groupIds: [group.id], maxUses: 25 });
  await sdk.invites.create({ kind: "reset", targetUsername: "ada" });
  await sdk.users.resources.attach(grace.id, { kind: "server", externalId: "srv-0001-eu-central", name: "Minecraft survival" });
});

describe("on a phone (390 px)", () => {
  it("has no sideways scroll on the main pages", async () => {
    const { page, web } = stack;
    await page.setViewportSize(PHONE);
    const paths = [
      "/users",
      "/users/new",
      "/users/import",
      `/users/${ids.grace}`,
      "/groups",
      `/groups/${ids.group}`,
      "/invites",
      "/sessions",
      "/audit",
      "/relays",
      "/outbox",
      "/api-keys",
      "/roles",
      "/operators",
      "/settings",
      "/settings/notify",
      "/account",
      "/account/channels",
      "/account/tokens",
      "/account/bookmarks",
    ];
    const wide: Record<string, unknown> = {};
    for (const path of paths) {
      await page.goto(`${web.url}${path}`);
      await settle(page);
      const { overflow, culprits } = await overflowOf(page);
      if (overflow > 0) wide[path] = { overflow, culprits };
      await screenshot(page, `phone${path.replace(/\W+/g, "-")}`);
    }
    expect(wide).toEqual({});
  });

  it("keeps the invites page's header buttons on screen", async () => {
    const { page, web } = stack;
    await page.goto(`${web.url}/invites`);
    await settle(page);
    for (const name of ["Send invite by email", "New invite"]) {
      const box = (await page.getByRole("button", { name }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
  });

  it("scrolls a wide table inside its card, its first column kept in view", async () => {
    const { page, web } = stack;
    await page.goto(`${web.url}/users?sort=username`);
    await settle(page);
    const wrap = page.locator(".table-wrap").first();
    const sizes = await wrap.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await wrap.evaluate((element) => {
      element.scrollLeft = 300;
    });
    const wrapBox = (await wrap.boundingBox())!;
    const name = page.getByTestId("user-row").first().getByRole("link", { name: "ada", exact: true });
    const nameBox = (await name.boundingBox())!;
    // The name still shows at the card's left edge, past the pick box.
    expect(nameBox.x).toBeGreaterThanOrEqual(wrapBox.x);
    expect(nameBox.x).toBeLessThan(wrapBox.x + 120);
    await screenshot(page, "phone-users-scrolled");
  });

  it("opens the navigation from the Menu button, and closes it on a page or Escape", async () => {
    const { page, web } = stack;
    await page.goto(`${web.url}/users`);
    await settle(page);
    const menu = page.getByRole("button", { name: "Menu" });
    // Closed, the navigation is hidden (from screen readers too): find it by the id the button names.
    const navigation = page.locator(`#${await menu.getAttribute("aria-controls")}`);
    expect(await menu.getAttribute("aria-expanded")).toBe("false");
    expect(await navigation.getAttribute("aria-label")).toBe("Main navigation");
    expect(await navigation.isVisible()).toBe(false);

    await menu.click();
    expect(await menu.getAttribute("aria-expanded")).toBe("true");
    await expect.poll(() => navigation.isVisible()).toBe(true);
    // The same navigation as the sidebar's, focus on its first link.
    expect(await navigation.getByRole("link", { name: "Audit log" }).count()).toBe(1);
    await screenshot(page, "phone-menu-open");
    await navigation.getByRole("link", { name: "Groups" }).click();
    await page.waitForURL(/\/groups$/);
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => navigation.isVisible()).toBe(false);

    await menu.click();
    await expect.poll(() => navigation.isVisible()).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => navigation.isVisible()).toBe(false);
  });
});

describe("on a laptop", () => {
  it("shows the sidebar and no Menu button; the invites table fits at 1280 px", async () => {
    const { page, web } = stack;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${web.url}/invites?state=all`);
    await settle(page);
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    expect(await page.getByRole("complementary", { name: "Main navigation" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("invite-row").count()).toBe(3);
    const wrap = page.locator(".table-wrap").first();
    const sizes = await wrap.evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    // Every row's last cell (its actions) is inside the card.
    const wrapBox = (await wrap.boundingBox())!;
    for (const revoke of await page.getByRole("button", { name: /^Revoke/ }).all()) {
      const box = (await revoke.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(wrapBox.x + wrapBox.width);
    }
    await screenshot(page, "laptop-invites");
  });
});

describe("an unknown address", () => {
  it("shows a 404 inside the console's shell, with a way back", async () => {
    const { page, web } = stack;
    await page.setViewportSize({ width: 1440, height: 900 });
    for (const path of ["/no-such-page", `/users/${ids.grace}/nothing/here`]) {
      const response = await page.goto(`${web.url}${path}`);
      expect(response?.status()).toBe(404);
      const card = page.getByTestId("not-found");
      await expect.poll(() => card.textContent()).toContain("Page not found");
      expect(await card.textContent()).toContain(path);
      // In the shell: the navigation and the signed-in account are there.
      expect(await page.getByRole("complementary", { name: "Main navigation" }).isVisible()).toBe(true);
      expect(await page.getByTestId("signed-in-user").textContent()).toBe(ADMIN.username);
    }
    await screenshot(page, "not-found-signed-in");
    await page.getByRole("link", { name: "Back to the console" }).click();
    await page.waitForURL(/\/users$/);
  });

  it("shows a 404 on the public card when signed out, leading to sign in", async () => {
    const { browser, web } = stack;
    const stranger = await (await watchedContext(browser, pageErrors, EXPECTED_STATUSES)).newPage();
    const response = await stranger.goto(`${web.url}/nothing-here`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => stranger.getByTestId("not-found").textContent()).toContain("Page not found");
    await screenshot(stranger, "not-found-signed-out");
    await stranger.getByRole("link", { name: "Sign in" }).click();
    await stranger.waitForURL(/\/login$/);
    await stranger.context().close();
  });

  it("raised no errors in the pages or their consoles (no CSP violation)", () => {
    expect(pageErrors).toEqual([]);
  });
});

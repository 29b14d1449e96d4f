/**
 * Relays in the console, end to end: follow one by URL (a bad URL is refused
 * at the field, a known one answered as it is), unfollow after confirming.
 * A real API (in-process, in-memory PGlite), the built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/relays.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "relays-e2e-password" };
/** 400: the bad URL the test types on purpose. */
const EXPECTED_STATUSES = [400];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });

async function followInConsole(url: string) {
  await stack.page.getByLabel("Relay URL").fill(url);
  await stack.page.getByRole("button", { name: "Follow relay" }).click();
}

beforeAll(async () => {
  await stack.sdk.relays.follow("https://relay.one.example/actor");
});

describe("relays", () => {
  it("is in the navigation and lists the followed relays", async () => {
    const { page } = stack;
    await page.getByRole("complementary", { name: "Main navigation" }).getByRole("link", { name: "Relays" }).click();
    await page.waitForURL(/\/relays$/);
    await expect.poll(() => page.getByTestId("relays-total").textContent()).toBe("1 relay");
    expect(await page.getByTestId("relay-row").allTextContents()).toEqual([expect.stringContaining("https://relay.one.example/actor")]);
  });

  it("follows a relay by URL, refusing a bad one at the field and answering a known one as it is", async () => {
    const { page, sdk } = stack;
    await followInConsole("ftp://relay.two.example");
    await expect.poll(() => page.locator("#relay-url-error").textContent()).toBe("Must be an absolute http:// or https:// URL");
    expect(await page.getByLabel("Relay URL").getAttribute("aria-invalid")).toBe("true");
    await screenshot(page, "relays-bad-url");

    // Stored normalised: scheme and host in lower case, no trailing slash on a root path.
    await followInConsole("HTTPS://Relay.Two.Example/");
    await expect.poll(() => page.getByTestId("relays-notice").textContent()).toBe("Now following https://relay.two.example.");
    await expect.poll(() => page.getByTestId("relays-total").textContent()).toBe("2 relays");
    expect(await page.getByLabel("Relay URL").inputValue()).toBe("");
    expect((await sdk.relays.list()).data.map((relay) => relay.url)).toEqual(["https://relay.one.example/actor", "https://relay.two.example"]);

    await followInConsole("https://relay.two.example");
    await expect.poll(() => page.getByTestId("relays-notice").textContent()).toBe("Already following https://relay.two.example.");
    expect((await sdk.relays.list()).total).toBe(2);
    await screenshot(page, "relays");
  });

  it("unfollows a relay only after confirming", async () => {
    const { page, sdk } = stack;
    await page.getByRole("button", { name: "Unfollow https://relay.one.example/actor" }).click();
    await expect.poll(() => page.getByTestId("relay-confirm").textContent()).toContain("Unfollow https://relay.one.example/actor?");
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByTestId("relay-confirm").count()).toBe(0);
    expect((await sdk.relays.list()).total).toBe(2);

    await page.getByRole("button", { name: "Unfollow https://relay.one.example/actor" }).click();
    await page.getByRole("button", { name: "Unfollow relay", exact: true }).click();
    await expect.poll(() => page.getByTestId("relays-notice").textContent()).toBe("No longer following https://relay.one.example/actor.");
    await expect.poll(() => page.getByTestId("relay-row").allTextContents()).toEqual([expect.stringContaining("https://relay.two.example")]);
    expect((await sdk.relays.list()).data.map((relay) => relay.url)).toEqual(["https://relay.two.example"]);
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

/**
 * API keys in the console, end to end: the presets check exactly what each
 * compatibility API's routes require (as its openapi.json declares), a key
 * made with the Pterodactyl preset works at /api/application and nowhere
 * else, the page shows when and from where it was last used, and once
 * revoked it is refused. A real API (in-process, in-memory PGlite), the
 * built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/api-keys.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS } from "@steward/client";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "api-keys-e2e-password" };
const KEY_NAME = "panel.example.org";
const PTERODACTYL = ["users:create", "users:delete", "users:read", "users:update"];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors });
let secret: string;

/** The permissions checked in the New API key form, sorted. */
async function checkedPermissions(): Promise<string[]> {
  const checked: string[] = [];
  for (const permission of ALL_PERMISSIONS) {
    if (await stack.page.getByRole("checkbox", { name: new RegExp(`^${permission} `) }).isChecked()) checked.push(permission);
  }
  return checked.sort();
}

/** What the routes of the dialect at `basePath` require, from its OpenAPI document (`x-permission`), sorted. */
async function dialectPermissions(basePath: string): Promise<string[]> {
  const document = (await (await fetch(`${stack.api.url}${basePath}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { "x-permission"?: string }>>;
  };
  const required = Object.values(document.paths).flatMap((operations) => Object.values(operations).map((op) => op["x-permission"]));
  return [...new Set(required.filter((permission): permission is string => Boolean(permission?.includes(":"))))].sort();
}

/** Calls the API straight (not through the console) with a key. */
const callWith = (key: string, path: string) =>
  fetch(`${stack.api.url}${path}`, { headers: { authorization: `Bearer ${key}`, accept: "application/json" } });

const keyRow = () => stack.page.getByTestId("api-key-row").filter({ hasText: KEY_NAME });

describe("API keys", () => {
  it("is in the navigation for operators holding api-keys:read", async () => {
    const { page } = stack;
    await page.getByRole("complementary", { name: "Main navigation" }).getByRole("link", { name: "API keys" }).click();
    await page.waitForURL(/\/api-keys$/);
    await expect.poll(() => page.getByTestId("api-keys-total").textContent()).toBe("0 keys in use");
  });

  it("checks exactly what each compatibility API requires when its preset is chosen", async () => {
    const { page } = stack;
    await page.getByRole("button", { name: "New API key" }).click();
    const presets: [string, string][] = [
      ["Prosody admin API", "/admin_api"],
      ["Pleroma admin API", "/api/pleroma/admin"],
      ["Pterodactyl application key", "/api/application"],
    ];
    for (const [label, basePath] of presets) {
      await page.getByRole("button", { name: label, exact: true }).click();
      expect(await checkedPermissions(), label).toEqual(await dialectPermissions(basePath));
      expect(await page.getByRole("button", { name: label, exact: true }).getAttribute("aria-pressed")).toBe("true");
    }
    // Pleroma's admin API also wants the creator to be an administrator; the form says so.
    await page.getByRole("button", { name: "Pleroma admin API", exact: true }).click();
    expect(await page.getByTestId("api-key-role-note").textContent()).toBe(
      "Pleroma admin API also requires the key's creator (you) to hold the admin role, which you do.",
    );
    await page.getByRole("button", { name: "Read only", exact: true }).click();
    expect(await checkedPermissions()).toEqual(ALL_PERMISSIONS.filter((permission) => permission.endsWith(":read")).sort());
    // The first preset chosen named the key; a hand-made change of the boxes leaves every preset.
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Prosody admin API");
    await page.getByRole("checkbox", { name: /^users:read / }).uncheck();
    expect(await page.getByRole("button", { name: "Read only", exact: true }).getAttribute("aria-pressed")).toBe("false");
  });

  it("creates a key with the Pterodactyl preset and shows its secret once", async () => {
    const { page, sdk } = stack;
    await page.getByLabel("Name", { exact: true }).fill(KEY_NAME);
    await page.getByRole("button", { name: "Pterodactyl application key", exact: true }).click();
    expect(await checkedPermissions()).toEqual(PTERODACTYL);
    await screenshot(page, "api-key-new");
    await page.getByRole("button", { name: "Create API key" }).click();

    const panel = page.getByTestId("api-key-panel");
    await panel.waitFor();
    secret = await page.getByTestId("api-key-secret").inputValue();
    expect(secret).toMatch(/^stk_/);
    const text = await panel.textContent();
    expect(text).toContain("you will not see it again");
    expect(text).toContain("Authorization: Bearer <key>");
    expect(text).toContain("/api/application on the Steward API server");

    // The copy button puts the secret on the clipboard.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.web.url });
    await panel.getByRole("button", { name: "Copy key" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(page, "api-key-created");

    const [listed] = (await sdk.apiKeys.list()).data;
    expect(listed).toMatchObject({ name: KEY_NAME, permissions: PTERODACTYL, lastUsedAt: null, createdBy: { username: ADMIN.username } });
    await expect.poll(() => page.getByTestId("api-keys-total").textContent()).toBe("1 key in use");
    expect(await keyRow().textContent()).toContain("users: read, create, update, delete");
    expect(await keyRow().getByTestId("api-key-last-used").textContent()).toBe("Never");

    // Closed, the secret is gone from the page for good.
    await page.getByRole("button", { name: "Close the new API key" }).click();
    expect(await page.getByTestId("api-key-secret").count()).toBe(0);
  });

  it("works at /api/application only, and the page shows when and from where it was last used", async () => {
    const { page, sdk } = stack;
    const users = await callWith(secret, "/api/application/users");
    expect(users.status).toBe(200);
    expect(((await users.json()) as { object: string }).object).toBe("list");
    expect((await callWith(secret, "/api/v1/groups")).status).toBe(403);

    const [used] = (await sdk.apiKeys.list()).data;
    expect(used!.lastUsedAt).not.toBeNull();
    expect(used!.lastUsedIp).toMatch(/127\.0\.0\.1/);
    await page.reload();
    // "May 4, 2026, 09:12 PM" and, under it, the address.
    const year = new Date(used!.lastUsedAt!).getFullYear();
    await expect
      .poll(() => keyRow().getByTestId("api-key-last-used").textContent())
      .toMatch(new RegExp(`^\\w{3} \\d{1,2}, ${year}, \\d{2}:\\d{2} [AP]Mfrom ${used!.lastUsedIp!.replace(/\./g, "\\.")}$`));
    await screenshot(page, "api-keys");
  });

  it("revokes the key only after confirming; it is then refused (401)", async () => {
    const { page } = stack;
    await page.getByRole("button", { name: `Revoke the key ${KEY_NAME}` }).click();
    await expect.poll(() => page.getByTestId("api-key-confirm").textContent()).toContain(`Revoke the key ${KEY_NAME}?`);
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await page.getByTestId("api-key-confirm").count()).toBe(0);
    expect((await callWith(secret, "/api/application/users")).status).toBe(200);

    await page.getByRole("button", { name: `Revoke the key ${KEY_NAME}` }).click();
    await page.getByRole("button", { name: "Revoke key", exact: true }).click();
    await expect
      .poll(() => page.getByTestId("api-keys-notice").textContent())
      .toBe(`The key ${KEY_NAME} was revoked: requests with it are refused from now on.`);
    await expect.poll(() => page.getByTestId("api-keys-total").textContent()).toBe("0 keys in use");
    expect((await callWith(secret, "/api/application/users")).status).toBe(401);

    // Revoked keys are listed on request, with their state.
    await page.getByLabel("Show").selectOption("all");
    await page.waitForURL(/\/api-keys\?show=all$/);
    await expect.poll(() => keyRow().textContent()).toContain("Revoked");
    expect(await keyRow().getByRole("button", { name: /Revoke/ }).count()).toBe(0);
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

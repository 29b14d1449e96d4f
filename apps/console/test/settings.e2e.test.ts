/**
 * The platform settings in the console, end to end: the form generated from
 * the settings' schema; a value the API refuses (422) shown at its field and
 * nothing saved; a valid change saved and shown; a change someone else made
 * meanwhile (412) offered for reload; pending migrations applied after a
 * confirmation. A real API (in-process, in-memory PGlite), the built console
 * and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/settings.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "settings-e2e-password" };
/** Refusals provoked on purpose: a bad value (422), a stale revision (412). */
const EXPECTED_STATUSES = [412, 422];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });

const SITE_NAME = "The platform's name, on public pages, in mails and in server info.";
const MIN_LENGTH = "The shortest password taken, in characters (1 to 256).";
const field = (label: string) => stack.page.getByLabel(label, { exact: true });

async function openSettings() {
  await stack.page.goto(`${stack.web.url}/settings`);
  await field(SITE_NAME).waitFor();
}

describe("settings", () => {
  it("is in the navigation and shows a form generated from the settings' schema", async () => {
    const { page } = stack;
    await page.getByRole("complementary", { name: "Main navigation" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(/\/settings$/);
    await field(SITE_NAME).waitFor();
    expect(await field(SITE_NAME).inputValue()).toBe("Steward");
    expect(await field(SITE_NAME).getAttribute("maxlength")).toBe("100");
    // An enum is a select of its values, a boolean a checkbox, a number an input with the schema's bounds.
    expect(await page.locator("#setting-registration option").allTextContents()).toEqual(["open", "invite-only", "closed"]);
    expect(await page.locator("#setting-passwords-rejectCommon").getAttribute("type")).toBe("checkbox");
    expect(await field(MIN_LENGTH).inputValue()).toBe("8");
    expect(await field(MIN_LENGTH).getAttribute("type")).toBe("number");
    expect([await field(MIN_LENGTH).getAttribute("min"), await field(MIN_LENGTH).getAttribute("max")]).toEqual(["1", "256"]);
    // Nested objects are fieldsets.
    expect(await page.locator("fieldset.settings-group > legend").allTextContents()).toEqual(["Passwords", "Invites", "XMPP", "Mail"]);
    expect(await page.getByTestId("settings-migrations-none").textContent()).toContain("None pending");
    expect(await page.getByRole("link", { name: "Notifications" }).getAttribute("href")).toBe("/settings/notify");
    await screenshot(page, "settings");
  });

  it("shows the API's problem at its field and saves nothing", async () => {
    const { page, sdk } = stack;
    const before = await sdk.settings.get();
    await field(MIN_LENGTH).fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#setting-passwords-minLength-error").textContent()).toBe("Number must be greater than or equal to 1");
    expect(await field(MIN_LENGTH).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("settings-error").textContent()).toContain("Check the field marked below.");
    expect(await sdk.settings.get()).toEqual(before);
    await screenshot(page, "settings-problem");
  });

  it("saves a valid change and shows the new value", async () => {
    const { page, sdk } = stack;
    await field(MIN_LENGTH).fill("8");
    // A fixed field loses its problem as soon as it is changed.
    expect(await page.locator("#setting-passwords-minLength-error").count()).toBe(0);
    await field(SITE_NAME).fill("Example Platform");
    expect(await page.getByTestId("settings-changes").textContent()).toBe("1 unsaved change");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByTestId("settings-notice").textContent()).toBe("Settings saved.");
    expect(await page.getByTestId("settings-changes").textContent()).toBe("No unsaved changes");
    expect((await sdk.settings.get()).settings).toMatchObject({ siteName: "Example Platform", passwords: { minLength: 8 } });
    expect((await sdk.server.info()).siteName).toBe("Example Platform");

    await openSettings();
    expect(await field(SITE_NAME).inputValue()).toBe("Example Platform");
  });

  it("says when someone else changed the settings meanwhile and reloads theirs", async () => {
    const { page, sdk } = stack;
    const read = await sdk.settings.get();
    await field(SITE_NAME).fill("Mine");
    await sdk.settings.update({ ...read.settings, siteName: "Theirs" }, { ifMatch: read.revision });
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.getByTestId("settings-conflict").count()).toBe(1);
    expect((await sdk.settings.get()).settings.siteName).toBe("Theirs");
    await page.getByRole("button", { name: "Reload and discard mine" }).click();
    await expect.poll(() => field(SITE_NAME).inputValue()).toBe("Theirs");
    expect(await page.getByTestId("settings-conflict").count()).toBe(0);
  });

  it("applies pending migrations after asking, and says which were applied", async () => {
    const { page, sdk, api } = stack;
    // A document as the first schema left it: version 1, a site name only.
    await api.db.prisma.settingsDocument.update({ where: { id: "platform" }, data: { schemaVersion: 1, data: { siteName: "Old Platform" } } });
    await openSettings();
    const migration = page.getByTestId("settings-migration");
    await expect.poll(() => migration.count()).toBe(1);
    expect(await migration.textContent()).toContain("version 1 → 2");
    await page.getByRole("button", { name: "Apply migrations" }).click();
    expect(await page.getByTestId("settings-migrations-confirm").textContent()).toContain("They run in one transaction");
    await page.getByTestId("settings-migrations-confirm").getByRole("button", { name: "Apply migrations" }).click();
    await expect.poll(() => page.getByTestId("settings-migrations-applied").textContent()).toMatch(/^Applied 1 migration.*version 1 → 2/);
    await expect.poll(() => page.getByTestId("settings-migrations-none").count()).toBe(1);
    expect(await sdk.settings.migrations.list()).toEqual({ data: [] });
    expect(await field(SITE_NAME).inputValue()).toBe("Old Platform");
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

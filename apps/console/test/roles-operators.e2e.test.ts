/**
 * Roles and operators in the console, end to end: the permission matrix,
 * a custom role made, changed, refused deletion while held and deleted;
 * an operator made with their own permissions, which are then changed after
 * a confirmation; the navigation of an operator who cannot see these pages.
 * A real API (in-process, in-memory PGlite), the built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/roles-operators.e2e.test.ts
 */
import { describe, expect, it } from "vitest";
import { StewardClient } from "@steward/client";
import { screenshot, signIn, watchedContext } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "roles-e2e-password" };
const OPERATOR = { username: "ops-alice", password: "ops-alice-password" };
/** 409: deleting a role still held, on purpose. */
const EXPECTED_STATUSES = [409];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });

/** The matrix's answer for `permission`, a cell per role: "Yes", "Yes (all)" or "No". */
const cellsOf = (permission: string) =>
  stack.page.locator(`[data-testid="matrix-row"][data-permission="${permission}"] td`).allTextContents();
const columns = () => stack.page.getByTestId("role-column").allTextContents();
const nav = () => stack.page.getByRole("complementary", { name: "Main navigation" });

async function openRoles() {
  await stack.page.goto(`${stack.web.url}/roles`);
  await screenshot(stack.page, "roles-open-debug");
  await expect.poll(() => stack.page.getByTestId("role-holders").count()).toBeGreaterThan(0);
}

describe("roles", () => {
  it("is in the navigation and shows which role grants what, with how many hold each", async () => {
    const { page } = stack;
    await nav().getByRole("link", { name: "Roles" }).click();
    await page.waitForURL(/\/roles$/);
    await expect.poll(() => page.getByTestId("roles-total").textContent()).toBe("2 roles");
    await expect.poll(columns).toEqual([
      expect.stringMatching(/^adminBuilt-in1 user/),
      expect.stringMatching(/^moderatorBuilt-in0 users/),
    ]);
    expect(await cellsOf("users:read")).toEqual(["Yes (all)", "Yes"]);
    expect(await cellsOf("settings:update")).toEqual(["Yes (all)", "No"]);
    expect(await page.locator('[data-testid="matrix-row"][data-permission="roles:manage"] th').textContent()).toBe(
      "roles:manageCreate, change and delete custom roles, never beyond the permissions you hold",
    );
    // Built-in roles are read-only.
    expect(await page.getByRole("button", { name: /^(Edit|Delete) the role/ }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "1 user" }).getAttribute("href")).toBe("/users?role=admin");
    await screenshot(page, "roles");
  });

  it("creates a custom role from the vocabulary and changes it", async () => {
    const { page, sdk } = stack;
    await page.getByRole("button", { name: "New role" }).click();
    await page.getByLabel("Name", { exact: true }).fill("support");
    await page.getByLabel("Description", { exact: true }).fill("Answers tickets");
    await page.getByRole("checkbox", { name: /^users:read / }).check();
    await page.getByRole("checkbox", { name: /^relays:read / }).check();
    await page.getByRole("button", { name: "Create role" }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("The role support was created.");
    await expect.poll(columns).toEqual([expect.stringMatching(/^admin/), expect.stringMatching(/^moderator/), expect.stringMatching(/^support0 users/)]);
    expect(await cellsOf("relays:read")).toEqual(["Yes (all)", "No", "Yes"]);
    expect(await cellsOf("users:read")).toEqual(["Yes (all)", "Yes", "Yes"]);
    expect((await sdk.roles.list()).data.find((role) => role.name === "support")).toMatchObject({
      description: "Answers tickets",
      permissions: ["relays:read", "users:read"],
      builtIn: false,
    });

    await page.getByRole("button", { name: "Edit the role support" }).click();
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("support");
    expect(await page.getByRole("checkbox", { name: /^relays:read / }).isChecked()).toBe(true);
    await page.getByRole("checkbox", { name: /^relays:read / }).uncheck();
    await page.getByRole("checkbox", { name: /^mail:read / }).check();
    await page.getByRole("button", { name: "Save role" }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("The role support was saved.");
    await expect.poll(() => cellsOf("relays:read")).toEqual(["Yes (all)", "No", "No"]);
    expect(await cellsOf("mail:read")).toEqual(["Yes (all)", "No", "Yes"]);
    expect((await sdk.roles.list()).data.find((role) => role.name === "support")?.permissions).toEqual(["mail:read", "users:read"]);
  });

  it("deletes a custom role after asking, refused while someone holds it", async () => {
    const { page, sdk } = stack;
    const holder = await sdk.users.create({ username: "sam", roles: ["support"] });
    await openRoles();
    await expect.poll(columns).toContainEqual(expect.stringMatching(/^support1 user/));

    await page.getByRole("button", { name: "Delete the role support" }).click();
    expect(await page.getByTestId("role-confirm").textContent()).toContain("1 user holds it: a role is not deleted while anyone holds it");
    await page.getByRole("button", { name: "Delete role", exact: true }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "Role not deleted" }).count()).toBe(1);
    expect((await sdk.roles.list()).total).toBe(3);

    await sdk.users.removeRole(holder.id, "support");
    await openRoles();
    await page.getByRole("button", { name: "Delete the role support" }).click();
    await page.getByRole("button", { name: "Delete role", exact: true }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("The role support was deleted.");
    await expect.poll(() => page.getByTestId("role-column").count()).toBe(2);
    expect((await sdk.roles.list()).data.map((role) => role.name).sort()).toEqual(["admin", "moderator"]);
  });
});

describe("operators", () => {
  let operatorId: string;

  it("lists operators and creates one with its own permissions", async () => {
    const { page, sdk } = stack;
    await nav().getByRole("link", { name: "Operators" }).click();
    await page.waitForURL(/\/operators$/);
    await expect.poll(() => page.getByTestId("operators-total").textContent()).toBe("1 operator");
    expect(await page.getByTestId("operator-row").textContent()).toContain("All permissions (*)");

    await page.getByRole("button", { name: "New operator" }).click();
    await page.getByLabel("Username", { exact: true }).fill(OPERATOR.username);
    await page.getByLabel("Password", { exact: true }).fill(OPERATOR.password);
    await page.getByLabel("Email", { exact: true }).fill("alice@example.org");
    for (const permission of ["users:read", "relays:read", "mail:read"]) await page.getByRole("checkbox", { name: new RegExp(`^${permission} `) }).check();
    await screenshot(page, "operator-new");
    await page.getByRole("button", { name: "Create operator" }).click();
    await expect.poll(() => page.getByTestId("operators-notice").textContent()).toBe(`Operator ${OPERATOR.username} created.`);
    await expect.poll(() => page.getByTestId("operators-total").textContent()).toBe("2 operators");
    const row = page.getByTestId("operator-row").filter({ hasText: OPERATOR.username });
    expect(await row.getByTestId("operator-own").textContent()).toBe("users: read · relays: read · mail: read");
    expect(await row.textContent()).toContain("3 permissions of");

    const operator = (await sdk.operators.list({ q: OPERATOR.username })).data[0]!;
    operatorId = operator.id;
    expect(operator).toMatchObject({ email: "alice@example.org", roles: [], directPermissions: ["mail:read", "relays:read", "users:read"] });
    const them = new StewardClient({ baseUrl: stack.api.url });
    await them.login(OPERATOR.username, OPERATOR.password);
    expect((await them.me()).permissions).toEqual(["mail:read", "relays:read", "users:read"]);
  });

  it("changes an operator's own permissions after showing what is added and removed", async () => {
    const { page, sdk } = stack;
    await page.getByRole("button", { name: `Own permissions of ${OPERATOR.username}` }).click();
    const card = page.getByTestId("own-permissions");
    expect(await card.getByTestId("own-permissions-current").textContent()).toBe("users: read · relays: read · mail: read");
    await card.getByRole("button", { name: "Change own permissions" }).click();
    await card.getByRole("checkbox", { name: /^groups:read / }).check();
    await card.getByRole("checkbox", { name: /^mail:read / }).uncheck();
    await card.getByRole("button", { name: "Review changes" }).click();
    expect(await page.getByTestId("own-permissions-confirm").textContent()).toContain("Adds groups:read; removes mail:read.");
    // Nothing is written before the confirmation.
    expect((await sdk.users.get(operatorId)).directPermissions).toEqual(["mail:read", "relays:read", "users:read"]);
    await page.getByRole("button", { name: "Save own permissions" }).click();
    await expect.poll(() => card.getByTestId("own-permissions-notice").textContent()).toBe(
      `Own permissions of ${OPERATOR.username} saved: adds groups:read; removes mail:read.`,
    );
    expect((await sdk.users.get(operatorId)).directPermissions).toEqual(["groups:read", "relays:read", "users:read"]);
    await expect.poll(() => page.getByTestId("operator-row").filter({ hasText: OPERATOR.username }).getByTestId("operator-own").textContent()).toBe(
      "users: read · groups: read · relays: read",
    );
  });

  it("shows the own permissions on the user's page too", async () => {
    const { page } = stack;
    await page.goto(`${stack.web.url}/users/${operatorId}`);
    const card = page.getByTestId("own-permissions");
    await expect.poll(() => card.getByTestId("own-permissions-current").textContent()).toBe("users: read · groups: read · relays: read");
    // The button waits for the session's own permissions, which load beside the user.
    await expect.poll(() => card.getByRole("button", { name: "Change own permissions" }).count()).toBe(1);
  });

  it("leaves Roles, Operators and Settings out of the navigation of an operator who may not read them", async () => {
    const { browser, web } = stack;
    const errors: string[] = [];
    // Their users list asks for the roles (to filter by), which they may not read: 403.
    const context = await watchedContext(browser, errors, [403]);
    try {
      const page = await context.newPage();
      await signIn(page, web.url, OPERATOR.username, OPERATOR.password);
      const links = page.getByRole("complementary", { name: "Main navigation" }).getByRole("link");
      await expect.poll(() => links.allTextContents()).toContain("Relays");
      const names = await links.allTextContents();
      for (const hidden of ["Roles", "Operators", "Settings"]) expect(names).not.toContain(hidden);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("the pages", () => {
  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

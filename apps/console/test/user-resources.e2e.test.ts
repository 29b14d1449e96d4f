/**
 * A user's attached resources in the console, end to end: attach one on the
 * user's page (one attached to another user is refused, and said so), detach
 * one after confirming; deleting a user who has resources offers "Detach them
 * and delete", and a plain delete refused because some were attached
 * meanwhile (409) is shown, then offered the same way. A real API
 * (in-process, in-memory PGlite), the built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/user-resources.e2e.test.ts
 */
import { beforeAll, describe, expect, it } from "vitest";
import { StewardError } from "@steward/client";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "resources-e2e-password" };
/** 409: a resource attached to another user; a user whose resources were attached meanwhile. */
const EXPECTED_STATUSES = [409];

const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors, expectedStatuses: EXPECTED_STATUSES });
const ids: Record<string, string> = {};

async function openUser(username: string) {
  await stack.page.goto(`${stack.web.url}/users/${ids[username]}`);
  await stack.page.getByTestId("user-heading").waitFor();
}

/** The attach form (the profile has an External ID field of its own). */
const attachForm = () => stack.page.getByRole("form", { name: /^Attach a resource to / });

async function attachInConsole(externalId: string, name = "") {
  await attachForm().getByLabel("External ID").fill(externalId);
  await attachForm().getByLabel("Name (optional)").fill(name);
  await attachForm().getByRole("button", { name: "Attach", exact: true }).click();
}

const resourcesOf = async (username: string) => (await stack.sdk.users.resources.list(ids[username]!)).data;

async function statusOfGet(username: string): Promise<number> {
  try {
    await stack.sdk.users.get(ids[username]!);
    return 200;
  } catch (error) {
    return (error as StewardError).status;
  }
}

beforeAll(async () => {
  for (const username of ["gus", "hal", "ivy"]) ids[username] = (await stack.sdk.users.create({ username })).id;
});

describe("attached resources", () => {
  it("attaches a resource on the user's page and lists it", async () => {
    const { page } = stack;
    await openUser("gus");
    await expect.poll(() => page.getByTestId("resources-total").textContent()).toBe("0 resources");
    // Pterodactyl's servers are the usual kind.
    expect(await attachForm().getByLabel("Kind").inputValue()).toBe("server");
    await attachInConsole("srv-1", "Minecraft");
    await expect.poll(() => page.getByTestId("resources-notice").textContent()).toBe("Attached the server srv-1 (Minecraft) to gus.");
    await expect.poll(() => page.getByTestId("resources-total").textContent()).toBe("1 resource");
    const row = await page.getByTestId("resource-row").textContent();
    expect(row).toContain("server");
    expect(row).toContain("srv-1");
    expect(row).toContain("Minecraft");
    expect(await resourcesOf("gus")).toEqual([expect.objectContaining({ kind: "server", externalId: "srv-1", name: "Minecraft" })]);
    await screenshot(page, "user-resources");
  });

  it("says plainly that a resource is attached to another user (409)", async () => {
    const { page } = stack;
    await openUser("hal");
    await attachInConsole("srv-1");
    await expect
      .poll(() => page.getByRole("alert").filter({ hasText: "Resource not attached" }).textContent())
      .toContain("The server srv-1 is attached to another user; detach it there first");
    expect(await page.getByTestId("resources-total").textContent()).toBe("0 resources");
    expect(await resourcesOf("hal")).toEqual([]);
  });

  it("detaches a resource only after confirming", async () => {
    const { page } = stack;
    await attachInConsole("srv-2");
    await expect.poll(() => page.getByTestId("resources-total").textContent()).toBe("1 resource");
    await page.getByRole("button", { name: "Detach the server srv-2" }).click();
    await expect.poll(() => page.getByTestId("resource-confirm").textContent()).toContain("Detach the server srv-2 from hal?");
    await page.getByRole("button", { name: "Cancel" }).click();
    expect(await resourcesOf("hal")).toHaveLength(1);

    await page.getByRole("button", { name: "Detach the server srv-2" }).click();
    await page.getByRole("button", { name: "Detach resource", exact: true }).click();
    await expect.poll(() => page.getByTestId("resources-notice").textContent()).toBe("Detached the server srv-2 from hal.");
    await expect.poll(() => page.getByTestId("resources-total").textContent()).toBe("0 resources");
    expect(await resourcesOf("hal")).toEqual([]);
  });
});

describe("deleting a user with resources", () => {
  it("says how many are attached and offers to detach them and delete", async () => {
    const { page, sdk } = stack;
    await openUser("gus");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByTestId("user-delete-confirm");
    await expect.poll(() => confirm.textContent()).toContain("1 resource is attached to gus: it is detached first");
    expect(await confirm.getByRole("button", { name: "Delete user" }).count()).toBe(0);
    await screenshot(page, "user-delete-with-resources");

    await confirm.getByRole("button", { name: "Detach them and delete" }).click();
    await page.waitForURL(/\/users$/);
    expect(await statusOfGet("gus")).toBe(404);
    // srv-1 went with no one: another user may have it now.
    expect((await sdk.users.resources.attach(ids.hal!, { kind: "server", externalId: "srv-1" })).userId).toBe(ids.hal);
  });

  it("shows a plain delete refused (409) when resources were attached meanwhile, then offers to detach them", async () => {
    const { page, sdk } = stack;
    await openUser("ivy");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByTestId("user-delete-confirm");
    await expect.poll(() => confirm.textContent()).toContain("This cannot be undone.");
    expect(await confirm.textContent()).not.toContain("attached");

    await sdk.users.resources.attach(ids.ivy!, { kind: "server", externalId: "srv-3" });
    await confirm.getByRole("button", { name: "Delete user" }).click();
    await expect
      .poll(() => page.getByRole("alert").filter({ hasText: "User not deleted" }).textContent())
      .toContain("ivy still has 1 resource attached; detach it before deleting the user");
    await expect.poll(() => confirm.textContent()).toContain("1 resource is attached to ivy");
    expect(await statusOfGet("ivy")).toBe(200);

    await confirm.getByRole("button", { name: "Detach them and delete" }).click();
    await page.waitForURL(/\/users$/);
    expect(await statusOfGet("ivy")).toBe(404);
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

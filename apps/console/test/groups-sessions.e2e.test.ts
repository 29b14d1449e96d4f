/**
 * Groups and a user's sessions in the console, end to end: a real API
 * (in-process, in-memory PGlite), the built console and Chromium.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/groups-sessions.e2e.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { StewardClient, StewardError } from "@steward/client";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { launchBrowser, screenshot, signIn, watchedContext } from "./browser";
import { startConsole, type RunningConsole } from "./harness";

const ADMIN = { username: "admin", password: "groups-e2e-password" };
const SAM = { username: "sam.sessions", password: "sam-sessions-password" };

let api: RunningServer | undefined;
let web: RunningConsole | undefined;
let browser: Browser | undefined;
let page: Page;
let sdk: StewardClient;
let graceId: string;
let samId: string;
const pageErrors: string[] = [];

/** Sam signed in straight at the API, from a client that names itself `userAgent`. */
async function samSignedInAs(userAgent: string): Promise<StewardClient> {
  const client = new StewardClient({ baseUrl: api!.url, headers: { "user-agent": userAgent } });
  await client.login(SAM.username, SAM.password);
  return client;
}

/** The HTTP status `/auth/me` answers to this client's token. */
async function meStatus(client: StewardClient): Promise<number> {
  try {
    await client.me();
    return 200;
  } catch (error) {
    if (error instanceof StewardError) return error.status;
    throw error;
  }
}

beforeAll(async () => {
  api = await startEphemeralServer({ STEWARD_ADMIN_USERNAME: ADMIN.username, STEWARD_ADMIN_PASSWORD: ADMIN.password });
  sdk = new StewardClient({ baseUrl: api.url });
  await sdk.login(ADMIN.username, ADMIN.password);
  graceId = (await sdk.users.create({ username: "grace.hopper", firstName: "Grace", lastName: "Hopper" })).id;
  samId = (await sdk.users.create({ username: SAM.username, password: SAM.password })).id;
  await sdk.users.create({ username: "grace.kelly" });

  web = await startConsole(api.url);
  browser = await launchBrowser();
  // 404: an exact username lookup that finds no one.
  const context = await watchedContext(browser, pageErrors, [404]);
  page = await context.newPage();
  await signIn(page, web.url, ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop();
  await api?.close();
});

describe("groups", () => {
  let groupId: string;

  it("creates a group, adds a member found by username, and the user page shows the group", async () => {
    await page.goto(`${web!.url}/groups`);
    await expect.poll(() => page.getByTestId("groups-total").textContent()).toBe("0 groups");
    await page.getByRole("button", { name: "New group" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Night shift");
    await page.getByLabel("With chat room").check();
    await page.getByRole("button", { name: "Create group" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
    groupId = page.url().split("/").pop()!;
    await expect.poll(() => page.getByTestId("group-heading").textContent()).toBe("Night shift");
    const created = await sdk.groups.get(groupId);
    expect(created.name).toBe("Night shift");
    expect(created.mucJid).toMatch(new RegExp(`^${groupId}@`));

    // A user who does not exist is refused with a plain message.
    await page.getByLabel("Username to add").fill("nobody.here");
    await page.getByRole("button", { name: "Add member", exact: true }).click();
    await expect.poll(() => page.locator("#member-username-error").textContent()).toContain("No user is named nobody.here");

    // The search suggests both Graces; the exact username adds one.
    await page.getByLabel("Username to add").fill("grace");
    await expect.poll(() => page.getByRole("list", { name: "Matching users" }).getByRole("button").count()).toBe(2);
    await page.getByLabel("Username to add").fill("grace.hopper");
    await page.getByRole("button", { name: "Add member", exact: true }).click();
    await expect.poll(() => page.getByTestId("members-notice").textContent()).toContain("grace.hopper joined the group");
    await expect.poll(() => page.getByTestId("member-row").allTextContents()).toEqual([expect.stringContaining("grace.hopper")]);
    await expect.poll(() => page.getByTestId("group-member-count").textContent()).toBe("1 member");
    expect((await sdk.groups.members.list(groupId)).data.map((m) => m.username)).toEqual(["grace.hopper"]);
    await screenshot(page, "group-detail");

    await page.goto(`${web!.url}/groups`);
    await expect.poll(() => page.getByTestId("group-members").allTextContents()).toEqual(["1"]);

    await page.goto(`${web!.url}/users/${graceId}`);
    const membership = page.getByTestId("user-group");
    await expect.poll(() => membership.allTextContents()).toEqual([expect.stringContaining("Night shift")]);
    await membership.getByRole("link", { name: "Night shift" }).click();
    await page.waitForURL(new RegExp(`/groups/${groupId}$`));
  });

  it("renames the group, removes the member, and deletes the group after confirming", async () => {
    await page.goto(`${web!.url}/groups/${groupId}`);
    await page.getByRole("button", { name: "Rename" }).click();
    await page.getByLabel("Group name").fill("Day shift");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect.poll(() => page.getByTestId("group-heading").textContent()).toBe("Day shift");
    expect((await sdk.groups.get(groupId)).name).toBe("Day shift");

    await page.getByRole("button", { name: "Remove grace.hopper" }).click();
    // Removing a member asks first.
    expect(await page.getByRole("alertdialog").textContent()).toContain("Remove grace.hopper from Day shift?");
    await page.getByRole("alertdialog").getByRole("button", { name: "Remove member" }).click();
    await expect.poll(() => page.getByTestId("member-row").count()).toBe(0);
    expect((await sdk.users.groups(graceId)).total).toBe(0);

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    expect((await sdk.groups.get(groupId)).name).toBe("Day shift");
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Delete group" }).click();
    await page.waitForURL(/\/groups$/);
    await expect.poll(() => page.getByTestId("groups-total").textContent()).toBe("0 groups");
    expect((await sdk.groups.list()).total).toBe(0);
  });
});

describe("sessions", () => {
  it("lists a user's sessions; revoking one makes its token get 401, revoking all ends the rest", async () => {
    const laptop = await samSignedInAs("sam-laptop/1.0");
    const phone = await samSignedInAs("sam-phone/2.0");

    await page.goto(`${web!.url}/users/${samId}`);
    await expect.poll(() => page.getByTestId("sessions-total").textContent()).toBe("2 live sessions");
    const laptopRow = page.getByTestId("session-row").filter({ hasText: "sam-laptop/1.0" });
    expect(await laptopRow.textContent()).toContain("API v1");
    await screenshot(page, "user-sessions");

    await laptopRow.getByRole("button", { name: /^Revoke session/ }).click();
    await expect.poll(() => page.getByTestId("session-confirm").textContent()).toContain("sam-laptop/1.0");
    await page.getByRole("button", { name: "Revoke session", exact: true }).click();
    await expect.poll(() => page.getByTestId("sessions-notice").textContent()).toContain("Session ended");
    await expect.poll(() => page.getByTestId("session-row").allTextContents()).toEqual([expect.stringContaining("sam-phone/2.0")]);
    expect(await meStatus(laptop)).toBe(401);
    expect(await meStatus(phone)).toBe(200);

    await page.getByRole("button", { name: "Revoke all", exact: true }).click();
    await page.getByRole("button", { name: "Revoke all sessions" }).click();
    await expect.poll(() => page.getByTestId("sessions-notice").textContent()).toContain("1 session ended");
    await expect.poll(() => page.getByTestId("sessions-total").textContent()).toBe("0 live sessions");
    expect(await meStatus(phone)).toBe(401);
  });

  it("the Sessions page lists who is signed in across users, filters by user and surface, and ends one after confirming", async () => {
    const tablet = await samSignedInAs("sam-tablet/3.0");
    // Sam also signs in through the early Pryv methods, for an app: another surface.
    const early = await fetch(`${api!.url}/pryv/admin/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ userName: SAM.username, password: SAM.password, appId: "sam-notes" }),
    });
    expect(early.status).toBe(200);

    await page.goto(`${web!.url}/users`);
    await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: "Sessions" }).click();
    await page.waitForURL(/\/sessions$/);
    const rows = page.getByTestId("session-row");
    await expect.poll(() => rows.filter({ hasText: "sam-tablet/3.0" }).count()).toBe(1);
    // The admin's own session (the console's) is marked; Sam's two are listed with Sam's name, newest first.
    expect(await rows.filter({ hasText: "This session" }).textContent()).toContain(ADMIN.username);
    const samRows = await rows.filter({ hasText: SAM.username }).allTextContents();
    expect(samRows).toEqual([expect.stringContaining("sam-notes"), expect.stringContaining("sam-tablet/3.0")]);
    await screenshot(page, "sessions");

    await page.getByLabel("Surface").selectOption("pryv-early");
    await page.waitForURL(/surface=pryv-early/);
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringMatching(/sam\.sessions.*sam-notes.*Pryv \(early\)/)]);
    await expect.poll(() => page.getByTestId("sessions-total").textContent()).toBe("1 live session");
    await page.getByRole("button", { name: "Clear filters" }).click();

    await page.getByLabel("User", { exact: true }).fill(SAM.username);
    await page.waitForURL(/user=sam\.sessions/);
    await expect.poll(() => page.getByTestId("sessions-total").textContent()).toBe("2 live sessions");

    await rows.filter({ hasText: "sam-tablet/3.0" }).getByRole("button", { name: /^Revoke the session of sam\.sessions/ }).click();
    await expect.poll(() => page.getByTestId("session-confirm").textContent()).toContain("sam-tablet/3.0");
    await page.getByRole("button", { name: "Revoke session", exact: true }).click();
    await expect.poll(() => page.getByTestId("sessions-notice").textContent()).toContain("Session of sam.sessions ended");
    await expect.poll(() => page.getByTestId("sessions-total").textContent()).toBe("1 live session");
    expect(await meStatus(tablet)).toBe(401);

    // An unknown username is said so, not an error.
    await page.getByLabel("User", { exact: true }).fill("nobody.here");
    await expect.poll(() => page.locator("main").textContent()).toContain("No user is named nobody.here");
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

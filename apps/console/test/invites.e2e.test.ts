/**
 * Invites end to end: an operator makes invites in the console, and a
 * stranger (a fresh browser, no operator session) redeems their links on the
 * public pages. A real API (in-process, in-memory PGlite), the built console
 * and Chromium; the API makes links to this console (STEWARD_PUBLIC_URL).
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/invites.e2e.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { StewardClient } from "@steward/client";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { launchBrowser, screenshot, signIn, watchedContext } from "./browser";
import { embeddedSnapshot, freePort, startConsole, type RunningConsole } from "./harness";

const ADMIN = { username: "admin", password: "invites-e2e-password" };
const SAM = { username: "sam.reset", password: "sam-old-password" };
/**
 * Answers the public pages provoke on purpose: unknown (404) and used-up
 * (410) links, a taken username (409), too many attempts (429).
 */
const EXPECTED_STATUSES = [404, 409, 410, 429];
/** Invitation reads and redemptions allowed per address (STEWARD_REDEEM_RATE_LIMIT). */
const REDEEM_LIMIT = 20;

let api: RunningServer | undefined;
let web: RunningConsole | undefined;
let browser: Browser | undefined;
let operator: Page;
let sdk: StewardClient;
let readersId: string;
const pageErrors: string[] = [];

/** A page in a new browser context: no cookies, no storage, nothing of the operator's. */
async function strangerPage(): Promise<Page> {
  const context = await watchedContext(browser!, pageErrors, EXPECTED_STATUSES);
  return context.newPage();
}

/** Makes an invite in the console's New invite form (`fill` sets its fields) and reads its link off the page. */
async function createInviteInConsole(kind: string, fill: () => Promise<void>): Promise<string> {
  await operator.goto(`${web!.url}/invites`);
  await operator.getByRole("button", { name: "New invite" }).click();
  await operator.getByRole("radio", { name: new RegExp(`^${kind}`) }).check();
  await fill();
  await screenshot(operator, `invite-form-${kind.toLowerCase().replace(/\W+/g, "-")}`);
  await operator.getByRole("button", { name: "Create invite" }).click();
  const link = operator.getByTestId("invite-link");
  await link.waitFor();
  await operator.getByTestId("qr-code").waitFor();
  return link.inputValue();
}

/** The HTTP status of a sign-in straight at the API. */
async function loginStatus(username: string, password: string): Promise<number> {
  const response = await fetch(`${api!.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  return response.status;
}

beforeAll(async () => {
  // The API must know the console's address before the console starts: it makes the links.
  const consolePort = await freePort();
  api = await startEphemeralServer({
    STEWARD_ADMIN_USERNAME: ADMIN.username,
    STEWARD_ADMIN_PASSWORD: ADMIN.password,
    STEWARD_PUBLIC_URL: `http://127.0.0.1:${consolePort}`,
    STEWARD_SITE_NAME: "Example Community",
    STEWARD_REDEEM_RATE_LIMIT: String(REDEEM_LIMIT),
  }, { embeddedSnapshot: await embeddedSnapshot() });
  sdk = new StewardClient({ baseUrl: api.url });
  await sdk.login(ADMIN.username, ADMIN.password);
  readersId = (await sdk.groups.create({ name: "Readers" })).id;
  await sdk.groups.create({ name: "Writers" });
  await sdk.users.create({ username: SAM.username, password: SAM.password });

  web = await startConsole(api.url, {}, { port: consolePort });
  browser = await launchBrowser();
  operator = await (await watchedContext(browser, pageErrors)).newPage();
  await signIn(operator, web.url, ADMIN.username, ADMIN.password);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop();
  await api?.close();
});

describe("invites", () => {
  it("a register invite with a group, made in the console, lets a stranger create an account in that group", async () => {
    const link = await createInviteInConsole("Register", async () => {
      await operator.getByLabel("Groups (optional)").fill("Read");
      await operator.getByRole("list", { name: "Groups to add" }).getByRole("button", { name: /Readers/ }).click();
      await expect.poll(() => operator.getByTestId("picked-group").allTextContents()).toEqual(["Readers"]);
    });
    expect(link).toMatch(new RegExp(`^${web!.url}/invite/[^/]+$`));
    expect(await operator.getByTestId("invite-panel").textContent()).toContain("joining Readers");
    await screenshot(operator, "invite-created");
    // The list shows it as pending.
    await expect.poll(() => operator.getByTestId("invite-row").allTextContents()).toEqual([expect.stringContaining("Pending")]);

    const stranger = await strangerPage();
    await stranger.goto(link);
    await expect.poll(() => stranger.getByRole("heading", { level: 1 }).textContent()).toBe("Join Example Community");
    expect(await stranger.getByTestId("invitation-groups").textContent()).toBe("Readers");
    await screenshot(stranger, "invite-landing");
    expect(await stranger.evaluate(() => sessionStorage.length)).toBe(0);
    // A taken username is refused next to the field; the form stays.
    await stranger.getByLabel("Username").fill(SAM.username);
    await stranger.getByLabel("Password", { exact: true }).fill("reader-password-1");
    await stranger.getByLabel("Confirm password").fill("reader-password-1");
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => stranger.locator("#redeem-username-error").textContent()).toContain("Already taken");
    await stranger.getByLabel("Username").fill("new.reader");
    await stranger.getByLabel("Confirm password").fill("reader-password-2");
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => stranger.locator("#redeem-confirm-error").textContent()).toBe("The two passwords differ.");
    await stranger.getByLabel("Confirm password").fill("reader-password-1");
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => stranger.getByTestId("invitation-done").textContent()).toContain("Your account new.reader is ready");
    expect(await stranger.getByTestId("invitation-done").textContent()).toContain("You are a member of Readers");
    await screenshot(stranger, "invite-done");
    // It leads to the sign-in page, the username filled in; the new account signs in there and lands on its own area.
    await stranger.getByRole("link", { name: "Sign in" }).click();
    await stranger.waitForURL(/\/login\?username=new\.reader$/);
    expect(await stranger.getByLabel("Username or email").inputValue()).toBe("new.reader");
    await stranger.getByLabel("Password").fill("reader-password-1");
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await stranger.waitForURL(/\/account$/);
    await expect.poll(() => stranger.getByTestId("signed-in-user").textContent()).toBe("new.reader");
    await stranger.context().close();

    // The operator finds the account in the users list, and in the group.
    await operator.goto(`${web!.url}/users?q=new.reader`);
    await expect.poll(() => operator.getByTestId("users-total").textContent()).toBe("1 user");
    await operator.goto(`${web!.url}/groups/${readersId}`);
    await expect.poll(() => operator.getByTestId("member-row").allTextContents()).toEqual([expect.stringContaining("new.reader")]);
    expect(await loginStatus("new.reader", "reader-password-1")).toBe(200);

    // The invite is used now: the link says so, and the list moved it out of pending.
    const again = await strangerPage();
    await again.goto(link);
    await expect.poll(() => again.getByTestId("invitation-error").textContent()).toContain("This link has already been used");
    await again.context().close();
    await operator.goto(`${web!.url}/invites?state=used`);
    await expect.poll(() => operator.getByTestId("invite-row").count()).toBe(1);
  });

  it("a reset link, made in the console, sets a new password: it signs in and the old one does not", async () => {
    const link = await createInviteInConsole("Password reset", async () => {
      await operator.getByLabel("Account (username)").fill(SAM.username);
    });
    expect(link).toMatch(new RegExp(`^${web!.url}/reset/[^/]+$`));

    const stranger = await strangerPage();
    // Opened at /invite/…, a reset link goes to its own page.
    await stranger.goto(link.replace("/reset/", "/invite/"));
    await stranger.waitForURL(link);
    await expect.poll(() => stranger.getByTestId("invitation-username").textContent()).toBe(SAM.username);
    await stranger.getByLabel("New password", { exact: true }).fill("short");
    await stranger.getByLabel("Confirm password").fill("short");
    await stranger.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => stranger.locator("#redeem-password-error").textContent()).toContain("At least 8 characters");
    await stranger.getByLabel("New password", { exact: true }).fill("sam-new-password");
    await stranger.getByLabel("Confirm password").fill("sam-new-password");
    await stranger.getByRole("button", { name: "Set new password" }).click();
    await expect.poll(() => stranger.getByTestId("invitation-done").textContent()).toContain("Your password is changed");
    await screenshot(stranger, "reset-done");
    // The success page leads to the sign-in page, where the new password signs in.
    await stranger.getByRole("link", { name: "Sign in" }).click();
    await stranger.waitForURL(/\/login\?username=sam\.reset$/);
    expect(await stranger.getByLabel("Username or email").inputValue()).toBe(SAM.username);
    await stranger.getByLabel("Password").fill("sam-new-password");
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await stranger.waitForURL(/\/account$/);
    await stranger.context().close();

    expect(await loginStatus(SAM.username, "sam-new-password")).toBe(200);
    expect(await loginStatus(SAM.username, SAM.password)).toBe(401);
  });

  it("a revoked invite's link, and an unknown one, say so plainly", async () => {
    const link = await createInviteInConsole("Group", async () => {
      await operator.getByRole("radio", { name: "A new group" }).check();
      await operator.getByLabel("New group name").fill("Guests");
    });
    const row = operator.getByTestId("invite-row").filter({ hasText: "Guests" });
    await row.getByRole("button", { name: /^Revoke/ }).click();
    await operator.getByRole("button", { name: "Revoke invite", exact: true }).click();
    await expect.poll(() => operator.getByTestId("invites-notice").textContent()).toContain("was revoked");
    expect((await sdk.invites.list({ state: "revoked" })).total).toBe(1);

    const stranger = await strangerPage();
    await stranger.goto(link);
    await expect.poll(() => stranger.getByTestId("invitation-error").textContent()).toContain("This link was withdrawn");
    await stranger.goto(`${web!.url}/invite/no-such-token`);
    await expect.poll(() => stranger.getByTestId("invitation-error").textContent()).toContain("This link is not valid");
    await stranger.context().close();
  });

  it("says plainly when an address made too many attempts", async () => {
    // Every read and redemption of any link counts against the address (here 127.0.0.1, through the console).
    let status = 0;
    for (let i = 0; i <= REDEEM_LIMIT && status !== 429; i++) {
      status = (await fetch(`${web!.url}/api/v1/invitations/guessing-${i}`)).status;
    }
    expect(status).toBe(429);
    const stranger = await strangerPage();
    await stranger.goto(`${web!.url}/invite/guessing-again`);
    await expect.poll(() => stranger.getByTestId("invitation-error").textContent()).toContain("Too many attempts");
    await stranger.context().close();
  });

  it("raised no errors in the pages or their consoles", () => {
    expect(pageErrors).toEqual([]);
  });
});

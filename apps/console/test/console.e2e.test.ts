/**
 * End to end: a real Steward API (in-process, in-memory PGlite), the built
 * console (`next start`) pointed at it, and Chromium driven by playwright-core.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console test
 *
 * Set STEWARD_E2E_SCREENSHOTS=/some/dir to also save screenshots of the pages.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { StewardClient } from "@steward/client";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./env";
import { reportCspViolations } from "./browser";
import { embeddedSnapshot, startConsole, type RunningConsole } from "./harness";

const ADMIN = { username: "admin", password: "console-e2e-password" };
const EXTRA_USERS = 12;
const screenshotDir = process.env.STEWARD_E2E_SCREENSHOTS;

let api: RunningServer | undefined;
let web: RunningConsole | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
let sdk: StewardClient;
let graceId: string;
const pageErrors: string[] = [];

async function screenshot(name: string) {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** A page's Content-Security-Policy, directive name to its values. */
function parseCsp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), values);
  }
  return directives;
}

async function signIn(password = ADMIN.password) {
  await page.goto(`${web!.url}/login`);
  await page.getByLabel("Username or email").fill(ADMIN.username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function openGrace() {
  await page.goto(`${web!.url}/users/${graceId}`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByLabel("Display name").waitFor();
}

beforeAll(async () => {
  api = await startEphemeralServer(
    { STEWARD_ADMIN_USERNAME: ADMIN.username, STEWARD_ADMIN_PASSWORD: ADMIN.password },
    { embeddedSnapshot: await embeddedSnapshot() },
  );
  sdk = new StewardClient({ baseUrl: api.url });
  await sdk.login(ADMIN.username, ADMIN.password);
  const grace = await sdk.users.create({
    username: "grace.hopper",
    email: "grace@example.org",
    firstName: "Grace",
    lastName: "Hopper",
    tags: ["navy", "cobol"],
  });
  graceId = grace.id;
  for (let i = 1; i <= EXTRA_USERS; i++) {
    await sdk.users.create({
      username: `user${String(i).padStart(2, "0")}`,
      email: `user${i}@example.org`,
      displayName: `Test User ${i}`,
      tags: i % 3 === 0 ? ["ops"] : [],
    });
  }

  web = await startConsole(api.url);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await reportCspViolations(context, (text) => pageErrors.push(`csp: ${text}`));
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // The browser logs every 4xx answer; the ones this suite provokes are expected.
    if (message.type() === "error" && !/Failed to load resource.*\b(400|401|409|412)\b/.test(message.text())) {
      pageErrors.push(`console: ${message.text()} (${message.location().url || page.url()})`);
    }
  });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await web?.stop();
  await api?.close();
});

describe("console", () => {
  it("sends a signed-out visitor to /login and shows the API's error for a wrong password", async () => {
    await page.goto(`${web!.url}/`);
    await page.waitForURL(/\/login/);
    await signIn("not-the-password");
    await expect.poll(() => page.getByTestId("login-error").textContent()).toContain("Wrong username or password");
    expect(page.url()).toContain("/login");
    await screenshot("login-error");
  });

  it("signs in and lists every user with the total", async () => {
    await signIn();
    await page.waitForURL(/\/users$/);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe(`${EXTRA_USERS + 2} users`);
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(EXTRA_USERS + 2);
    expect(await page.getByTestId("signed-in-user").textContent()).toBe(ADMIN.username);
    await screenshot("users");
  });

  it("pages with Next and Previous", async () => {
    await page.getByLabel("Rows per page").selectOption("10");
    await page.waitForURL(/limit=10/);
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(10);
    const firstPage = await page.getByTestId("user-row").first().textContent();
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(EXTRA_USERS + 2 - 10);
    expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous" }).click();
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(10);
    expect(await page.getByTestId("user-row").first().textContent()).toBe(firstPage);
    expect(await page.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
  });

  it("filters by status and tag", async () => {
    await page.goto(`${web!.url}/users?tag=ops`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toContain("4 users");
    await page.goto(`${web!.url}/users?tag=navy,cobol`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("1 user");
    await page.goto(`${web!.url}/users?status=deactivated`);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toContain("0 users");
    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe(`${EXTRA_USERS + 2} users`);
  });

  it("finds a user by search, changes the display name and saves it to the server", async () => {
    await page.goto(`${web!.url}/users`);
    await page.getByLabel("Search users").fill("hopper");
    await page.waitForURL(/q=hopper/);
    await expect.poll(() => page.getByTestId("users-total").textContent()).toBe("1 user");
    await expect.poll(() => page.getByTestId("user-row").count()).toBe(1);

    await page.getByRole("link", { name: "grace.hopper" }).click();
    await page.waitForURL(new RegExp(`/users/${graceId}$`));
    await expect.poll(() => page.getByTestId("user-heading").textContent()).toBe("Grace Hopper");
    expect(await page.getByLabel("Email").inputValue()).toBe("grace@example.org");

    await page.getByLabel("Display name").fill("Amazing Grace");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByTestId("save-notice").textContent()).toContain("Changes saved");
    expect(await page.getByTestId("user-heading").textContent()).toBe("Amazing Grace");
    expect(await page.getByLabel("Display name").inputValue()).toBe("Amazing Grace");

    const stored = await sdk.users.get(graceId);
    expect(stored.displayName).toBe("Amazing Grace");
    expect(stored.email).toBe("grace@example.org");
    await screenshot("user-detail");
  });

  it("shows API validation errors next to the field and saves nothing", async () => {
    await openGrace();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator("#email-error").textContent()).toContain("Invalid email");
    expect(await page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect((await sdk.users.get(graceId)).email).toBe("grace@example.org");
  });

  it("reports a 412 conflict when the user changed meanwhile, then can overwrite", async () => {
    await openGrace();
    await page.getByLabel("Display name").fill("Grace from the console");
    await sdk.users.update(graceId, { lastName: "Brewster Hopper", displayName: "Changed elsewhere" });

    await page.getByRole("button", { name: "Save changes" }).click();
    const conflict = page.getByTestId("conflict");
    await expect.poll(() => conflict.textContent()).toContain("412");
    expect(await conflict.textContent()).toContain("Display name");
    expect((await sdk.users.get(graceId)).displayName).toBe("Changed elsewhere");
    await screenshot("user-conflict");

    await page.getByRole("button", { name: "Save mine over theirs" }).click();
    await expect.poll(() => page.getByTestId("save-notice").textContent()).toContain("Changes saved");
    const stored = await sdk.users.get(graceId);
    expect(stored.displayName).toBe("Grace from the console");
    // The other change to a field not edited here survives.
    expect(stored.lastName).toBe("Brewster Hopper");
  });

  it("deactivates and activates, grants and revokes a role", async () => {
    await openGrace();
    await page.getByRole("button", { name: "Deactivate", exact: true }).click();
    await page.getByRole("button", { name: "Deactivate user" }).click();
    // Exact: "Deactivate" (still shown, disabled, while confirming) contains "activate" too.
    await page.getByRole("button", { name: "Activate", exact: true }).waitFor();
    expect((await sdk.users.get(graceId)).status).toBe("deactivated");
    await page.getByRole("button", { name: "Activate", exact: true }).click();
    await page.getByRole("button", { name: "Deactivate", exact: true }).waitFor();
    expect((await sdk.users.get(graceId)).status).toBe("active");

    const moderator = page.getByRole("switch", { name: "moderator", exact: true });
    expect(await moderator.isChecked()).toBe(false);
    // click(), not check(): the switch turns on once the API has granted the role, not at the click.
    await moderator.click();
    // The switch asks first, saying what the role gives.
    await page.getByRole("button", { name: "Grant moderator", exact: true }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("grace.hopper now holds the moderator role.");
    expect(await moderator.isChecked()).toBe(true);
    expect((await sdk.users.get(graceId)).roles).toContain("moderator");
    await moderator.click();
    await page.getByRole("button", { name: "Revoke moderator", exact: true }).click();
    await expect.poll(() => page.getByTestId("roles-notice").textContent()).toBe("grace.hopper no longer holds the moderator role.");
    expect(await moderator.isChecked()).toBe(false);
    expect((await sdk.users.get(graceId)).roles).not.toContain("moderator");

    // Saving the profile still works after those writes changed the ETag.
    await page.getByLabel("Phone").fill("+1 555 0100");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.getByTestId("save-notice").textContent()).toContain("Changes saved");
    expect((await sdk.users.get(graceId)).phone).toBe("+1 555 0100");
  });

  it("goes back to /login when the session is revoked, and signs out", async () => {
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("steward.console.session") ?? "{}").token);
    expect(typeof token).toBe("string");
    await new StewardClient({ baseUrl: api!.url, token }).logout();
    await page.goto(`${web!.url}/users`);
    await page.waitForURL(/\/login\?.*reason=expired/);
    expect(await page.evaluate(() => sessionStorage.getItem("steward.console.session"))).toBeNull();

    await signIn();
    await page.waitForURL(/\/users/);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(/\/login\?reason=signed-out$/);
    expect(await page.evaluate(() => sessionStorage.getItem("steward.console.session"))).toBeNull();
  });

  it("signing out lands on the signed-out page even when a call still in flight is answered 401 by the ended session", async () => {
    await signIn();
    await page.waitForURL(/\/users/);
    await page.goto(`${web!.url}/groups`);
    const usersLink = page.getByRole("link", { name: "Users", exact: true }).first();
    await usersLink.waitFor();
    // The users list the Users page asks for is held until the session has ended on the server.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markHeld!: () => void;
    const held = new Promise<void>((resolve) => (markHeld = resolve));
    const usersList = /\/api\/v1\/users(\?|$)/;
    await page.route(usersList, async (route) => {
      markHeld();
      await released;
      await route.continue().catch(() => undefined); // the page may be gone by then
    });
    try {
      await usersLink.click();
      await held;
      const logout = page.waitForResponse((response) => response.url().includes("/api/v1/auth/logout"));
      await page.getByRole("button", { name: "Sign out", exact: true }).click();
      expect((await logout).ok()).toBe(true);
      release();
      // A page still there gets the list's 401 now; wait for whatever that sets off.
      await page.waitForLoadState("networkidle");
      expect(page.url()).toMatch(/\/login\?reason=signed-out$/);
      await page.getByText("You are signed out.").waitFor();
    } finally {
      release();
      await page.unroute(usersList);
    }
  });

  describe("content security policy", () => {
    const pages = () => [
      "/login",
      "/",
      "/users",
      `/users/${graceId}`,
      "/groups",
      "/invites",
      "/invite/not-a-real-token",
      "/reset/not-a-real-token",
      "/no-such-page",
    ];

    it("serves every page with a script policy of its own nonce, and nothing looser", async () => {
      for (const path of pages()) {
        const response = await fetch(`${web!.url}${path}`);
        const html = await response.text();
        const csp = parseCsp(response.headers.get("content-security-policy"));
        const scriptSrc = csp.get("script-src") ?? [];
        const nonce = scriptSrc.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
        expect(nonce, `${path}: script-src ${scriptSrc.join(" ")}`).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
        expect(scriptSrc).toContain("'strict-dynamic'");
        for (const directive of ["script-src", "style-src", "default-src"]) {
          expect(csp.get(directive) ?? [], `${path}: ${directive}`).not.toContain("'unsafe-inline'");
          expect(csp.get(directive) ?? [], `${path}: ${directive}`).not.toContain("'unsafe-eval'");
        }
        expect(csp.get("object-src")).toEqual(["'none'"]);
        expect(csp.get("base-uri")).toEqual(["'none'"]);
        expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
        expect(csp.get("form-action")).toEqual(["'self'"]);
        expect(csp.get("connect-src")).toEqual(["'self'"]);
        expect(csp.get("default-src")).toEqual(["'none'"]);
        // Every script the page ships carries this response's nonce.
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, path).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
      }
      const [first, second] = await Promise.all([fetch(`${web!.url}/login`), fetch(`${web!.url}/login`)]);
      expect(first.headers.get("content-security-policy")).not.toBe(second.headers.get("content-security-policy"));
    });

    it("leaves the API's answers through the gateway as the API sent them", async () => {
      const direct = await fetch(`${api!.url}/api/v1/roles`);
      const viaConsole = await fetch(`${web!.url}/api/v1/roles`);
      expect(viaConsole.status).toBe(direct.status);
      for (const name of ["content-security-policy", "x-frame-options", "content-type"]) {
        expect(viaConsole.headers.get(name), name).toBe(direct.headers.get(name));
      }
    });

    it("does not run a script or event handler injected into a page without the nonce", async () => {
      const isolated = await browser!.newContext();
      const violations: string[] = [];
      await reportCspViolations(isolated, (text) => violations.push(text));
      try {
        const victim = await isolated.newPage();
        // The console's real answer (its headers, its policy) with markup an
        // attacker managed to get into the HTML, as a stored or reflected XSS would.
        await victim.route(`${web!.url}/login`, async (route) => {
          const response = await route.fetch();
          const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"] ?? "")?.[1] ?? "no-policy";
          const injected = [
            "<script>window.__injectedScriptRan = true</script>",
            '<img src="/icon.svg" alt="" onload="window.__injectedHandlerRan = true">',
            // Control: the same injection with this response's nonce runs, so
            // the two above are stopped by the policy, not by the injection.
            `<script nonce="${nonce}">window.__nonceScriptRan = true</script>`,
          ].join("");
          await route.fulfill({ response, body: (await response.text()).replace("<body>", `<body>${injected}`) });
        });
        await victim.goto(`${web!.url}/login`);
        await victim.getByRole("button", { name: "Sign in" }).waitFor();
        await victim.locator('img[src="/icon.svg"]').evaluate((img: HTMLImageElement) => img.decode());
        const outcome = await victim.evaluate(() => {
          const flags = window as unknown as Record<string, boolean | undefined>;
          return { script: flags.__injectedScriptRan, handler: flags.__injectedHandlerRan, control: flags.__nonceScriptRan };
        });
        expect(outcome).toEqual({ script: undefined, handler: undefined, control: true });
        await expect.poll(() => violations.map((text) => text.split(" ")[0]).sort()).toEqual(["script-src-attr", "script-src-elem"]);
      } finally {
        await isolated.close();
      }
    });
  });

  it("raised no errors in the page or its console", () => {
    expect(pageErrors).toEqual([]);
  });
});

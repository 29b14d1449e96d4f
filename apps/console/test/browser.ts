/**
 * Chromium for the console's browser tests, and what every such test
 * watches: Content-Security-Policy violations, page errors and console errors.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./env";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Calls `report` with every Content-Security-Policy violation in the
 * context's pages. The listener is installed by the browser (not a page
 * script), so the policy under test cannot block it.
 */
export async function reportCspViolations(target: BrowserContext, report: (text: string) => void) {
  await target.exposeBinding("__stewardCspViolation", (_source, text: string) => report(text));
  await target.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const send = (window as unknown as { __stewardCspViolation(text: string): void }).__stewardCspViolation;
      send(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.documentURI}`);
    });
  });
}

/**
 * A fresh browser context (no cookies, no storage) whose CSP violations,
 * page errors and console errors land in `errors`. The browser logs every
 * 4xx answer as a console error: `expectedStatuses` are the ones the test
 * provokes on purpose.
 */
export async function watchedContext(browser: Browser, errors: string[], expectedStatuses: number[] = []): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await reportCspViolations(context, (text) => errors.push(`csp: ${text}`));
  const expected = new RegExp(`Failed to load resource.*\\b(${expectedStatuses.join("|") || "none"})\\b`);
  context.on("page", (page) => {
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && !expected.test(message.text())) {
        errors.push(`console: ${message.text()} (${message.location().url || page.url()})`);
      }
    });
  });
  return context;
}

/** Signs in to the console at `url` as an operator and waits for the users list. */
export async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/login`);
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/users/);
}

/** Saves a screenshot when STEWARD_E2E_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string) {
  const dir = process.env.STEWARD_E2E_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

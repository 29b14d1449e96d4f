import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, CHROMIUM_PATH, ensureChromium } from "../../../tooling/testing/chromium.ts";
import { startTestServer, type TestServer } from "./harness.ts";
import { PLEROMA_PREFIX, PROSODY_PREFIX, PRYV_PREFIX, PTERODACTYL_PREFIX } from "./support/contract-check.ts";

let t: TestServer;
let browser: Browser;
let page: Page;
/** What the browser refused under the page's Content-Security-Policy, and any script error. */
const refused: string[] = [];

beforeAll(async () => {
  ensureChromium();
  t = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  // Runs in the page (a string: the server's tsconfig has no DOM types).
  await page.addInitScript(`document.addEventListener("securitypolicyviolation", (e) =>
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline")));`);
  page.on("pageerror", (error) => refused.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) refused.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await t?.close();
});

describe("docs page under its Content-Security-Policy", () => {
  it("renders the API reference and runs a request from it, with nothing refused", async () => {
    await page.goto(`${t.url}/api/v1/docs`);
    await expect.poll(() => page.locator(".swagger-ui .info .title").textContent(), { timeout: 15_000 }).toContain("Steward API");
    expect(refused).toEqual([]);
    const listUsers = page.locator("#operations-users-listUsers");
    await listUsers.locator(".opblock-summary").click();
    await listUsers.getByRole("button", { name: "Try it out" }).click();
    await listUsers.getByRole("button", { name: "Execute" }).click();
    // Unauthenticated from the page, so the API answers 401: the request left the page and came back.
    await expect.poll(() => listUsers.locator(".live-responses-table tr.response .response-col_status").textContent(), { timeout: 10_000 }).toContain("401");
    expect(refused).toEqual([]);
  });

  it("renders each dialect's page, on the same assets, under the same policy", async () => {
    const pages = [
      [`${PROSODY_PREFIX}/docs`, "Prosody administration API"],
      [`${PLEROMA_PREFIX}/docs`, "Pleroma admin API"],
      [`${PTERODACTYL_PREFIX}/docs`, "Pterodactyl application API"],
      [`${PRYV_PREFIX}/docs`, "Pryv.io Admin API 1.9"],
      [`${PRYV_PREFIX}/admin/docs`, "Early Pryv admin methods"],
    ];
    for (const [path, title] of pages) {
      await page.goto(`${t.url}${path}`);
      await expect.poll(() => page.locator(".swagger-ui .info .title").textContent(), { timeout: 15_000 }).toContain(title);
      expect(refused, path).toEqual([]);
    }
    // "Try it out" goes to the dialect's own base path (the document's relative server).
    await page.goto(`${t.url}${PROSODY_PREFIX}/docs`);
    const listUsers = page.locator("#operations-users-listUsers");
    await listUsers.locator(".opblock-summary").click();
    await listUsers.getByRole("button", { name: "Try it out" }).click();
    await listUsers.getByRole("button", { name: "Execute" }).click();
    await expect.poll(() => listUsers.locator(".live-responses-table tr.response .response-col_status").textContent(), { timeout: 10_000 }).toContain("401");
    await expect.poll(() => listUsers.locator(".request-url pre").textContent()).toBe(`${t.url}${PROSODY_PREFIX}/users`);
    expect(refused).toEqual([]);
  });
});

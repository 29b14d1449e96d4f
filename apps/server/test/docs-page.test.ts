import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
/** Flags that work in containers and offline (see TOOLCHAIN.md). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let t: TestServer;
let browser: Browser;
let page: Page;
/** What the browser refused under the page's Content-Security-Policy, and any script error. */
const refused: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) {
    const script = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../tooling/scripts/ensure-chromium.sh");
    execFileSync("sh", [script], { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH } });
  }
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
});

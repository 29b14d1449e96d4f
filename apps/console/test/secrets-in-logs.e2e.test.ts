/**
 * The console's server must not log secrets either: the public pages
 * `/invite/<token>` and `/reset/<token>` and the gateway (`/api/v1/*`)
 * carry tokens in their paths, and redemptions carry passwords. This drives
 * them with fetch (no browser), then searches everything `next start`
 * printed and every line the API logged (at debug level) for every secret
 * seen on the way.
 *
 * A real API (in-process, in-memory PGlite) and the built console (`next start`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, startEphemeralServer, type RunningServer } from "@steward/server";
import { embeddedSnapshot, freePort, startConsole, type RunningConsole } from "./harness";

const ADMIN = { username: "admin", password: "secrets-in-logs-e2e-password" };

const apiLines: string[] = [];
const secrets = new Set<string>();
let api: RunningServer;
let apiClosed = false;
let web: RunningConsole;

beforeAll(async () => {
  const consolePort = await freePort();
  api = await startEphemeralServer(
    {
      STEWARD_ADMIN_USERNAME: ADMIN.username,
      STEWARD_ADMIN_PASSWORD: ADMIN.password,
      STEWARD_PUBLIC_URL: `http://127.0.0.1:${consolePort}`,
      STEWARD_REDEEM_RATE_LIMIT: "1000",
    },
    { log: createLogger("debug", {}, { sink: (line) => apiLines.push(line) }), embeddedSnapshot: await embeddedSnapshot() },
  );
  web = await startConsole(api.url, {}, { port: consolePort });
  secret(ADMIN.password);
});
afterAll(async () => {
  await web?.stop();
  if (!apiClosed) await api?.close();
});

function secret(value: unknown): string {
  if (typeof value !== "string" || value.length < 8) throw new Error(`not a secret worth looking for: ${JSON.stringify(value)}`);
  secrets.add(value);
  return value;
}

/** Through the console's gateway, as the browser calls the API. */
async function gateway(method: string, path: string, init: { token?: string; body?: unknown; rawBody?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.rawBody !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${web.url}/api/v1${path}`, {
    method,
    headers,
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: response.status, body };
}

/** A console page, as a browser first loads it. */
async function page(path: string): Promise<number> {
  const response = await fetch(`${web.url}${path}`, { redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}

const invitation = (token: string, tail = "") => `/invitations/${encodeURIComponent(token)}${tail}`;

describe("the console logs no secrets", () => {
  it("opens the invite and reset pages, reads and redeems through the gateway; neither server logs a secret", async () => {
    const login = await gateway("POST", "/auth/login", { body: ADMIN });
    expect(login.status).toBe(200);
    const admin = secret(login.body.token);

    // A register invite: its page, read and redeemed through the gateway.
    const made = await gateway("POST", "/invites", { token: admin, body: { kind: "register" } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const register = secret(made.body.token);
    expect(made.body.link).toBe(`${web.url}/invite/${register}`);
    expect(await page(`/invite/${register}`)).toBe(200);
    expect((await gateway("GET", invitation(register))).status).toBe(200);
    // Fumbles on the way: a body that is not JSON, a path beyond the token, broken encoding.
    expect((await gateway("POST", invitation(register), { rawBody: "{not json" })).status).toBe(400);
    expect((await gateway("GET", invitation(register, "/x"))).status).toBe(404);
    // Next refuses these itself (a bare 500 today), silently: nothing reaches the API.
    expect((await gateway("GET", invitation(register, "%FF"))).status).toBeGreaterThanOrEqual(400);
    expect(await page(`/invite/${register}%FF`)).toBeGreaterThanOrEqual(400);
    expect(await page(`/invite/${register}/x`)).toBe(404);
    const password = secret("password-chosen-on-the-invite-page");
    const redeemed = await gateway("POST", invitation(register), { body: { username: "invitee", password } });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    const invitee = await gateway("POST", "/auth/login", { body: { username: "invitee", password } });
    expect(invitee.status).toBe(200);
    secret(invitee.body.token);

    // A reset invite for that account: its page, read and redeemed.
    const resetMade = await gateway("POST", "/invites", { token: admin, body: { kind: "reset", targetUsername: "invitee" } });
    expect(resetMade.status, JSON.stringify(resetMade.body)).toBe(201);
    const reset = secret(resetMade.body.token);
    expect(await page(`/reset/${reset}`)).toBe(200);
    expect((await gateway("GET", invitation(reset))).status).toBe(200);
    const newPassword = secret("password-chosen-on-the-reset-page");
    const resetDone = await gateway("POST", invitation(reset), { body: { password: newPassword } });
    expect(resetDone.status, JSON.stringify(resetDone.body)).toBe(200);
    // Spent now: the page still opens, the gateway answers 410.
    expect(await page(`/reset/${reset}`)).toBe(200);
    expect((await gateway("GET", invitation(reset))).status).toBe(410);
    const again = await gateway("POST", "/auth/login", { body: { username: "invitee", password: newPassword } });
    expect(again.status).toBe(200);
    secret(again.body.token);

    // The API down: the gateway says so in the console's output, without the path.
    const unanswered = secret((await gateway("POST", "/invites", { token: admin, body: { kind: "register" } })).body.token);
    await api.close();
    apiClosed = true;
    expect((await gateway("GET", invitation(unanswered))).status).toBe(502);
    expect((await gateway("POST", invitation(unanswered), { body: { username: "late", password } })).status).toBe(502);
    expect(await page(`/invite/${unanswered}`)).toBe(200);

    // Let the console's output reach the pipe.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const output = web.output();
    expect(output).toContain("[console] Steward API unreachable");
    expect(secrets.size).toBe(9);
    const forms = [...new Set([...secrets].flatMap((value) => [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]))];
    const outputLines = output.split("\n");
    const leaks = [
      ...outputLines.flatMap((line) => forms.filter((form) => line.includes(form)).map((form) => `console: ${form} in ${line}`)),
      ...apiLines.flatMap((line) => forms.filter((form) => line.includes(form)).map((form) => `api: ${form} in ${line.trim()}`)),
    ];
    expect(leaks).toEqual([]);

    // The API saw the gateway's requests, and logged their paths by route.
    const invitationPaths = apiLines
      .map((line) => JSON.parse(line) as { msg: string; path?: string })
      .filter((entry) => entry.msg === "request" && entry.path?.startsWith("/api/v1/invitations/"))
      .map((entry) => entry.path);
    expect(invitationPaths.length).toBeGreaterThanOrEqual(7);
    expect(new Set(invitationPaths)).toEqual(new Set(["/api/v1/invitations/:token", "/api/v1/invitations/:token/x"]));
  });
});

/**
 * The address the API records for a request made through the console's
 * gateway (`/api/v1/*`): the per-address sign-in limit and the `ip` of audit
 * events and sessions must be the address the console saw, not whatever the
 * caller wrote in X-Forwarded-For, unless the console is told to trust the
 * proxy in front of it (STEWARD_CONSOLE_TRUST_PROXY).
 *
 * A real API (in-process, in-memory PGlite) and the built console (`next start`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StewardClient } from "@steward/client";
import { startEphemeralServer, type RunningServer } from "@steward/server";
import { embeddedSnapshot, startConsole, type RunningConsole } from "./harness";

const ADMIN = { username: "admin", password: "client-address-e2e-password" };
/** Failed sign-ins allowed per username; the API allows five times as many per address. */
const LOGIN_RATE_LIMIT = 1;
const ADDRESS_LIMIT = LOGIN_RATE_LIMIT * 5;
/** The test (the console's client) connects from here, over IPv4 to 127.0.0.1. */
const REAL_ADDRESS = "127.0.0.1";
/** Every address the tests forge is in these documentation ranges (RFC 5737). */
const FORGED_RANGES = ["203.0.113.", "198.51.100.", "192.0.2."];

interface Stack {
  api: RunningServer;
  web: RunningConsole;
  admin: StewardClient;
}

async function startStack(consoleEnv: Record<string, string> = {}): Promise<Stack> {
  const api = await startEphemeralServer({
    STEWARD_ADMIN_USERNAME: ADMIN.username,
    STEWARD_ADMIN_PASSWORD: ADMIN.password,
    STEWARD_LOGIN_RATE_LIMIT: String(LOGIN_RATE_LIMIT),
  }, { embeddedSnapshot: await embeddedSnapshot() });
  try {
    const admin = new StewardClient({ baseUrl: api.url });
    await admin.login(ADMIN.username, ADMIN.password);
    const web = await startConsole(api.url, consoleEnv);
    return { api, web, admin };
  } catch (error) {
    await api.close();
    throw error;
  }
}

async function stopStack(stack: Stack | undefined) {
  await stack?.web.stop();
  await stack?.api.close();
}

/** POST /api/v1/auth/login through the console, with the given extra headers. */
function signInThroughConsole(web: RunningConsole, username: string, password: string, headers: Record<string, string>) {
  return fetch(`${web.url}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ username, password }),
  });
}

/** The `ip` the API recorded for the session a token belongs to: its audit event and its row. */
async function recordedAddresses(stack: Stack, token: string) {
  const me = await new StewardClient({ baseUrl: stack.api.url, token }).me();
  const sessionId = me.session!.id;
  const events = await stack.admin.auditEvents.list({ action: "session.create", targetId: sessionId });
  expect(events.data).toHaveLength(1);
  const session = await stack.api.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId }, select: { ip: true } });
  return { auditIp: events.data[0]!.ip, sessionIp: session.ip };
}

/** Everything the API stored that can hold an address: audit events, sessions, rate-limit keys. */
async function storedAddressText(stack: Stack): Promise<string> {
  const events = [];
  for await (const event of stack.admin.auditEvents.iterate({})) events.push(event);
  const sessions = await stack.api.db.prisma.session.findMany({ select: { ip: true } });
  const counters = await stack.api.db.prisma.rateLimitCounter.findMany({ select: { key: true } });
  return JSON.stringify({ events, sessions, counters });
}

describe("the gateway, with no proxy trusted (the default)", () => {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stopStack(stack));

  it("records the connecting address, not a forged X-Forwarded-For, for a sign-in", async () => {
    const response = await signInThroughConsole(stack!.web, ADMIN.username, ADMIN.password, {
      "X-Forwarded-For": "203.0.113.7",
      Forwarded: "for=198.51.100.7",
      "X-Real-IP": "192.0.2.7",
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await recordedAddresses(stack!, token)).toEqual({ auditIp: REAL_ADDRESS, sessionIp: REAL_ADDRESS });
  });

  it("counts failed sign-ins against the connecting address, whatever X-Forwarded-For says", async () => {
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      // A new username each time, so only the per-address limit can apply.
      const failed = await signInThroughConsole(stack!.web, `nobody-${i}`, "wrong-password", {
        "X-Forwarded-For": `203.0.113.${10 + i}`,
      });
      expect(failed.status).toBe(401);
    }
    // The right password, from yet another forged address: the real address is spent.
    const blocked = await signInThroughConsole(stack!.web, ADMIN.username, ADMIN.password, {
      "X-Forwarded-For": "203.0.113.99, 198.51.100.99",
    });
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ code: "rate_limit_exceeded", reason: "login_rate_limited" });
  });

  it("stored none of the forged addresses", async () => {
    const stored = await storedAddressText(stack!);
    for (const range of FORGED_RANGES) expect(stored).not.toContain(range);
    expect(stored).toContain(`login:address:${REAL_ADDRESS}`);
  });
});

describe("the gateway, when the console trusts the proxy in front of it", () => {
  let stack: Stack | undefined;
  beforeAll(async () => {
    // The test itself connects from loopback, so it plays the trusted proxy.
    stack = await startStack({ STEWARD_CONSOLE_TRUST_PROXY: "loopback" });
  });
  afterAll(() => stopStack(stack));

  it("records the client address the proxy reported", async () => {
    const response = await signInThroughConsole(stack!.web, ADMIN.username, ADMIN.password, {
      "X-Forwarded-For": "203.0.113.7",
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await recordedAddresses(stack!, token)).toEqual({ auditIp: "203.0.113.7", sessionIp: "203.0.113.7" });
  });

  it("takes the nearest address the trusted proxies did not vouch for, not the first one claimed", async () => {
    // A client behind the proxy sent "X-Forwarded-For: 198.51.100.1"; the proxy appended the client's address.
    const response = await signInThroughConsole(stack!.web, ADMIN.username, ADMIN.password, {
      "X-Forwarded-For": "198.51.100.1, 203.0.113.8",
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await recordedAddresses(stack!, token)).toEqual({ auditIp: "203.0.113.8", sessionIp: "203.0.113.8" });
  });
});

describe("STEWARD_CONSOLE_TRUST_PROXY", () => {
  let api: RunningServer | undefined;
  beforeAll(async () => {
    api = await startEphemeralServer({}, { embeddedSnapshot: await embeddedSnapshot() });
  });
  afterAll(() => api?.close());

  it.each([
    ["true", /STEWARD_CONSOLE_TRUST_PROXY=true would trust any caller's X-Forwarded-For/],
    ["2", /STEWARD_CONSOLE_TRUST_PROXY=2 would trust any caller's X-Forwarded-For/],
    ["loopback, 10.0.0.300", /STEWARD_CONSOLE_TRUST_PROXY: invalid IP address: 10\.0\.0\.300/],
  ])("stops the console when set to %j", async (setting, message) => {
    await expect(startConsole(api!.url, { STEWARD_CONSOLE_TRUST_PROXY: setting })).rejects.toThrow(
      new RegExp(`exited with code 1:[\\s\\S]*${message.source}`),
    );
  });
});

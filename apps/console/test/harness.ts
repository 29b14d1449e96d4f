import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { StewardClient } from "@steward/client";
import { startEphemeralServer, type Clock, type RunningServer } from "@steward/server";
import { launchBrowser, signIn, watchedContext } from "./browser";
import { CONSOLE_DIR } from "./env";
import { readEmbeddedSnapshot } from "../../../tooling/testing/embedded-snapshot.ts";

/** The run's migrated embedded database (global-setup.ts) for an API on `pglite:memory`: `startEphemeralServer(env, { embeddedSnapshot: await embeddedSnapshot() })`. */
export function embeddedSnapshot(): Promise<Blob> | undefined {
  return readEmbeddedSnapshot(inject("embeddedSnapshotFile"));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningConsole {
  url: string;
  /** Everything `next start` printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the built console (`next start`) against an API and waits until it
 * answers. `env` adds console settings (e.g. STEWARD_CONSOLE_TRUST_PROXY).
 * `port` is where it listens (default: a free one); pass one chosen with
 * `freePort()` when the API must know the console's address beforehand
 * (STEWARD_PUBLIC_URL, for invite links).
 */
export async function startConsole(
  apiUrl: string,
  env: Record<string, string> = {},
  options: { port?: number } = {},
): Promise<RunningConsole> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  let log = "";
  // The console's own settings come only from `env`, never from the shell running the tests.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("STEWARD_CONSOLE_")));
  const child: ChildProcess = spawn(process.execPath, [nextBin, "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: CONSOLE_DIR,
    env: { ...inherited, ...env, STEWARD_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so stop() also ends anything it forks
  });
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      child.kill("SIGTERM");
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/login`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer on ${url} within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => log, stop };
}

export interface SignedInConsole {
  api: RunningServer;
  web: RunningConsole;
  browser: Browser;
  /** The operator's page, signed in to the console. */
  page: Page;
  /** The same operator, straight at the API. */
  sdk: StewardClient;
}

/**
 * For the calling test file or describe block: before its tests, an API
 * (in-process, in-memory PGlite; `env` adds settings, `clock` replaces the
 * services' clock) whose invite links lead to the console (STEWARD_PUBLIC_URL),
 * the built console on it, Chromium, and `admin` signed in to both; all
 * stopped after its tests. The page's errors and CSP violations land in
 * `errors`, but for the statuses in `expectedStatuses`. The fields are filled
 * in when the tests run; read them there.
 */
export function signedInConsole(options: {
  admin: { username: string; password: string };
  errors: string[];
  env?: Record<string, string>;
  clock?: Clock;
  expectedStatuses?: number[];
}): SignedInConsole {
  const { admin, errors, env = {}, clock, expectedStatuses } = options;
  const stack = {} as SignedInConsole;
  beforeAll(async () => {
    // Both addresses are chosen first, so the three start at once: the API must know the
    // console's address (it makes the links), the console the API's.
    const [consolePort, apiPort] = await Promise.all([freePort(), freePort()]);
    const apiEnv = {
      PORT: String(apiPort),
      STEWARD_ADMIN_USERNAME: admin.username,
      STEWARD_ADMIN_PASSWORD: admin.password,
      STEWARD_PUBLIC_URL: `http://127.0.0.1:${consolePort}`,
      ...env,
    };
    [stack.api, stack.web, stack.browser] = await Promise.all([
      embeddedSnapshot()!.then((snapshot) => startEphemeralServer(apiEnv, { clock, embeddedSnapshot: snapshot })),
      startConsole(`http://127.0.0.1:${apiPort}`, {}, { port: consolePort }),
      launchBrowser(),
    ]);
    stack.sdk = new StewardClient({ baseUrl: stack.api.url });
    await stack.sdk.login(admin.username, admin.password);
    stack.page = await (await watchedContext(stack.browser, errors, expectedStatuses)).newPage();
    await signIn(stack.page, stack.web.url, admin.username, admin.password);
  });
  afterAll(async () => {
    await stack.browser?.close().catch(() => undefined);
    await stack.web?.stop();
    await stack.api?.close();
  });
  return stack;
}

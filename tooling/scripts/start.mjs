#!/usr/bin/env node
// `pnpm start`: runs the Steward API and the console together.
//
// The root script builds first (`turbo run build --filter=@steward/console...`),
// then runs this file, which
//   1. starts the API (`pnpm --filter @steward/server start`) with this
//      environment (PORT, HOST, DATABASE_URL, STEWARD_ADMIN_*, ...),
//   2. waits until its /readyz answers,
//   3. starts the console (`next start`) on STEWARD_CONSOLE_PORT with
//      STEWARD_API_URL pointing at that API,
//   4. prints both addresses, forwards SIGINT/SIGTERM to both, and exits as
//      soon as either one stops (stopping the other).
//
// Environment (all optional):
//   PORT                  API port (default 4000; must be a fixed port here)
//   HOST                  API bind address (default 0.0.0.0)
//   STEWARD_CONSOLE_PORT  console port (default 3000)
//   STEWARD_CONSOLE_HOST  console bind address (default: all interfaces)
//   STEWARD_READY_TIMEOUT seconds to wait for each process (default 120)
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const consoleDir = path.join(root, "apps/console");

const apiPort = Number(process.env.PORT || 4000);
const apiHost = process.env.HOST || "0.0.0.0";
const consolePort = Number(process.env.STEWARD_CONSOLE_PORT || 3000);
const consoleHost = process.env.STEWARD_CONSOLE_HOST || "";
const readyTimeoutMs = Number(process.env.STEWARD_READY_TIMEOUT || 120) * 1000;

const isWildcard = (host) => !host || host === "0.0.0.0" || host === "::" || host === "[::]";
const urlHost = (host) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
// Where this machine reaches each process, and what to show a person.
const apiLocal = `http://${isWildcard(apiHost) ? "127.0.0.1" : urlHost(apiHost)}:${apiPort}`;
const apiShown = `http://${isWildcard(apiHost) ? "localhost" : urlHost(apiHost)}:${apiPort}`;
const consoleLocal = `http://${isWildcard(consoleHost) ? "127.0.0.1" : urlHost(consoleHost)}:${consolePort}`;
const consoleShown = `http://${isWildcard(consoleHost) ? "localhost" : urlHost(consoleHost)}:${consolePort}`;

function say(message) {
  process.stdout.write(`[steward] ${message}\n`);
}
function fail(message) {
  process.stderr.write(`[steward] ${message}\n`);
}

if (!Number.isInteger(apiPort) || apiPort <= 0 || apiPort > 65535) {
  fail(`PORT must be a port number from 1 to 65535 (got ${JSON.stringify(process.env.PORT)})`);
  process.exit(2);
}
if (!Number.isInteger(consolePort) || consolePort <= 0 || consolePort > 65535) {
  fail(`STEWARD_CONSOLE_PORT must be a port number from 1 to 65535 (got ${JSON.stringify(process.env.STEWARD_CONSOLE_PORT)})`);
  process.exit(2);
}
if (consolePort === apiPort) {
  fail(`The API and the console cannot share port ${apiPort}; set PORT or STEWARD_CONSOLE_PORT`);
  process.exit(2);
}
if (!existsSync(path.join(consoleDir, ".next", "BUILD_ID"))) {
  fail("The console is not built: run `pnpm --filter @steward/console build` (or `pnpm start` from the repository root).");
  process.exit(1);
}

/** @type {{ name: string, child: import("node:child_process").ChildProcess, exited: Promise<{code: number|null, signal: string|null}> }[]} */
const children = [];
let stopping = false;

function launch(name, command, args, options) {
  // Each child leads its own process group, so a signal reaches everything it
  // runs (pnpm -> tsx -> node), and a terminal's Ctrl-C reaches them once, through us.
  const child = spawn(command, args, { stdio: "inherit", detached: true, ...options });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  child.once("error", (error) => {
    fail(`${name} could not start: ${error.message}`);
    void shutdown(1);
  });
  const entry = { name, child, exited };
  children.push(entry);
  void exited.then(({ code, signal }) => {
    if (stopping) return;
    fail(`${name} stopped (${signal ? `signal ${signal}` : `exit code ${code}`}); stopping the rest`);
    void shutdown(code === 0 ? 1 : code ?? 1);
  });
  return entry;
}

function signalGroup(entry, signal) {
  const { child } = entry;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

async function shutdown(exitCode, signal = "SIGTERM") {
  if (stopping) return;
  stopping = true;
  for (const entry of children) signalGroup(entry, signal);
  // The API lets requests in flight finish (up to 10 s); do not wait forever.
  const killer = setTimeout(() => {
    for (const entry of children) signalGroup(entry, "SIGKILL");
  }, 15_000);
  killer.unref();
  await Promise.all(children.map((entry) => entry.exited));
  clearTimeout(killer);
  process.exit(exitCode);
}

process.on("SIGINT", () => void shutdown(0, "SIGINT"));
process.on("SIGTERM", () => void shutdown(0, "SIGTERM"));
process.on("SIGHUP", () => void shutdown(0, "SIGTERM"));
// A supervisor (or `timeout`) with no terminal signals `pnpm`, which may end
// without passing the signal on; our children lead their own process groups,
// so nothing else would stop them. When whoever started us is gone, stop too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown(0, "SIGTERM");
}, 500).unref();

async function waitUntilUp(name, url, entry) {
  const deadline = Date.now() + readyTimeoutMs;
  while (!stopping) {
    if (entry.child.exitCode !== null || entry.child.signalCode !== null) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      fail(`${name} did not become ready at ${url} within ${readyTimeoutMs / 1000} s`);
      await shutdown(1);
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main() {
  say(`starting the API on ${apiShown} ...`);
  const pnpm = process.platform === "win32" ? "pnpm.cmd" : "pnpm";
  const api = launch("the API", pnpm, ["--silent", "--filter", "@steward/server", "start"], {
    cwd: root,
    // Invite and reset links point at the console's public pages unless told otherwise.
    env: { STEWARD_PUBLIC_URL: consoleShown, ...process.env, PORT: String(apiPort), HOST: apiHost },
  });
  // When a wait fails, the child's exit handler (or the timeout) ends the process.
  if (!(await waitUntilUp("the API", `${apiLocal}/readyz`, api))) return;

  say(`API ready; starting the console on ${consoleShown} ...`);
  const nextBin = createRequire(path.join(consoleDir, "package.json")).resolve("next/dist/bin/next");
  const consoleEnv = { ...process.env, STEWARD_API_URL: apiLocal, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  delete consoleEnv.PORT;
  delete consoleEnv.HOST;
  const consoleArgs = [nextBin, "start", "--port", String(consolePort)];
  if (consoleHost) consoleArgs.push("--hostname", consoleHost);
  const web = launch("the console", process.execPath, consoleArgs, { cwd: consoleDir, env: consoleEnv });
  if (!(await waitUntilUp("the console", `${consoleLocal}/login`, web))) return;

  process.stdout.write(
    [
      "",
      "  Steward is running",
      `    Console  ${consoleShown}`,
      `    API      ${apiShown}/api/v1   (reference: ${apiShown}/api/v1/docs)`,
      "  Press Ctrl-C to stop both.",
      "",
      "",
    ].join("\n"),
  );
}

await main();

import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { CONSOLE_DIR } from "./env";

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

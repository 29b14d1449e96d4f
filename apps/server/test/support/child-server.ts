import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildServer {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (JSON log lines). */
  output(): string;
  /** The base URL once it logs that it listens (e.g. `http://127.0.0.1:40123`); null if it exits first. */
  listening: Promise<string | null>;
  /** Resolves once the process has ended. */
  exited: Promise<Exit>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Runs the server in its own process, as `pnpm start` would (signals, exit
 * codes, stdout): the run's bundle of the sources (global-setup.ts), on a
 * free port of 127.0.0.1.
 */
export function launchChildServer(env: Record<string, string>): ChildServer {
  const child = spawn(process.execPath, ["--enable-source-maps", path.join(inject("serverBundleDir"), "main.js")], {
    cwd: serverDir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", STEWARD_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const listening = new Promise<string | null>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      log += chunk.toString();
      const match = /"msg":"steward listening"[^\n]*"url":"([^"]+)"/.exec(log);
      if (match) resolve(match[1]!);
    });
    child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    void exited.then(() => resolve(null));
  });
  return { child, output: () => log, listening, exited, kill: (signal = "SIGTERM") => void child.kill(signal) };
}

/** Launches a server and waits until it listens; fails with its output if it does not within `timeoutMs`. */
export async function startChildServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ChildServer & { url: string }> {
  const server = launchChildServer(env);
  let timer: NodeJS.Timeout | undefined;
  const url = await Promise.race([
    server.listening,
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!url) {
    server.kill("SIGKILL");
    throw new Error(`server did not start listening:\n${server.output()}`);
  }
  return { ...server, url };
}

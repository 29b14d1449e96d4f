import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServerProcessOptions {
  repoRoot: string;
  databaseUrl: string;
  port: number;
  adminUsername: string;
  adminPassword: string;
  /** DATABASE_POOL_SIZE; undefined keeps the server's default. */
  poolSize?: number;
  /** Extra node flags for the server (experiments: `--import ./preload.mjs`, V8 flags, ...). */
  nodeArgs?: string[];
  /** Directory for a V8 CPU profile (node --cpu-prof), written when the process exits. */
  cpuProfileDir?: string;
  /** More environment variables (e.g. the sign-in limit the bench raises). */
  extraEnv?: Record<string, string>;
  log: (line: string) => void;
}

/** A server run as a child process: started, awaited on `/readyz`, stopped with SIGTERM; its pid is what RSS and CPU are read from. */
abstract class ChildServer {
  readonly url: string;
  private child: ChildProcess | undefined;
  private output: string[] = [];
  private exited: Promise<number | null> | undefined;

  constructor(
    readonly port: number,
    private readonly what: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.what} is not running`);
    return this.child.pid;
  }

  /** The last lines the server wrote, for error messages. */
  tail(lines = 30): string {
    return this.output.slice(-lines).join("\n");
  }

  protected abstract command(): { args: string[]; cwd: string; env: NodeJS.ProcessEnv };

  async start(timeoutMs = 60_000): Promise<void> {
    const { args, cwd, env } = this.command();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        this.output.push(line);
        if (this.output.length > 200) this.output.shift();
      }
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));

    const deadline = Date.now() + timeoutMs;
    let exitCode: number | null | undefined;
    void this.exited.then((code) => (exitCode = code));
    for (;;) {
      if (exitCode !== undefined) throw new Error(`${this.what} exited (code ${exitCode}) before it was ready:\n${this.tail()}`);
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`${this.what} not ready after ${timeoutMs / 1000} s:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** SIGTERM (the server drains and exits, writing its CPU profile if any); SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/**
 * One real Steward server, run as production runs it: `node dist/main.js`
 * in apps/server (built by `buildServer` first), so the child's pid is the
 * server's own (no pnpm wrapper process between), which is what RSS and CPU
 * are read from.
 */
export class ServerProcess extends ChildServer {
  constructor(private readonly opts: ServerProcessOptions) {
    super(opts.port, "server");
  }

  protected command() {
    const nodeArgs = [...PRODUCTION_NODE_ARGS, ...(this.opts.nodeArgs ?? [])];
    if (this.opts.cpuProfileDir) {
      mkdirSync(this.opts.cpuProfileDir, { recursive: true });
      nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${this.opts.cpuProfileDir}`);
    }
    return { args: [...nodeArgs, "dist/main.js"], cwd: path.join(this.opts.repoRoot, "apps/server"), env: stewardServerEnv(this.opts) };
  }
}

/**
 * What `pnpm start` gives the server besides `node dist/main.js` (its start
 * script in apps/server/package.json; README, "Memory"): the bench measures
 * the server as it is run. Keep the two the same.
 */
const PRODUCTION_NODE_ARGS = ["--max-semi-space-size=8"];
const PRODUCTION_ENV = { MALLOC_MMAP_THRESHOLD_: "131072" };

/** The environment the bench runs Steward with (also what the argon2 bound reads its parameters from). */
export function stewardServerEnv(opts: Pick<ServerProcessOptions, "databaseUrl" | "port" | "adminUsername" | "adminPassword" | "poolSize" | "extraEnv">): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    ...PRODUCTION_ENV,
    DATABASE_URL: opts.databaseUrl,
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    STEWARD_LOG_LEVEL: "warn",
    STEWARD_ADMIN_USERNAME: opts.adminUsername,
    STEWARD_ADMIN_PASSWORD: opts.adminPassword,
    // No load balancer to tell: stop without the readiness grace period.
    STEWARD_SHUTDOWN_GRACE_SECONDS: "0",
    ...opts.extraEnv,
  };
  if (opts.poolSize !== undefined) env.DATABASE_POOL_SIZE = String(opts.poolSize);
  return env;
}

export interface FloorProcessOptions {
  databaseUrl: string;
  port: number;
  /** pg.Pool size; the same as Steward's pool. */
  poolSize: number;
}

/**
 * The stack's floor: src/floor-server.mjs (bare Express 5 + pg, no auth), run
 * with plain `node` and NODE_ENV=production like the server.
 */
export class FloorProcess extends ChildServer {
  constructor(private readonly opts: FloorProcessOptions) {
    super(opts.port, "floor server");
  }

  protected command() {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
    ...PRODUCTION_ENV,
      DATABASE_URL: this.opts.databaseUrl,
      PORT: String(this.opts.port),
      HOST: "127.0.0.1",
      DATABASE_POOL_SIZE: String(this.opts.poolSize),
    };
    return { args: [path.join(here, "floor-server.mjs")], cwd: path.resolve(here, ".."), env };
  }
}

/** Builds apps/server/dist from the current sources, so the bench measures this tree. */
export function buildServer(repoRoot: string): void {
  const result = spawnSync(process.execPath, ["build.mjs"], { cwd: path.join(repoRoot, "apps/server"), encoding: "utf8" });
  if (result.status !== 0) throw new Error(`building the server failed:\n${result.stdout}\n${result.stderr}`);
}

/** Resolves when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports starting at `from` or above. */
export async function freePorts(from: number, count: number): Promise<number[]> {
  for (let start = from; start < from + 200; start++) {
    let ok = true;
    for (let p = start; p < start + count; p++) {
      if (!(await portIsFree(p))) {
        ok = false;
        break;
      }
    }
    if (ok) return Array.from({ length: count }, (_, i) => start + i);
  }
  throw new Error(`no ${count} free consecutive ports from ${from}`);
}

export interface ApiSession {
  token: string;
  apiKey: string;
  apiKeyId: string;
}

async function call<T>(url: string, init: RequestInit, what: string): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** Signs in as the admin and creates an API key that can only read users. */
export async function createApiKey(baseUrl: string, username: string, password: string): Promise<ApiSession> {
  const login = await call<{ token: string }>(
    `${baseUrl}/api/v1/auth/login`,
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) },
    "sign-in as the admin (POST /api/v1/auth/login)",
  );
  const key = await call<{ id: string; key: string }>(
    `${baseUrl}/api/v1/api-keys`,
    {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ name: `bench ${new Date().toISOString()}`, permissions: ["users:read"] }),
    },
    "create an API key (POST /api/v1/api-keys)",
  );
  return { token: login.token, apiKey: key.key, apiKeyId: key.id };
}

/** Revokes the bench's key and ends its session, so reruns do not pile up live credentials. */
export async function cleanUpApiSession(baseUrl: string, session: ApiSession): Promise<void> {
  const headers = { authorization: `Bearer ${session.token}` };
  await fetch(`${baseUrl}/api/v1/api-keys/${session.apiKeyId}`, { method: "DELETE", headers }).catch(() => {});
  await fetch(`${baseUrl}/api/v1/auth/logout`, { method: "POST", headers }).catch(() => {});
}

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Argon2BoundResult } from "./argon2-bound.ts";
import { SEED_PASSWORD } from "./data.ts";
import { LOGIN_USER_AGENT } from "./scenarios.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Argon2Bound extends Argon2BoundResult {
  /** CPU cores the verifications kept busy (CPU per verification x verifications per second). */
  coresUsed: number;
}

/**
 * Runs src/argon2-bound.ts as a child process with the server's environment
 * (so its libuv pool has the size the server's has) and the server's argon2
 * parameters, and returns the verifications per second it reached.
 */
export async function measureArgon2Bound(opts: {
  env: NodeJS.ProcessEnv;
  params: { memoryCost: number; timeCost: number; parallelism: number };
  seconds: number;
  warmupSeconds: number;
}): Promise<Argon2Bound> {
  // The server queues one verification per sign-in in flight on libuv's pool: its size is how many run at once.
  const concurrency = Number(opts.env.UV_THREADPOOL_SIZE) || 4;
  const input = { params: opts.params, seconds: opts.seconds, warmupSeconds: opts.warmupSeconds, concurrency, password: SEED_PASSWORD };
  const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "argon2-bound.ts"), JSON.stringify(input)], {
    cwd: path.resolve(here, ".."),
    env: { ...opts.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  const line = out.split("\n").find((l) => l.startsWith("ARGON2_BOUND "));
  if (code !== 0 || !line) throw new Error(`measuring the argon2 bound failed (exit ${code}):\n${out}\n${err}`);
  const result = JSON.parse(line.slice("ARGON2_BOUND ".length)) as Argon2BoundResult;
  return { ...result, coresUsed: Math.round(((result.cpuMsPerVerification * result.perSecond) / 1000) * 100) / 100 };
}

/**
 * Deletes the sessions the login scenario created (every one carries its
 * user agent), so runs do not pile up live sessions; their audit records and
 * the users' last-login times stay, as after any sign-in.
 */
export async function endBenchSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query("DELETE FROM sessions WHERE user_agent = $1", [LOGIN_USER_AGENT]);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}

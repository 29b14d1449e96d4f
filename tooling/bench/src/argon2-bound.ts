/**
 * The argon2 bound of sign-in on this machine: how many password
 * verifications per second the server's own hasher can do, run the way the
 * server runs it. Started by the bench as a child process (its own libuv
 * pool, the server's environment); prints one `ARGON2_BOUND {json}` line.
 *
 *   node --import tsx src/argon2-bound.ts '<json: { params, seconds, warmupSeconds, concurrency, password }>'
 *
 * The server verifies with @node-rs/argon2's async `verify`
 * (apps/server/src/services/kernel/secrets.ts), which runs on libuv's thread
 * pool (UV_THREADPOOL_SIZE threads, 4 by default): every sign-in in flight
 * queues one verification there. So this keeps `concurrency` verifications
 * in flight (the pool size the server gets) through the same functions, of
 * a hash made by the same functions with the server's parameters.
 */
import os from "node:os";
import { hashPassword, verifyPassword } from "../../../apps/server/src/services/kernel/secrets.ts";

interface BoundInput {
  params: { memoryCost: number; timeCost: number; parallelism: number };
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  password: string;
}

export interface Argon2BoundResult {
  params: BoundInput["params"];
  concurrency: number;
  threadpoolSize: number;
  cores: number;
  seconds: number;
  verifications: number;
  perSecond: number;
  /** CPU of this process (all its threads) per verification. */
  cpuMsPerVerification: number;
  /** One hash with the same parameters, single, for reference. */
  hashMs: number;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? "{}") as BoundInput;
  const t0 = performance.now();
  const hash = await hashPassword(input.password, input.params);
  const hashMs = performance.now() - t0;
  if (!(await verifyPassword(hash, input.password))) throw new Error("the server's hasher does not verify its own hash");

  const loop = async (until: number, counter: { n: number }) => {
    while (performance.now() < until) {
      if (!(await verifyPassword(hash, input.password))) throw new Error("verification failed");
      counter.n++;
    }
  };
  const run = async (seconds: number) => {
    const counter = { n: 0 };
    const until = performance.now() + seconds * 1000;
    await Promise.all(Array.from({ length: input.concurrency }, () => loop(until, counter)));
    return counter.n;
  };
  if (input.warmupSeconds > 0) await run(input.warmupSeconds);

  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const verifications = await run(input.seconds);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const result: Argon2BoundResult = {
    params: input.params,
    concurrency: input.concurrency,
    threadpoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4,
    cores: os.availableParallelism(),
    seconds: Math.round(seconds * 1000) / 1000,
    verifications,
    perSecond: Math.round((verifications / seconds) * 10) / 10,
    cpuMsPerVerification: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, verifications)) * 100) / 100,
    hashMs: Math.round(hashMs * 100) / 100,
  };
  process.stdout.write(`ARGON2_BOUND ${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`argon2 bound failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

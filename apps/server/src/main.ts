import v8 from "node:v8";
import { loadConfig, type Config } from "./config.ts";
import { createLogger } from "./lib/logger.ts";
import { startServer } from "./server.ts";

/** See tuneV8. */
const HEAP_GROWING_PERCENT = 50;

const config = loadConfig();
const log = createLogger(config.logLevel);
tuneV8(config);

try {
  const server = await startServer(config, { log });
  const admin = server.bootstrap.createdAdmin;
  if (admin?.generated) {
    // Printed once, on the start that created the account; never logged again.
    process.stdout.write(
      `\n  First administrator created.\n    username: ${admin.username}\n    password: ${admin.password}\n  Keep it now: it is not shown again (set STEWARD_ADMIN_PASSWORD to choose it).\n\n`,
    );
  } else if (admin) {
    log.info("first administrator created from STEWARD_ADMIN_USERNAME/STEWARD_ADMIN_PASSWORD", { username: admin.username });
  }
  const { graceSeconds, timeoutSeconds } = config.shutdown;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    // Repeats are ignored: npm and pnpm forward the terminal's Ctrl-C, so one press arrives twice.
    if (stopping) return;
    stopping = true;
    log.info("shutting down: readiness says shutting_down, then the listener closes", { signal, graceSeconds, timeoutSeconds });
    const { cutConnections } = await server
      .close({ graceMs: graceSeconds * 1000, timeoutMs: timeoutSeconds * 1000 })
      .catch((error: unknown) => {
        log.error("shutdown failed", { err: error });
        process.exit(1);
      });
    if (cutConnections > 0) {
      log.warn("shutdown timed out: connections cut with requests in flight", { cutConnections, timeoutSeconds });
      process.exit(1);
    }
    log.info("shut down: every request answered");
    process.exit(0);
  };
  process.on("SIGINT", (signal) => void stop(signal));
  process.on("SIGTERM", (signal) => void stop(signal));
  // Only once the signals are handled: whoever waits for this line may stop us right after.
  log.info("steward listening", { url: server.url, docs: `${server.url}/api/v1/docs` });
} catch (error) {
  log.error("failed to start", { err: error });
  process.exit(1);
}

/**
 * V8 settings that cut the server's memory at no cost in speed (README,
 * "Memory"), set here rather than on the command line so that they hold
 * however the server is started (`node dist/main.js`, `pnpm start`, a
 * container's own command). Both are read by V8 when it uses them (compiling
 * WebAssembly, sizing the heap after a full GC), so setting them before the
 * database is opened is in time. A flag given on the command line wins.
 * - `--liftoff-only`, on PostgreSQL, where the only WebAssembly is Prisma's
 *   query compiler: V8 otherwise re-compiles its hot functions with its
 *   optimizing compiler on worker threads, whose freed memory (~75 MiB) glibc
 *   keeps in per-thread arenas for good. Prisma caches each query's plan, so
 *   the compiler runs once per query shape: measured, the optimized code
 *   saved no CPU. On PGlite the database engine itself is WebAssembly, hot on
 *   every query: there the optimizing compiler stays.
 * - `--heap-growing-percent`: after a full GC the old generation may grow by
 *   this share of what survived before the next one; V8's default on a
 *   machine with gigabytes of memory lets it grow up to 4x, which is most of
 *   the peak under load. What survives is ~40 MiB, so a full GC comes every
 *   ~20 MiB promoted: measured, no change in CPU per request.
 */
function tuneV8(config: Pick<Config, "databaseUrl">): void {
  const given = new Set([...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)].map((flag) => flag.replace(/^--(no-)?/, "").split("=")[0]!.replaceAll("_", "-")));
  const flags: string[] = [];
  if (/^postgres(ql)?:\/\//.test(config.databaseUrl?.trim() ?? "") && !given.has("liftoff-only")) flags.push("--liftoff-only");
  if (!given.has("heap-growing-percent")) flags.push(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  if (flags.length) v8.setFlagsFromString(flags.join(" "));
}

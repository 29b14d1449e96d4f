import { loadConfig } from "./config.ts";
import { createLogger } from "./lib/logger.ts";
import { startServer } from "./server.ts";

const config = loadConfig();
const log = createLogger(config.logLevel);

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

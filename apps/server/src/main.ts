import { loadConfig } from "./config.ts";
import { createLogger } from "./lib/logger.ts";
import { startServer } from "./server.ts";

const config = loadConfig();
const log = createLogger(config.logLevel);

try {
  const server = await startServer(config, log);
  const admin = server.bootstrap.createdAdmin;
  if (admin?.generated) {
    // Printed once, on the start that created the account; never logged again.
    process.stdout.write(
      `\n  First administrator created.\n    username: ${admin.username}\n    password: ${admin.password}\n  Keep it now: it is not shown again (set STEWARD_ADMIN_PASSWORD to choose it).\n\n`,
    );
  } else if (admin) {
    log.info("first administrator created from STEWARD_ADMIN_USERNAME/STEWARD_ADMIN_PASSWORD", { username: admin.username });
  }
  log.info("steward listening", { url: server.url, docs: `${server.url}/api/v1/docs` });

  const stop = async (signal: string) => {
    log.info("shutting down", { signal });
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  log.error("failed to start", { err: error });
  process.exit(1);
}

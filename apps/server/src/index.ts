export { startServer, type RunningServer } from "./server.ts";
export { startEphemeralServer } from "./ephemeral.ts";
export { loadConfig, type Config } from "./config.ts";
export { createLogger } from "./lib/logger.ts";

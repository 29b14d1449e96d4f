export { startServer, type RunningServer, type StartOptions } from "./server.ts";
export { startEphemeralServer } from "./ephemeral.ts";
export { loadConfig, type Config } from "./config.ts";
export { createLogger } from "./lib/logger.ts";
export { ManualClock, type Clock } from "./services/kernel/clock.ts";
// For test runs that start many in-memory servers: one migrated database they start from (StartOptions.embeddedSnapshot).
export { migratedEmbeddedSnapshot } from "@steward/db";

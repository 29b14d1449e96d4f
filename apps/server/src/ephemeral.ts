import { loadConfig } from "./config.ts";
import { startServer, type RunningServer, type StartOptions } from "./server.ts";

/**
 * A throwaway server for tests and examples: in-memory PGlite, a free port on
 * 127.0.0.1, no logs. `env` overrides any setting (e.g. STEWARD_ADMIN_PASSWORD,
 * or DATABASE_URL for a real PostgreSQL).
 */
export function startEphemeralServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer> {
  return startServer(
    loadConfig({
      DATABASE_URL: "pglite:memory",
      PORT: "0",
      HOST: "127.0.0.1",
      STEWARD_LOG_LEVEL: "silent",
      ...env,
    }),
    options,
  );
}

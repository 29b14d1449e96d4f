/**
 * The server's own configuration reader (apps/server/src/config.ts), so the
 * bench takes the values it compares against (argon2 cost, pool size) from
 * the server's defaults and the environment the bench gives the server,
 * never from copies.
 */
import { loadConfig } from "../../../apps/server/src/config.ts";

export interface StewardSettingsSeen {
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  databasePoolSize: number;
  loginRateLimit: number;
}

/** What the server will run with under `env` (the environment the bench starts it with). */
export function stewardSettings(env: NodeJS.ProcessEnv): StewardSettingsSeen {
  const config = loadConfig(env);
  return { argon2: config.argon2, databasePoolSize: config.databasePoolSize, loginRateLimit: config.loginRateLimit };
}

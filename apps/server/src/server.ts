import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { openDatabase, type Database } from "@steward/db";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { bootstrap, type BootstrapResult } from "./services/bootstrap.ts";
import type { Deps } from "./services/context.ts";
import { ACCESS_CHANGED_CHANNEL, CredentialCache } from "./services/credential-cache.ts";

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  db: Database;
  bootstrap: BootstrapResult;
  /** Stops taking requests, lets the ones in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and makes sure an admin exists. */
async function openAndPrepareDatabase(config: Config, log: Logger): Promise<{ db: Database; boot: BootstrapResult }> {
  const db = await openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  try {
    log.info("database opened", { kind: db.kind, location: db.location });
    const { applied } = await db.migrate();
    if (applied.length) log.info("migrations applied", { applied });
    return { db, boot: await bootstrap({ db: db.prisma, config }) };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

/** Opens and prepares the database, then listens. */
export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const { db, boot } = await openAndPrepareDatabase(config, log);
  const credentials = new CredentialCache(config.credentialCacheTtlSeconds * 1000);
  if (credentials.enabled) {
    await db.listen(ACCESS_CHANGED_CHANNEL, () => credentials.clear(), () => {
      credentials.clear();
      log.warn("access-change channel interrupted; credential cache cleared", { channel: ACCESS_CHANGED_CHANNEL });
    });
  }
  const deps: Deps = { db: db.prisma, sql: db.sql, credentials, config, log };

  let shuttingDown = false;
  const app = createApp(deps, { isShuttingDown: () => shuttingDown });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  server.keepAliveTimeout = 65_000;
  const address = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    db,
    bootstrap: boot,
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // Requests still running after 10 s are cut so shutdown always ends.
          setTimeout(() => server.closeAllConnections(), 10_000).unref();
        });
        await db.close();
      })();
      return closing;
    },
  };
}

import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { openDatabase, type Database } from "@steward/db";
import { createApp } from "./app.ts";
import type { Config } from "./config.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { bootstrap, type BootstrapResult } from "./services/bootstrap.ts";

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  db: Database;
  bootstrap: BootstrapResult;
  /** Stops taking requests, lets the ones in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Opens the database, migrates it, makes sure an admin exists and listens. */
export async function startServer(config: Config, log: Logger = createLogger(config.logLevel)): Promise<RunningServer> {
  const db = await openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  log.info("database opened", { kind: db.kind, location: db.location });
  const { applied } = await db.migrate();
  if (applied.length) log.info("migrations applied", { applied });
  const deps = { db: db.prisma, config, log };
  const boot = await bootstrap(deps);

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

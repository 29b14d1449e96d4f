import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { openDatabase, type Database } from "@steward/db";
import { createApp } from "./app.ts";
import { isLongUpload } from "./http/shared/streamed-bodies.ts";
import { mailDelivery, serviceSettings, type Config } from "./config.ts";
import { createLogger, type Logger } from "./lib/logger.ts";
import { smtpTransport } from "./lib/mail-transport.ts";
import { loadKeyring } from "./secret-key.ts";
import { bootstrap, type BootstrapResult } from "./services/bootstrap.ts";
import { systemClock, type Clock } from "./services/kernel/clock.ts";
import type { Caller, Deps } from "./services/kernel/context.ts";
import { CredentialCache } from "./services/kernel/credential-cache.ts";
import { ACCESS_CHANGED_CHANNEL } from "./services/kernel/mutate.ts";
import { startMailWorker, type MailWorker } from "./services/mail/worker.ts";
import { checkSealedKeys, resealSecrets } from "./services/maintenance/reseal-secrets.ts";

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:4000`. */
  url: string;
  db: Database;
  /** What this server's services use: in-process callers (tests, tools) build their contexts from it. */
  deps: Deps;
  bootstrap: BootstrapResult;
  /**
   * Drains, then stops: readiness says `shutting_down` for the grace period
   * while requests are still served, each with `Connection: close`; then the
   * listener closes, requests in flight finish (cut after the timeout), idle
   * connections close, and the database closes.
   */
  close(options?: ShutdownOptions): Promise<ShutdownResult>;
}

export interface ShutdownOptions {
  /** How long to keep serving while readiness says `shutting_down`, so load balancers stop sending; default 0. */
  graceMs?: number;
  /** Then how long requests in flight may take before their connections are cut; default 10 s. */
  timeoutMs?: number;
}

export interface ShutdownResult {
  /** Connections still open when the timeout ran out, closed mid-request. */
  cutConnections: number;
}

export interface StartOptions {
  log?: Logger;
  /** The clock services read; tests pass one they can move. */
  clock?: Clock;
  /**
   * For an in-memory embedded database (`pglite:memory`) only: the migrated
   * database it starts from (`migratedEmbeddedSnapshot()` of @steward/db),
   * so that tests starting many servers run initdb and the migrations once.
   */
  embeddedSnapshot?: Blob;
}

/**
 * Opens the database, loads the keys that seal secrets in it, applies pending
 * migrations, re-seals what older keys sealed, and builds what services use:
 * what the server and the `steward` command (cli/) both start from.
 */
export async function openServices(
  config: Config,
  log: Logger,
  clock: Clock = systemClock,
  embeddedSnapshot?: Blob,
): Promise<{ db: Database; deps: Deps; resealed: number }> {
  const db = await openDatabase(config.databaseUrl, {
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
    embeddedSnapshot,
  });
  try {
    log.info("database opened", { kind: db.kind, location: db.location });
    // Before migrating: a server with a bad key must not change the database, then refuse to run.
    const keyring = await loadKeyring({
      secretKey: config.secretKey,
      secretKeyFile: config.secretKeyFile,
      databaseKind: db.kind,
      databaseLocation: db.location,
      log,
    });
    const { applied } = await db.migrate();
    if (applied.length) log.info("migrations applied", { applied });
    await checkSealedKeys(db.prisma, keyring);
    const resealed = await resealSecrets(db.prisma, keyring);
    if (resealed) log.info("secrets re-sealed with the current key", { resealed, currentKeyId: keyring.currentKeyId });
    const credentials = new CredentialCache<Caller>(config.credentialCacheTtlSeconds * 1000);
    if (credentials.enabled) {
      await db.listen(ACCESS_CHANGED_CHANNEL, () => credentials.clear(), () => {
        credentials.clear();
        log.warn("access-change channel interrupted; credential cache cleared", { channel: ACCESS_CHANGED_CHANNEL });
      });
    }
    const deps: Deps = { db: db.prisma, sql: db.sql, credentials, keyring, settings: serviceSettings(config, clock.now()), clock, log };
    return { db, deps, resealed };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

/** The services, and an admin made sure of. */
async function openAndPrepare(config: Config, log: Logger, clock: Clock, embeddedSnapshot?: Blob): Promise<{ db: Database; deps: Deps; boot: BootstrapResult }> {
  const { db, deps } = await openServices(config, log, clock, embeddedSnapshot);
  try {
    return { db, deps, boot: await bootstrap(deps, config.admin) };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

/** Opens and prepares the database, then listens. */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const { db, deps, boot } = await openAndPrepare(config, log, options.clock ?? systemClock, options.embeddedSnapshot);

  let shuttingDown = false;
  const app = await createApp(deps, {
    trustProxy: config.trustProxy,
    hstsMaxAgeSeconds: config.http.hstsMaxAgeSeconds,
    cors: { origins: config.http.corsOrigins, credentials: config.http.corsCredentials },
    metrics: config.http.metrics ? { poolStats: () => db.poolStats() } : undefined,
    dialects: config.dialects,
    isShuttingDown: () => shuttingDown,
  });
  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutSeconds * 1000,
      requestTimeout: config.http.requestTimeoutSeconds * 1000,
      keepAliveTimeout: config.http.keepAliveTimeoutSeconds * 1000,
      // Node checks these timeouts on this interval (30 s by default): a few times per timeout keeps them close to exact.
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, (config.http.headersTimeoutSeconds * 1000) / 4)),
    },
    app,
  );
  server.maxConnections = config.http.maxConnections;
  allowLongUploads(server);
  reportDroppedConnections(server, log);
  const responses = trackResponses(server, () => shuttingDown);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    // E.g. the port is taken: let go of the database (and an embedded folder's lock).
    await db.close().catch(() => {});
    throw error;
  }
  const mail = startMail(config, deps, log);
  const address = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  let closing: Promise<ShutdownResult> | undefined;
  return {
    url,
    db,
    deps,
    bootstrap: boot,
    close({ graceMs = 0, timeoutMs = 10_000 } = {}) {
      closing ??= (async () => {
        shuttingDown = true;
        responses.closeConnectionsAfterAnswer();
        if (graceMs > 0) await sleep(graceMs);
        const cutConnections = await stopListening(server, timeoutMs);
        // Before the database closes: a round in progress finishes its updates.
        await mail?.stop();
        await db.close();
        return { cutConnections };
      })();
      return closing;
    },
  };
}

/**
 * Starts the mail worker when SMTP_URL is set. Without it, mail stays in the
 * outbox as `pending` with no attempt (operators list it with GET /outbox),
 * and is sent once a server with SMTP_URL runs on the same database.
 */
function startMail(config: Config, deps: Deps, log: Logger): MailWorker | null {
  if (!config.mail.smtpUrl) {
    log.info("no SMTP_URL: mail is kept in the outbox (GET /api/v1/outbox), not sent");
    return null;
  }
  return startMailWorker(deps, { transport: smtpTransport(config.mail.smtpUrl, mailDelivery(config)), intervalMs: config.mail.intervalMs });
}

/**
 * Closes the listener (new connections are refused), lets requests in
 * flight finish, and closes connections as they fall idle; after `timeoutMs`
 * cuts whatever is left. Says how many connections it cut.
 */
async function stopListening(server: Server, timeoutMs: number): Promise<number> {
  const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    allClosed.then(() => "drained" as const),
    new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome === "drained") return 0;
  const open = await new Promise<number>((resolve) => server.getConnections((err, count) => resolve(err ? 0 : count)));
  server.closeAllConnections();
  await allClosed;
  return open;
}

/**
 * Keeps the answers in progress, so that a shutdown can mark them
 * `Connection: close` (answers that start later are marked as they start),
 * and closes a connection as soon as it falls idle once the listener is
 * closed.
 */
function trackResponses(server: Server, isShuttingDown: () => boolean): { closeConnectionsAfterAnswer(): void } {
  const inProgress = new Set<ServerResponse>();
  // Prepended: runs before the app, which may answer synchronously.
  server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (isShuttingDown()) res.setHeader("Connection", "close");
    inProgress.add(res);
    res.once("close", () => {
      inProgress.delete(res);
      if (!server.listening) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    closeConnectionsAfterAnswer() {
      for (const res of inProgress) if (!res.headersSent) res.setHeader("Connection", "close");
    },
  };
}

/**
 * An import's body may arrive for longer than the request timeout (it is
 * read as fast as its rows are written): Node reports the timeout as a
 * `clientError`, ignored here for a socket its handler marked
 * (http/shared/streamed-bodies.ts). Every other client error is answered
 * as Node answers it when no one listens: a bare 4xx, then the socket closes.
 */
function allowLongUploads(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT" && isLongUpload(socket as Socket)) return;
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const status =
        error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" :
        error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW" ? "413 Payload Too Large" :
        error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : "400 Bad Request";
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy(error);
  });
}

/** Logs when the connection cap turns connections away: at once, then at most once a minute with the count since. */
function reportDroppedConnections(server: Server, log: Logger): void {
  let dropped = 0;
  let quietUntil = 0;
  server.on("drop", () => {
    dropped++;
    if (Date.now() < quietUntil) return;
    log.warn("connection cap reached: new connections closed unanswered", { dropped, maxConnections: server.maxConnections });
    dropped = 0;
    quietUntil = Date.now() + 60_000;
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

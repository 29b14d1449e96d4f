/**
 * Which failures mean "the database is unreachable or going away" rather
 * than "this query is wrong": the caller should answer 503 and let the
 * client retry. The knowledge of each layer's shapes lives here:
 * - node sockets: connection refused, reset, timed out, host not found;
 * - pg and pg-pool: connections terminated, a new connection that timed
 *   out, a pool used after it was ended (shutdown); PostgreSQL's SQLSTATE
 *   class 08 (connection exception), 57P01-57P03 (shutting down, crashed,
 *   not yet accepting connections) and 53300 (no connection slot left);
 * - Prisma and its driver adapters, which wrap the above: connection error
 *   codes (P1001 ...), adapter error kinds, the original code kept in meta;
 * - PGlite, which is in-process: only a closed instance.
 * A full pool or a transaction that could not start in time is not an
 * outage but load: see isDatabaseBusy.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return someCause(error, isUnavailable, 0, new Set());
}

/**
 * Whether the database is there but this process' share of it is taken
 * right now, so the work never ran (or was rolled back whole): the caller
 * should answer 503 and let the client retry shortly.
 * - pg-pool: "timeout exceeded when trying to connect" is said only by a
 *   full pool whose wait for a free connection ran out (a new connection
 *   that times out is "Connection terminated due to connection timeout",
 *   an outage);
 * - Prisma P2024: its own pool's wait for a connection ran out;
 * - Prisma P2028 (TransactionManagerError, "Transaction API error: ..."),
 *   two of its messages: "Unable to start a transaction in the given
 *   time" (the transaction's `maxWait` passed before the adapter had a
 *   connection and BEGIN done; Prisma discards the late one) and "A
 *   <operation> cannot be executed on an expired transaction" (it ran past
 *   its `timeout`, waiting on locks or connections, and was rolled back).
 *   P2028's other messages (a transaction not found, already committed or
 *   rolled back, an invalid isolation level) are bugs, not load.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return someCause(error, isBusy, 0, new Set());
}

/**
 * Whether a transaction failed for losing a race with another one: a
 * deadlock PostgreSQL broke by aborting it, or a serialization failure.
 * Retrying the whole transaction is then the remedy.
 */
export function isWriteConflict(error: unknown): boolean {
  return someCause(error, isConflict, 0, new Set());
}

const CONFLICT_CODES = new Set(["40001", "40P01", "P2034"]);

function isConflict(e: ErrorNode): boolean {
  return (typeof e.code === "string" && CONFLICT_CODES.has(e.code)) ||
    (typeof e.originalCode === "string" && CONFLICT_CODES.has(e.originalCode)) ||
    e.kind === "TransactionWriteConflict";
}

const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Prisma: can't reach server, timeouts, connection closed, too many connections. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2037"]);

/** Driver adapter error kinds (@prisma/driver-adapter-utils). */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

/** pg, pg-pool and PGlite say these without a code. */
const MESSAGES = new Set([
  "Connection terminated",
  "Connection terminated unexpectedly",
  "Connection terminated due to connection timeout",
  "Client has encountered a connection error and is not queryable",
  "Client was closed and is not queryable",
  "Cannot use a pool after calling end on the pool",
  "PGlite is closed",
]);

interface ErrorNode {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** Whether `test` holds for the error or any error it wraps (causes, adapter errors, aggregated errors). */
function someCause(error: unknown, test: (node: ErrorNode) => boolean, depth: number, seen: Set<unknown>): boolean {
  if (typeof error !== "object" || error === null || seen.has(error) || depth > 5) return false;
  seen.add(error);
  const e = error as ErrorNode;
  if (test(e)) return true;
  const next = [e.cause, e.meta?.driverAdapterError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return next.some((cause) => someCause(cause, test, depth + 1, seen));
}

/** pg-pool's wait for a free connection in a full pool ran out. */
const POOL_WAIT_MESSAGE = "timeout exceeded when trying to connect";
/** Prisma's pool (the engine's, without a driver adapter): no free connection in time. */
const PRISMA_POOL_TIMEOUT = "P2024";
/** Prisma's transaction manager errors; only these of them are load. */
const TRANSACTION_MANAGER_CODE = "P2028";
const TRANSACTION_BUSY_MESSAGES = [/\bUnable to start a transaction in the given time\b/, /\bcannot be executed on an expired transaction\b/];

function isBusy(e: ErrorNode): boolean {
  if (e.message === POOL_WAIT_MESSAGE || e.code === PRISMA_POOL_TIMEOUT) return true;
  const message = typeof e.message === "string" ? e.message : "";
  return e.code === TRANSACTION_MANAGER_CODE && TRANSACTION_BUSY_MESSAGES.some((pattern) => pattern.test(message));
}

function isUnavailable(e: ErrorNode): boolean {
  if (typeof e.code === "string" && isUnavailableCode(e.code)) return true;
  if (typeof e.originalCode === "string" && isUnavailableCode(e.originalCode)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  return typeof e.message === "string" && MESSAGES.has(e.message);
}

function isUnavailableCode(code: string): boolean {
  return SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || PRISMA_CODES.has(code);
}

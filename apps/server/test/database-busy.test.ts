import { describe, expect, it } from "vitest";
import { Prisma, isDatabaseBusy, isDatabaseUnavailable, isWriteConflict } from "@steward/db";
import { databaseBusyOrUnavailable } from "../src/services/kernel/errors.ts";

// The classifier of transient database refusals (packages/db/src/unavailable.ts),
// on the shapes each layer really throws: a busy database (no connection or
// transaction in time) is a 503 `database_busy`, an outage `database_unavailable`,
// a bug none of them (a 500).
const prismaError = (code: string, message: string) => new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: "7.10.0", meta: {} });

/** What Prisma's transaction manager throws when `maxWait` passes before the transaction starts. */
const START_TIMEOUT = prismaError("P2028", "Transaction API error: Unable to start a transaction in the given time.");
/** ... and when a transaction ran past its `timeout` and was rolled back. */
const EXPIRED = prismaError(
  "P2028",
  "Transaction API error: A query cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5012 ms passed since the start of the transaction. Consider increasing the interactive transaction timeout or doing less work in the transaction.",
);
const EXPIRED_COMMIT = prismaError("P2028", "Transaction API error: A commit cannot be executed on an expired transaction. The timeout for this transaction was 5000 ms, however 5003 ms passed since the start of the transaction.");
/** pg-pool, full: its wait for a free connection ran out. */
const POOL_WAIT = new Error("timeout exceeded when trying to connect");

describe("isDatabaseBusy", () => {
  it("a transaction that could not start in time, or expired, is busy (P2028, both messages)", () => {
    for (const error of [START_TIMEOUT, EXPIRED, EXPIRED_COMMIT]) {
      expect(isDatabaseBusy(error), error.message).toBe(true);
      expect(isDatabaseUnavailable(error), error.message).toBe(false);
    }
  });

  it("a full pool whose wait ran out is busy: pg-pool's message, Prisma's P2024, wrapped as a cause", () => {
    expect(isDatabaseBusy(POOL_WAIT)).toBe(true);
    expect(isDatabaseBusy(prismaError("P2024", "Timed out fetching a new connection from the connection pool."))).toBe(true);
    expect(isDatabaseBusy(new Error("query failed", { cause: POOL_WAIT }))).toBe(true);
    expect(isDatabaseUnavailable(POOL_WAIT)).toBe(false);
  });

  it("P2028's other messages are bugs, not load", () => {
    for (const message of [
      "Transaction API error: Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting.",
      "Transaction API error: Transaction already closed: A query cannot be executed on a committed transaction.",
      "Transaction API error: Transaction already closed: A commit cannot be executed on a transaction that was rolled back.",
      "Transaction API error: Invalid isolation level: Chaos",
    ]) {
      const error = prismaError("P2028", message);
      expect(isDatabaseBusy(error), message).toBe(false);
      expect(databaseBusyOrUnavailable(error), message).toBeNull();
    }
    // The right words under another code are not P2028.
    expect(isDatabaseBusy(prismaError("P2002", "Unable to start a transaction in the given time."))).toBe(false);
  });

  it("an outage is not busy: a new connection that timed out, a refused one", () => {
    const connectTimeout = new Error("Connection terminated due to connection timeout");
    expect(isDatabaseBusy(connectTimeout)).toBe(false);
    expect(isDatabaseUnavailable(connectTimeout)).toBe(true);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseBusy(refused)).toBe(false);
    expect(isDatabaseUnavailable(refused)).toBe(true);
  });
});

describe("databaseBusyOrUnavailable", () => {
  it("busy: 503 `database_busy` with a short Retry-After", () => {
    for (const error of [START_TIMEOUT, EXPIRED, POOL_WAIT]) {
      const answer = databaseBusyOrUnavailable(error);
      expect(answer?.code).toBe("service_unavailable");
      expect(answer?.reason).toBe("database_busy");
      expect(answer?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(answer?.message).toMatch(/retry/);
    }
  });

  it("keeps `write_conflict` for lost races and `database_unavailable` for outages", () => {
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    expect(isWriteConflict(deadlock)).toBe(true);
    expect(databaseBusyOrUnavailable(deadlock)?.reason).toBe("write_conflict");
    const closed = prismaError("P1017", "Server has closed the connection.");
    expect(databaseBusyOrUnavailable(closed)?.reason).toBe("database_unavailable");
    expect(databaseBusyOrUnavailable(new Error("a bug"))).toBeNull();
  });
});

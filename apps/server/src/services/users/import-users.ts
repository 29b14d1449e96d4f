import {
  FirebaseScryptParametersSchema,
  HashParametersLineSchema,
  IMPORT_DEFAULT_BATCH_SIZE,
  IMPORT_MAX_BATCH_SIZE,
  IMPORT_MAX_LISTED_ERRORS,
  type FirebaseScryptParameters,
  type ImportBatch,
  type ImportFormat,
  type ImportRowError,
  type ImportSummary,
} from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { ServiceError, databaseBusyOrUnavailable } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { assertRegistrationOpen } from "../settings/registration.ts";
import { csvRecords, ndjsonLines } from "./import/read-records.ts";
import { csvHeader, objectOfCsvRow, objectOfLine, prepareRow, rowError, type CsvColumn, type PreparedRow } from "./import/rows.ts";
import { checkBatch, checkBatchToWrite, reserveNumbers, writeBatch, type BatchOptions } from "./import/write-batch.ts";

/**
 * Bulk import of users (`steward import-users`, `POST /api/v1/users/import`):
 * reads a stream of NDJSON lines or CSV rows without holding it, checks each
 * row as creating a user would (the same field schemas; roles need
 * `users:manage-roles` and every permission they grant, groups
 * `groups:manage`), and writes the rows in batches, each one transaction
 * with one audit event (`user.import`, with its counts).
 *
 * Rows that fail a check are reported with their line and left out; the
 * rest of their batch is written. A username, email or external id taken
 * by another user, even one made while the batch is written (the INSERT
 * waits for that transaction, then skips the row: ON CONFLICT DO NOTHING),
 * is such a row error. A batch the database refuses for any other reason
 * (a role or group deleted meanwhile, a constraint no check covers) is
 * rolled back whole: nothing of it is written and its rows are reported
 * `batch_failed` (a batch turned away as busy is tried again first). The
 * batches that committed stay: the summary's `landed` says which lines
 * they cover. A dry run checks every batch (against the database as it is)
 * and writes nothing; rows repeating a key of an earlier batch are then
 * not caught (nothing was written).
 *
 * Creating users changes no one's access, as for createUser: the writes go
 * through `mutate` with the same options (no credential cache to clear).
 */
export interface ImportOptions {
  format: ImportFormat;
  dryRun?: boolean;
  /** Make the groups rows name that do not exist (needs `groups:manage`). */
  createGroups?: boolean;
  batchSize?: number;
  /** Firebase scrypt project parameters for the import (a request header or a CLI flag); an NDJSON `hashParameters` first line overrides them. */
  firebaseScrypt?: unknown;
  /** Told each batch once it is done, in order (the HTTP surface streams them; the CLI prints them). */
  onBatch?: (batch: ImportBatch) => void | Promise<void>;
}

/**
 * Batches under way at once: two write at the same time (on PostgreSQL, two
 * connections: the index work of one batch's INSERT overlaps the other's)
 * while the next is read and checked. Each batch takes its user numbers
 * before it writes, in file order, so the numbers follow the file whichever
 * batch commits first (an export read back keeps its order).
 */
const BATCHES_IN_FLIGHT = 2;
/** Tries of a batch the database turned away as too busy (it wrote nothing). */
const BUSY_ATTEMPTS = 3;

interface Batch {
  firstLine: number;
  lastLine: number;
  rows: PreparedRow[];
  /** Rows that failed before the database saw them. */
  errors: ImportRowError[];
}

interface BatchResult {
  report: ImportBatch;
  errors: ImportRowError[];
  aborted?: { reason: string; message: string };
}

export async function importUsers(ctx: ServiceContext, source: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportSummary> {
  assertNeeds(ctx.actor, ["users:import"], "Importing users");
  if (options.createGroups) assertNeeds(ctx.actor, ["users:import", "groups:manage"], "Making groups in an import");
  await assertRegistrationOpen(ctx);
  const dryRun = options.dryRun ?? false;
  const batchOptions: BatchOptions = { dryRun, createGroups: options.createGroups ?? false };
  const batchSize = Math.min(Math.max(options.batchSize ?? IMPORT_DEFAULT_BATCH_SIZE, 1), IMPORT_MAX_BATCH_SIZE);
  let firebaseScrypt = options.firebaseScrypt === undefined ? undefined : hashParameters(options.firebaseScrypt);

  const summary: ImportSummary = { type: "summary", dryRun, rows: 0, created: 0, failed: 0, errorCount: 0, errors: [], landed: [] };
  const note = (errors: ImportRowError[]) => {
    summary.errorCount += errors.length;
    for (const error of errors) if (summary.errors.length < IMPORT_MAX_LISTED_ERRORS) summary.errors.push(error);
  };
  const inFlight: Promise<BatchResult>[] = [];
  let aborted = false;
  /** Reports the oldest batch in flight once it is done (batches are reported in order). */
  const settleOldest = async () => {
    const result = await inFlight.shift()!;
    summary.created += result.report.created;
    summary.failed += result.report.failed;
    result.errors.sort((a, b) => a.line - b.line);
    note(result.errors);
    if (result.report.outcome === "committed" && result.report.created > 0) summary.landed.push({ firstLine: result.report.firstLine, lastLine: result.report.lastLine });
    if (result.aborted && !summary.aborted) {
      summary.aborted = result.aborted;
      aborted = true;
    }
    await options.onBatch?.(result.report);
  };

  /** The last batch's numbers taken: the next batch takes its own after them. */
  let numbered: Promise<unknown> = Promise.resolve();
  let batch: Batch | undefined;
  const flush = async () => {
    if (!batch) return;
    const full = batch;
    batch = undefined;
    if (aborted) return;
    const numbers = dryRun || full.rows.length === 0 ? Promise.resolve() : numbered.then(() => reserveNumbers(ctx.db, full.rows));
    numbered = numbers.catch(() => undefined);
    inFlight.push(runBatch(ctx, full, batchOptions, numbers));
    if (inFlight.length >= BATCHES_IN_FLIGHT) await settleOldest();
  };

  try {
    for await (const record of recordsOf(source, options.format, (params) => (firebaseScrypt = params))) {
      if (aborted) break;
      summary.rows++;
      batch ??= { firstLine: record.line, lastLine: record.line, rows: [], errors: [] };
      batch.lastLine = record.line;
      if (record.error) {
        batch.errors.push(record.error);
      } else {
        const outcome = prepareRow(record.value, record.line, ctx.actor, firebaseScrypt);
        if (outcome.error) batch.errors.push(outcome.error);
        else batch.rows.push(outcome.row);
      }
      if (batch.rows.length + batch.errors.length >= batchSize) await flush();
    }
  } catch (error) {
    // A refusal of the body's start (a CSV header, a hashParameters line), before any batch, is the request's answer.
    if (error instanceof ServiceError) throw error;
    // The body broke off: what was read is still written, and the summary says where it stopped.
    summary.aborted = { reason: "import_interrupted", message: `The body could not be read to its end: ${(error as Error).message}` };
  }
  await flush();
  while (inFlight.length) await settleOldest();
  return summary;
}

/** Checks and writes one batch once its rows have their numbers; never throws (a failure is the batch's outcome). */
async function runBatch(ctx: ServiceContext, batch: Batch, options: BatchOptions, numbers: Promise<unknown>): Promise<BatchResult> {
  const span = { firstLine: batch.firstLine, lastLine: batch.lastLine };
  const report = (outcome: ImportBatch["outcome"], created: number): ImportBatch => ({
    type: "batch",
    ...span,
    outcome,
    created,
    failed: batch.rows.length + batch.errors.length - created,
  });
  if (batch.rows.length === 0) return { report: report(options.dryRun ? "checked" : "committed", 0), errors: batch.errors };
  if (options.dryRun) {
    const checked = await checkBatch(ctx.db, ctx, batch.rows, options);
    return { report: report("checked", checked.good.length), errors: [...batch.errors, ...checked.errors] };
  }
  let lastError: unknown;
  let uniqueClashes = 0;
  try {
    await numbers;
  } catch (error) {
    lastError = error;
  }
  for (let attempt = 1; lastError === undefined && attempt <= BUSY_ATTEMPTS + 1; attempt++) {
    try {
      const { created, errors } = await mutate(
        ctx,
        async (tx) => {
          const checked = await checkBatchToWrite(tx, ctx, batch.rows, options);
          const failed = batch.errors.length + checked.errors.length;
          const written = await writeBatch(tx, ctx, checked, { ...span, failed });
          return { created: written.created, errors: [...checked.errors, ...written.errors] };
        },
        { changesAccess: false, onUniqueClash: () => new ServiceError("conflict", "A unique key was taken meanwhile", { reason: "unique_clash" }) },
      );
      return { report: report("committed", created), errors: [...batch.errors, ...errors] };
    } catch (error) {
      lastError = error;
      // Taken since the check (another import, a create): once more, and the clash is a row error.
      if (error instanceof ServiceError && error.reason === "unique_clash" && uniqueClashes++ === 0) continue;
      const busy = databaseBusyOrUnavailable(error);
      if (busy && busy.reason !== "database_unavailable" && attempt <= BUSY_ATTEMPTS) {
        await ctx.clock.sleep(200 * attempt);
        continue;
      }
      break;
    }
  }
  const unavailable = databaseBusyOrUnavailable(lastError);
  const cause =
    lastError instanceof ServiceError ? lastError.message : unavailable ? unavailable.message : `The database refused the batch (${describe(lastError)})`;
  ctx.log.warn("import batch failed", { requestId: ctx.meta.requestId, firstLine: span.firstLine, lastLine: span.lastLine, err: lastError });
  const failedRows = batch.rows.map((row) => rowError(row.line, "batch_failed", `Nothing of lines ${span.firstLine}-${span.lastLine} was written: ${cause}`));
  return {
    report: report("failed", 0),
    errors: [...batch.errors, ...failedRows],
    ...(unavailable?.reason === "database_unavailable" ? { aborted: { reason: "database_unavailable", message: unavailable.message } } : {}),
  };
}

/** Names a database failure without its values (never the rows). */
function describe(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; meta?: { code?: unknown } } | undefined;
  return [e?.name, e?.code, e?.meta?.code].filter((part) => typeof part === "string").join(" ") || "unknown error";
}

type ImportRecord = { line: number; value: Record<string, unknown>; error?: undefined } | { line: number; value?: undefined; error: ImportRowError };

/** The body's records as objects (or row errors), whatever its format; control lines are taken out. */
async function* recordsOf(
  source: AsyncIterable<Uint8Array>,
  format: ImportFormat,
  setHashParameters: (params: FirebaseScryptParameters) => void,
): AsyncGenerator<ImportRecord> {
  if (format === "csv") {
    let columns: CsvColumn[] | undefined;
    for await (const record of csvRecords(source)) {
      if (record.error) {
        if (!columns) throw new ServiceError("unprocessable_entity", `The header row cannot be read: ${record.error.message}`, { reason: "invalid_import_header" });
        yield { line: record.line, error: rowError(record.line, record.error.reason, record.error.message) };
        continue;
      }
      if (!columns) {
        columns = csvHeader(record.value);
        continue;
      }
      const value = objectOfCsvRow(columns, record.value);
      yield typeof value === "string" ? { line: record.line, error: rowError(record.line, "malformed_line", value) } : { line: record.line, value };
    }
    if (!columns) throw new ServiceError("unprocessable_entity", "The body has no header row", { reason: "invalid_import_header" });
    return;
  }
  let first = true;
  for await (const record of ndjsonLines(source)) {
    const isFirst = first;
    first = false;
    if (record.error) {
      yield { line: record.line, error: rowError(record.line, record.error.reason, record.error.message) };
      continue;
    }
    const value = objectOfLine(record.value);
    if (typeof value === "string") {
      yield { line: record.line, error: rowError(record.line, "malformed_line", value) };
      continue;
    }
    if (value.type === "end") continue;
    if (value.type === "hashParameters") {
      if (!isFirst) {
        yield { line: record.line, error: rowError(record.line, "malformed_line", "A hashParameters line is the first line of the body, or nowhere") };
        continue;
      }
      const parsed = HashParametersLineSchema.safeParse(value);
      if (!parsed.success) throw badHashParameters(parsed.error.issues[0]!.message);
      setHashParameters(parsed.data.firebaseScrypt);
      continue;
    }
    yield { line: record.line, value };
  }
}

function hashParameters(value: unknown): FirebaseScryptParameters {
  const parsed = FirebaseScryptParametersSchema.safeParse(value);
  if (!parsed.success) throw badHashParameters(`${parsed.error.issues[0]!.path.join(".")}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const badHashParameters = (detail: string) =>
  new ServiceError("bad_request", `The Firebase scrypt parameters cannot be read: ${detail}`, { reason: "invalid_hash_parameters" });

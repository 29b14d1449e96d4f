import type { ExportedUser, FirebaseScryptParameters, ImportBatch, ImportSummary, ImportUser } from "@steward/contracts/v1";
import { StewardError } from "./errors.js";

/**
 * The bulk import and export of users, streamed both ways: an import's rows
 * go out as they are produced (never held whole) and its progress comes
 * back as it is made; an export is read a user at a time, and resumed
 * where it broke off.
 */

/** What `users.import` sends: rows (objects, sent as NDJSON), or a body already written (NDJSON or CSV text, a stream of bytes, a Blob). */
export type ImportSource =
  | AsyncIterable<ImportUser | Record<string, unknown>>
  | Iterable<ImportUser | Record<string, unknown>>
  | ReadableStream<Uint8Array>
  | Blob
  | string;

export interface ImportUsersOptions {
  /** The body's format when it is text, bytes or a Blob: `ndjson` (default) or `csv`. Rows are always sent as NDJSON. */
  format?: "ndjson" | "csv";
  /** Check every row as an import would, and write nothing. */
  dryRun?: boolean;
  /** Make the groups rows name that do not exist (needs `groups:manage`). */
  createGroups?: boolean;
  /** Rows per transaction (100 to 5000; the server's default is 2000). */
  batchSize?: number;
  /** Firebase scrypt project parameters, for rows carrying Firebase hashes (sent as the `Steward-Scrypt-Parameters` header). */
  firebaseScrypt?: FirebaseScryptParameters;
  /** Told each batch as the server finishes it (counts, and whether it committed). */
  onProgress?: (batch: ImportBatch) => void;
  signal?: AbortSignal;
}

export interface ExportUsersOptions {
  /** `ndjson` (default): users as objects; `csv`: the CSV text, in pieces as it arrives (to write to a file). */
  format?: "ndjson" | "csv";
  /** Start after this numeric id (the last one a previous export gave). */
  cursor?: number;
  /** At most this many users. */
  limit?: number;
  /** Add each user's stored password hash (needs `users:export-credentials`). */
  includePasswordHashes?: boolean;
  /** How many times an NDJSON export that breaks off is resumed from the last user received; default 3. */
  resumes?: number;
  signal?: AbortSignal;
}

export interface BulkTransport {
  fetch: typeof fetch;
  baseUrl: string;
  headers(): Record<string, string>;
}

/** Sends an import and reads its streamed answer; resolves with the summary, rejects with a StewardError for a refusal. */
export async function importUsers(transport: BulkTransport, source: ImportSource, options: ImportUsersOptions = {}): Promise<ImportSummary> {
  const query = new URLSearchParams();
  if (options.dryRun) query.set("dryRun", "true");
  if (options.createGroups) query.set("createGroups", "true");
  if (options.batchSize !== undefined) query.set("batchSize", String(options.batchSize));
  const { body, format } = bodyOf(source, options.format ?? "ndjson");
  const headers: Record<string, string> = { ...transport.headers(), "content-type": format === "csv" ? "text/csv" : "application/x-ndjson" };
  if (options.firebaseScrypt) {
    const { signerKey, saltSeparator, rounds, memCost } = options.firebaseScrypt;
    headers["steward-scrypt-parameters"] = `signerKey=${signerKey}, saltSeparator=${saltSeparator}, rounds=${rounds}, memCost=${memCost}`;
  }
  const url = `${transport.baseUrl}/api/v1/users/import${query.size ? `?${query}` : ""}`;
  const doFetch = transport.fetch;
  const response = await doFetch(url, {
    method: "POST",
    headers,
    body,
    signal: options.signal,
    // A stream as a request body needs half duplex (fetch's rule); other bodies take it too.
    ...(typeof body === "string" || body instanceof Blob ? {} : { duplex: "half" }),
  } as RequestInit);
  if (response.status !== 200) throw await refusal(response);
  let summary: ImportSummary | undefined;
  for await (const line of linesOf(response)) {
    const parsed = JSON.parse(line) as ImportBatch | ImportSummary;
    if (parsed.type === "batch") options.onProgress?.(parsed);
    else summary = parsed;
  }
  if (!summary) throw new Error("The import's answer broke off before its summary: see GET /api/v1/audit-events?action=user.import for the batches that landed");
  return summary;
}

/** Every user, in numeric-id order (or the CSV text, in pieces); an NDJSON export that breaks off is resumed after the last user received. */
export async function* exportUsers(transport: BulkTransport, options: ExportUsersOptions = {}): AsyncGenerator<ExportedUser | string> {
  const csv = options.format === "csv";
  let cursor = options.cursor;
  let left = options.limit;
  let resumes = options.resumes ?? 3;
  for (;;) {
    const query = new URLSearchParams();
    if (csv) query.set("format", "csv");
    if (cursor !== undefined) query.set("cursor", String(cursor));
    if (left !== undefined) query.set("limit", String(left));
    if (options.includePasswordHashes) query.set("includePasswordHashes", "true");
    const doFetch = transport.fetch;
    const response = await doFetch(`${transport.baseUrl}/api/v1/users/export${query.size ? `?${query}` : ""}`, {
      headers: transport.headers(),
      signal: options.signal,
    });
    if (response.status !== 200) throw await refusal(response);
    if (csv) {
      // CSV has no end marker: it is passed on as it comes.
      const decoder = new TextDecoder();
      for await (const chunk of chunksOf(response)) yield decoder.decode(chunk, { stream: true });
      const rest = decoder.decode();
      if (rest) yield rest;
      return;
    }
    let ended = false;
    try {
      for await (const line of linesOf(response)) {
        const row = JSON.parse(line) as ExportedUser | { type: "end" };
        if ("type" in row) {
          ended = true;
          break;
        }
        cursor = row.numericId;
        if (left !== undefined) left--;
        yield row;
      }
    } catch (error) {
      if (options.signal?.aborted || resumes-- <= 0) throw error;
      continue;
    }
    if (ended) return;
    if (resumes-- <= 0) throw new Error(`The export broke off after numeric id ${cursor ?? "(none)"}; resume with cursor`);
  }
}

function bodyOf(source: ImportSource, format: "ndjson" | "csv"): { body: BodyInit; format: "ndjson" | "csv" } {
  if (typeof source === "string" || source instanceof Blob) return { body: source, format };
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) return { body: source, format };
  // Rows: NDJSON, written as they come, a chunk per few hundred rows.
  const rows = source as AsyncIterable<unknown> | Iterable<unknown>;
  const encoder = new TextEncoder();
  const iterator: AsyncIterator<unknown> | Iterator<unknown> =
    Symbol.asyncIterator in rows ? (rows as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (rows as Iterable<unknown>)[Symbol.iterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let text = "";
      for (let n = 0; n < 500; n++) {
        const next = await iterator.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += `${JSON.stringify(next.value)}\n`;
      }
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return { body, format: "ndjson" };
}

async function refusal(response: Response): Promise<StewardError> {
  const text = await response.text();
  let body: unknown = text || undefined;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON: kept as text */
  }
  return new StewardError(response.status, body, response.headers);
}

async function* chunksOf(response: Response): AsyncGenerator<Uint8Array> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The answer's lines as they arrive (without their line breaks; blank ones skipped). */
async function* linesOf(response: Response): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of chunksOf(response)) {
    pending += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, at).trim();
      pending = pending.slice(at + 1);
      if (line) yield line;
    }
  }
  pending += decoder.decode();
  if (pending.trim()) yield pending.trim();
}

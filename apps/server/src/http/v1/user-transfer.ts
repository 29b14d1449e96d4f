import { PassThrough, Readable } from "node:stream";
import type { Request, Response } from "express";
import type { ExportUsersQuery, ImportUsersQuery } from "@steward/contracts";
import { csvHeaderOf, csvLineOf, exportUsers, ndjsonLineOf } from "../../services/users/export-users.ts";
import { importUsers } from "../../services/users/import-users.ts";
import { allowLongUpload, bodyStream, importFormatOf } from "../shared/streamed-bodies.ts";
import type { HandlerTools } from "../shared/surface.ts";

/**
 * `POST /users/import` and `GET /users/export`: the bulk use cases, with
 * their bodies streamed both ways. The import's body is read as it arrives
 * (the surface leaves it unread; see streamed-bodies.ts) and its answer is
 * NDJSON written as batches finish: a `batch` line each, then the
 * `summary`. A refusal before the first batch (permissions, the format, a
 * CSV header) is an ordinary problem answer.
 */

/** Written whole as it goes (no compression buffering): progress is worth nothing late. */
const PROGRESS_HEADERS = {
  "Content-Type": "application/x-ndjson; charset=utf-8",
  "Cache-Control": "no-store, no-transform",
  "X-Accel-Buffering": "no",
};

export async function importUsersHandler(
  tools: HandlerTools,
  { query, headers, req, res }: { query: ImportUsersQuery; headers: { "steward-scrypt-parameters"?: string }; req: Request; res: Response },
) {
  const ctx = tools.context(req, res);
  const format = importFormatOf(req);
  const source = bodyStream(req);
  const scryptHeader = headers["steward-scrypt-parameters"];
  allowLongUpload(req);

  const out = new PassThrough();
  let closed = false;
  res.once("close", () => {
    closed = true;
    out.destroy();
  });
  let begin!: () => void;
  const begun = new Promise<void>((resolve) => (begin = resolve));
  const write = async (value: unknown) => {
    begin();
    if (closed) return;
    if (!out.write(`${JSON.stringify(value)}\n`)) await drained(out);
  };
  const run = importUsers(ctx, source, {
    format,
    dryRun: query.dryRun,
    createGroups: query.createGroups,
    batchSize: query.batchSize,
    firebaseScrypt: scryptHeader === undefined ? undefined : scryptParametersOf(scryptHeader),
    onBatch: write,
  }).then(async (summary) => {
    await write(summary);
    out.end();
  });
  // Until the first line, a failure is the answer; after it, the stream is cut (no summary line: the client knows).
  await Promise.race([begun, run]);
  run.catch((error: unknown) => {
    ctx.log.error("import failed after its answer began", { requestId: ctx.meta.requestId, err: error });
    res.destroy();
  });
  for (const [name, value] of Object.entries(PROGRESS_HEADERS)) res.setHeader(name, value);
  return { status: 200 as const, body: out as unknown as string };
}

export async function exportUsersHandler(tools: HandlerTools, { query, req, res }: { query: ExportUsersQuery; req: Request; res: Response }) {
  const ctx = tools.context(req, res);
  const withHashes = query.includePasswordHashes === true;
  const { users, end } = await exportUsers(ctx, { after: query.cursor, limit: query.limit, includePasswordHashes: withHashes });
  const csv = query.format === "csv";
  async function* chunks(): AsyncGenerator<string> {
    let chunk = csv ? csvHeaderOf(withHashes) : "";
    for await (const user of users) {
      chunk += csv ? csvLineOf(user, withHashes) : ndjsonLineOf(user);
      if (chunk.length >= 64 * 1024) {
        yield chunk;
        chunk = "";
      }
    }
    if (!csv) chunk += `${JSON.stringify({ type: "end", ...end() })}\n`;
    if (chunk) yield chunk;
  }
  const body = Readable.from(chunks(), { objectMode: false });
  // A failure mid-way (the database gone) cuts the answer: without its end line, the export is known to be incomplete.
  body.once("error", (error) => {
    ctx.log.error("export failed after its answer began", { requestId: ctx.meta.requestId, err: error });
    res.destroy();
  });
  res.setHeader("Content-Type", csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  return { status: 200 as const, body: body as unknown as string };
}

/** `signerKey=<base64>, saltSeparator=<base64>, rounds=8, memCost=14` as an object (the service checks it). */
function scryptParametersOf(header: string): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const part of header.split(/[,;]/)) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    parameters[name] = name === "rounds" || name === "memCost" ? (/^\d{1,3}$/.test(value) ? Number(value) : value) : value;
  }
  return parameters;
}

/** Resolves when the stream wants more, or is gone. */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
  });
}

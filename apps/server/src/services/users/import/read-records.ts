import { isUtf8 } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import { IMPORT_MAX_LINE_BYTES } from "@steward/contracts";

/**
 * Reads an import's body as it arrives, record by record, never holding more
 * than one record (and the chunk it is in): NDJSON lines, or CSV records
 * (RFC 4180: quoted fields may hold commas, quotes and line breaks). Each
 * record comes with the line it starts on; a record that cannot be read
 * comes as an error with its line, and reading goes on after it.
 */

export type RecordError = { reason: "malformed_line" | "line_too_long"; message: string };
export type RawRecord<T> = { line: number; value: T; error?: undefined } | { line: number; value?: undefined; error: RecordError };

const NEWLINE = 0x0a;

/** NDJSON: one text per line, its line number; blank lines skipped. */
export async function* ndjsonLines(source: AsyncIterable<Uint8Array>, maxBytes = IMPORT_MAX_LINE_BYTES): AsyncGenerator<RawRecord<string>> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  const finish = (): RawRecord<string> | undefined => {
    const at = line++;
    if (tooLong) {
      tooLong = false;
      return { line: at, error: { reason: "line_too_long", message: `The line is longer than ${maxBytes} bytes` } };
    }
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
    parts = [];
    length = 0;
    if (!isUtf8(bytes)) return { line: at, error: { reason: "malformed_line", message: "The line is not UTF-8 text" } };
    let text = bytes.toString("utf8");
    if (at === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") return undefined;
    return { line: at, value: text };
  };
  const keep = (piece: Buffer) => {
    if (tooLong || piece.length === 0) return;
    if (length + piece.length > maxBytes) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(piece);
    length += piece.length;
  };
  for await (const chunk of source) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      // A copy: the record outlives the chunk only as long as the caller keeps it.
      keep(buffer.subarray(start, end));
      const record = finish();
      if (record) yield record;
      start = end + 1;
    }
    if (start < buffer.length) keep(Buffer.from(buffer.subarray(start)));
  }
  if (length > 0 || tooLong) {
    const record = finish();
    if (record) yield record;
  }
}

/**
 * CSV records as lists of cells. Line breaks inside quoted cells are part of
 * the cell; the record's line is the one it starts on. Blank lines are
 * skipped. A record longer than `maxChars`, or with text after a closing quote
 * or a quote never closed, is an error,
 * and reading goes on at the next record.
 */
export async function* csvRecords(source: AsyncIterable<Uint8Array>, maxChars = IMPORT_MAX_LINE_BYTES): AsyncGenerator<RawRecord<string[]>> {
  const decoder = new StringDecoder("utf8");
  let cells: string[] = [];
  let cell = "";
  let size = 0;
  let inQuotes = false;
  /** Just read a closing quote: a second one is an escaped quote. */
  let afterQuote = false;
  let cellStarted = false;
  let problem: RecordError | undefined;
  let line = 1;
  let recordLine = 1;
  let first = true;

  const endRecord = (): RawRecord<string[]> | undefined => {
    const at = recordLine;
    const found = problem;
    const values = [...cells, cell];
    cells = [];
    cell = "";
    size = 0;
    problem = undefined;
    afterQuote = false;
    cellStarted = false;
    if (found) return { line: at, error: found };
    if (values.length === 1 && values[0] === "") return undefined;
    return { line: at, value: values };
  };
  const add = (text: string) => {
    size += text.length;
    if (size > maxChars) {
      problem ??= { reason: "line_too_long", message: `The record is longer than ${maxChars} characters` };
      return;
    }
    if (!problem) cell += text;
  };

  const consume = function* (text: string): Generator<RawRecord<string[]>> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (first) {
        first = false;
        if (ch === "\ufeff") continue;
      }
      if (inQuotes) {
        if (ch === '"') {
          inQuotes = false;
          afterQuote = true;
        } else {
          if (ch === "\n") line++;
          add(ch);
        }
        continue;
      }
      if (afterQuote) {
        afterQuote = false;
        if (ch === '"') {
          // "" inside a quoted cell: one quote, and the cell goes on quoted.
          inQuotes = true;
          add('"');
          continue;
        }
        if (ch !== "," && ch !== "\n" && ch !== "\r") {
          problem ??= { reason: "malformed_line", message: "A quoted cell goes on after its closing quote" };
        }
      }
      if (ch === ",") {
        size += 1;
        cells.push(cell);
        cell = "";
        cellStarted = false;
        continue;
      }
      if (ch === "\r") continue;
      if (ch === "\n") {
        const record = endRecord();
        line++;
        recordLine = line;
        if (record) yield record;
        continue;
      }
      // A quote opens a quoted cell only at its start; inside an unquoted cell it is a character (as spreadsheets read it).
      if (ch === '"' && !cellStarted) {
        inQuotes = true;
        cellStarted = true;
        continue;
      }
      cellStarted = true;
      add(ch);
    }
  };

  for await (const chunk of source) {
    yield* consume(decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }
  yield* consume(decoder.end());
  if (inQuotes) problem ??= { reason: "malformed_line", message: "A quoted cell is not closed before the end of the body" };
  if (cells.length || cell !== "" || problem) {
    const record = endRecord();
    if (record) yield record;
  }
}

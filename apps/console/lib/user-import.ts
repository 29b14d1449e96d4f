import type { ImportRowError } from "@steward/client";

/** The body formats the import reads. */
export type ImportFormat = "ndjson" | "csv";

/** The format a file's name says (`.csv`, or NDJSON for anything else: `.ndjson`, `.jsonl`, `.json`). */
export function formatOfFile(name: string): ImportFormat {
  return /\.csv$/i.test(name) ? "csv" : "ndjson";
}

/** How many lines the file has (a last line without its line break counts), read in pieces: the progress bar's length. */
export async function lineCount(file: Blob): Promise<number> {
  let lines = 0;
  let last = 10;
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const byte of value) if (byte === 10) lines++;
    if (value.length) last = value[value.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

/** One CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180). */
const cell = (value: string | number | undefined) => {
  const text = value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The refused rows as CSV (line, field, reason, message), to fix the file with. */
export function errorReportCsv(errors: readonly ImportRowError[]): string {
  const rows = errors.map((error) => [error.line, error.field, error.reason, error.message].map(cell).join(","));
  return `${["line,field,reason,message", ...rows].join("\r\n")}\r\n`;
}

import type { ZodTypeAny } from "zod";

/**
 * What a route whose body is a stream declares in its metadata, beside its
 * access: the content types it reads or answers record by record (an NDJSON
 * line, a CSV row), each with the schema of one record. ts-rest validates
 * JSON bodies whole; these bodies are never read whole, so the route's
 * `body` is only a type, the server leaves the request stream unread for
 * the handler, and the OpenAPI document lists these content types.
 */
export interface StreamedBodies {
  /** The request body, by content type. */
  streamedRequest?: Readonly<Record<string, StreamedRecord>>;
  /** The 200 answer, by content type. */
  streamedResponse?: Readonly<Record<string, StreamedRecord>>;
}

export interface StreamedRecord {
  /** One record: a line of NDJSON, or (for CSV) the row its columns make. */
  schema: ZodTypeAny;
  /** How the records are laid out (header row, separators, control lines). */
  description: string;
}

/** The content types (lower case, no parameters) a route reads as a stream; none when its body is JSON. */
export function streamedRequestTypes(metadata: unknown): string[] {
  if (!metadata || typeof metadata !== "object" || !("streamedRequest" in metadata)) return [];
  const bodies = (metadata as StreamedBodies).streamedRequest;
  return bodies ? Object.keys(bodies).map((type) => type.toLowerCase()) : [];
}

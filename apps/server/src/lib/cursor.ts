import { ServiceError } from "../services/errors.ts";

/**
 * Keyset cursors: the sort key and the last row's values, base64url JSON.
 * Opaque to callers; a cursor from another sort or a tampered one is a 400.
 */
export interface CursorPayload {
  /** The sort the cursor belongs to. */
  s: string;
  /** The last row's sort values, tie-breaker last. */
  v: (string | number)[];
}

export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

export function decodeCursor(cursor: string, sort: string, arity: number): (string | number)[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  const p = payload as CursorPayload;
  if (
    typeof p !== "object" || p === null || p.s !== sort || !Array.isArray(p.v) || p.v.length !== arity ||
    !p.v.every((x) => (typeof x === "string" && x.length <= 256) || (typeof x === "number" && Number.isFinite(x)))
  ) {
    throw invalidCursor();
  }
  return p.v;
}

export const invalidCursor = () =>
  new ServiceError("bad_request", "Invalid cursor: use the nextCursor of a page listed with the same sort", {
    reason: "invalid_cursor",
    fields: [{ path: "query.cursor", message: "Invalid cursor", code: "invalid_cursor" }],
  });

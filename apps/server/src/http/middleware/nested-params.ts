import express, { type Request, type RequestHandler } from "express";
import qs from "qs";
import { ServiceError } from "../../services/kernel/errors.ts";
import { jsonBody } from "./json-body.ts";

/**
 * Nested keys as PHP and Plug read them (`invite[max_use]=3`, `tags[]=a`,
 * `filter[email]=x`), two levels deep at most: no dialect's parameter nests
 * deeper.
 */
const NESTING = { depth: 2, arrayLimit: 500, parameterLimit: 1000, allowPrototypes: false, throwOnLimitExceeded: true } as const;

export interface NestedParamsOptions {
  limitBytes: number;
  /**
   * Merge the query string and the body into one set of parameters (the
   * body wins a clash), as Pleroma (Plug) does; then both `req.query` and
   * `req.body` hold the merged set, so each contract route finds them
   * where it declares them (query for GET, body otherwise).
   */
  merge: boolean;
}

/**
 * Reads parameters as the PHP and Elixir frameworks behind some dialects do:
 * a query string with nested keys, and a JSON or form body (with the same
 * nesting). A body of any other type is refused (415) rather than silently
 * ignored; a multipart body is not read. A GET's body is read like any
 * other, so a broken one is refused too.
 */
export function nestedParams({ limitBytes, merge }: NestedParamsOptions): RequestHandler {
  const json = jsonBody(limitBytes);
  // Read as text (charset, encoding and size handled there), then parsed here with the query's rules.
  const formText = express.text({ type: "application/x-www-form-urlencoded", limit: limitBytes });
  return (req, res, next) => {
    const query = parse(rawQueryOf(req));
    if (query instanceof Error) return next(query);
    const settle = (error?: unknown) => {
      if (error) return next(error);
      let body: unknown = req.body;
      if (typeof body === "string" && req.is("application/x-www-form-urlencoded")) body = parse(body);
      if (body instanceof Error) return next(body);
      if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
        return next(badRequest("The body must be a JSON object or a form"));
      }
      const params = merge ? { ...query, ...(body as Record<string, unknown> | undefined) } : query;
      if (merge || body !== undefined) req.body = merge ? params : body;
      // Express 5 computes req.query on each read; this request's own property shadows it.
      Object.defineProperty(req, "query", { value: params, configurable: true, enumerable: true, writable: true });
      next();
    };
    if (!hasBody(req)) return settle();
    if (req.is("application/json")) return json(req, res, settle);
    if (req.is("application/x-www-form-urlencoded")) return formText(req, res, settle);
    next(new ServiceError("unsupported_media_type", "Send parameters as JSON (application/json) or as a form (application/x-www-form-urlencoded)"));
  };
}

/** Parameters from a query string or a form body; an Error (400) when there are too many or too deep. */
function parse(text: string): Record<string, unknown> | ServiceError {
  try {
    return qs.parse(text, NESTING);
  } catch {
    return badRequest(`Too many parameters (at most ${NESTING.parameterLimit}, lists of at most ${NESTING.arrayLimit})`);
  }
}

function rawQueryOf(req: Request): string {
  const at = req.originalUrl.indexOf("?");
  return at === -1 ? "" : req.originalUrl.slice(at + 1);
}

/** Whether a request carries body bytes (declared by length, or chunked). */
function hasBody(req: Request): boolean {
  return req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
}

const badRequest = (message: string) => new ServiceError("bad_request", message, { reason: "invalid_params" });

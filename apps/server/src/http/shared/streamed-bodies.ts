import type { Socket } from "node:net";
import zlib from "node:zlib";
import type { Request } from "express";
import { isAppRoute, type AppRoute, type AppRouter } from "@ts-rest/core";
import { streamedRequestTypes } from "@steward/contracts";
import { ServiceError } from "../../services/kernel/errors.ts";

/**
 * Routes whose request body is a stream (an import: NDJSON or CSV), as their
 * contract's metadata declares (`streamedRequest`): the surface's JSON body
 * reader leaves such a body unread, for the handler to read as it arrives.
 */
export function streamedRequestMatcher(contract: AppRouter): (req: Pick<Request, "method" | "path" | "headers">) => boolean {
  const routes = routesOf(contract)
    .map((route) => ({ route, types: streamedRequestTypes(route.metadata) }))
    .filter(({ types }) => types.length > 0)
    .map(({ route, types }) => ({
      method: route.method,
      pattern: new RegExp(`^${route.path.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}/?$`, "i"),
      types: new Set(types.flatMap((type) => [type, ...(ALIASES[type] ?? [])])),
    }));
  return (req) => {
    if (routes.length === 0) return false;
    const type = mediaType(req.headers["content-type"]);
    return routes.some((route) => route.method === req.method && route.pattern.test(req.path) && type !== undefined && route.types.has(type));
  };
}

/** Other names clients give the same formats. */
const ALIASES: Record<string, string[]> = {
  "application/x-ndjson": ["application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"],
};

/** The media type of a Content-Type header, lower case, without its parameters. */
export function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type || undefined;
}

/** The import format a request's Content-Type names; 415 for any other (or a charset that is not UTF-8). */
export function importFormatOf(req: Pick<Request, "headers">): "ndjson" | "csv" {
  const header = req.headers["content-type"];
  const type = mediaType(header);
  const charset = /;\s*charset="?([^";]+)"?/i.exec(header ?? "")?.[1]?.toLowerCase();
  if (charset && charset !== "utf-8" && charset !== "utf8" && charset !== "us-ascii") {
    throw new ServiceError("unsupported_media_type", `The body must be UTF-8, not ${charset}`, { reason: "unsupported_encoding" });
  }
  if (type === "text/csv") return "csv";
  if (type === "application/x-ndjson" || (type !== undefined && ALIASES["application/x-ndjson"]!.includes(type))) return "ndjson";
  throw new ServiceError("unsupported_media_type", "Send the users to import as application/x-ndjson (one JSON object per line) or text/csv", {
    reason: "unsupported_import_type",
  });
}

/** The request body as it arrives, decoded from its Content-Encoding (gzip, deflate, br); 415 for another encoding. */
export function bodyStream(req: Request): AsyncIterable<Uint8Array> {
  const encoding = (req.headers["content-encoding"] ?? "identity").toLowerCase().trim();
  if (encoding === "identity") return req;
  const decoder =
    encoding === "gzip" || encoding === "x-gzip" ? zlib.createGunzip() : encoding === "deflate" ? zlib.createInflate() : encoding === "br" ? zlib.createBrotliDecompress() : null;
  if (!decoder) throw new ServiceError("unsupported_media_type", `Content-Encoding ${encoding} is not supported`, { reason: "unsupported_encoding" });
  req.on("error", (error) => decoder.destroy(error));
  return req.pipe(decoder);
}

/**
 * Sockets whose request may take longer to arrive than the server's
 * request timeout (STEWARD_REQUEST_TIMEOUT_SECONDS): an import's body is
 * read as fast as its rows are written, which for a million users is
 * minutes. Marked by the handler once the caller is authorized, unmarked
 * when its answer is over (the next request on the connection has the
 * usual limit). Node reports a request timeout as a `clientError`, which
 * the server ignores for a marked socket (server.ts).
 */
const longUploads = new WeakSet<Socket>();

export function allowLongUpload(req: Request): void {
  const socket = req.socket;
  longUploads.add(socket);
  req.res?.once("close", () => longUploads.delete(socket));
}

export function isLongUpload(socket: Socket): boolean {
  return longUploads.has(socket);
}

function routesOf(contract: AppRouter): AppRoute[] {
  return Object.values(contract).flatMap((entry) => (isAppRoute(entry) ? [entry] : routesOf(entry as AppRouter)));
}

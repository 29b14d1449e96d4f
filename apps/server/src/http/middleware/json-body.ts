import express, { type RequestHandler } from "express";
import { ServiceError } from "../../services/kernel/errors.ts";

/**
 * Parses JSON bodies up to `limitBytes`, and stops reading one that is
 * larger. express.json alone answers 413 only after it has read the whole
 * body to the end, so a client could make the server take in any amount;
 * here a body over the limit (declared or counted as it arrives) is refused
 * at once with `Connection: close`, and Node closes the socket once the
 * answer is out instead of reading the rest.
 */
export function jsonBody(limitBytes: number, options: { anyContentType?: boolean; refuseOtherTypes?: boolean } = {}): RequestHandler {
  // Some protocols send JSON under any content type (Prosody's document says `*/*`).
  const isJson = options.anyContentType ? () => true : (req: express.Request) => Boolean(req.is("application/json") || req.is("application/*+json"));
  const parse = express.json({ limit: limitBytes, strict: true, type: options.anyContentType ? () => true : ["application/json", "application/*+json"] });
  return (req, res, next) => {
    if (!isJson(req)) {
      // A body that is not JSON is refused rather than silently read as empty, where the protocol says so (415).
      if (options.refuseOtherTypes && hasBody(req)) return next(new ServiceError("unsupported_media_type", "Send the body as application/json"));
      // The parser's own test: anything else is not read here (and stays unread for whoever wants it).
      return parse(req, res, next);
    }
    if (Number(req.headers["content-length"] ?? 0) > limitBytes) return next(tooLarge(res));
    let received = 0;
    let refused = false;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limitBytes) return;
      refused = true;
      req.off("data", count);
      req.pause();
      next(tooLarge(res));
    };
    // Registered before the parser's own listener, so it sees each chunk first.
    req.on("data", count);
    parse(req, res, (err?: unknown) => {
      req.off("data", count);
      // Once refused, the parser's late verdict (after the socket closed) goes nowhere.
      if (!refused) next(err);
    });
  };
}

const hasBody = (req: express.Request) => Number(req.get("content-length") ?? 0) > 0 || req.get("transfer-encoding") !== undefined;

/** Marks the connection for closing and returns the body parser's own error shape (answered as problem+json). */
function tooLarge(res: express.Response): Error {
  res.setHeader("Connection", "close");
  return Object.assign(new Error("request entity too large"), { status: 413, expose: true, type: "entity.too.large" });
}

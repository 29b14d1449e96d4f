import { createHash } from "node:crypto";
import type { RequestHandler } from "express";
import type { AppRoute } from "@ts-rest/core";
import { streamedRequestTypes } from "@steward/contracts";
import { claimIdempotencyKey, completeIdempotencyKey, idempotencyCallerOf, type StoredAnswer } from "../../services/idempotency/idempotency.ts";
import { ServiceError } from "../../services/kernel/errors.ts";
import type { HandlerTools } from "../shared/surface.ts";

/** A key clients make: printable ASCII, at most 255 characters (a UUID is the usual choice). */
const KEY = /^[\x21-\x7e]{1,255}$/;
/** The answer headers a replay repeats. */
const KEPT_HEADERS = ["etag", "location", "content-type"];

/**
 * `Idempotency-Key` on a POST, after the caller is known: the first request
 * with a key acts and its answer is kept (services/idempotency); a retry
 * gets that answer again, marked `Idempotent-Replayed: true`. Without the
 * header, or from an anonymous caller (nobody to scope the key to — a
 * replayed sign-in would hand a session to whoever knew the key), the
 * request goes through as usual.
 */
export function idempotentPosts(tools: Pick<HandlerTools, "context">): RequestHandler {
  return (req, res, next) => {
    const key = req.get("idempotency-key");
    if (req.method !== "POST" || key === undefined) return next();
    // A streamed body (an import) is not kept to compare, nor its streamed answer to replay: the key is not applied.
    if (streamedRequestTypes((req as { tsRestRoute?: AppRoute }).tsRestRoute?.metadata).length) return next();
    const ctx = tools.context(req, res);
    const caller = idempotencyCallerOf(ctx.actor);
    if (!caller) return next();
    if (!KEY.test(key)) {
      return next(
        new ServiceError("bad_request", "Idempotency-Key must be 1 to 255 printable ASCII characters", {
          reason: "invalid_idempotency_key",
          fields: [{ path: "header.idempotency-key", message: "1 to 255 printable ASCII characters", code: "invalid_idempotency_key" }],
        }),
      );
    }
    const requestHash = createHash("sha256").update(JSON.stringify([req.method, req.originalUrl, req.body ?? null])).digest("hex");
    claimIdempotencyKey(ctx, { caller, key, requestHash }).then((claim) => {
      if (claim.kind === "replay") return replay(res, claim.answer);
      // Every body goes through send (json calls it): what it is given is what the client got.
      let text: string | undefined;
      const send = res.send.bind(res);
      res.send = (value?: unknown) => {
        if (typeof value === "string") text = value;
        else if (Buffer.isBuffer(value)) text = value.toString("utf8");
        return send(value);
      };
      res.once("finish", () => {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = res.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        completeIdempotencyKey(ctx, claim.id, { status: res.statusCode, headers, text }).catch((error: unknown) =>
          ctx.log.warn("idempotent answer not kept", { requestId: res.locals.requestId, err: error }),
        );
      });
      next();
    }, next);
  };
}

function replay(res: Parameters<RequestHandler>[1], answer: StoredAnswer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.setHeader("Idempotent-Replayed", "true");
  res.status(answer.status);
  if (answer.text === undefined) res.end();
  else res.send(answer.text);
}

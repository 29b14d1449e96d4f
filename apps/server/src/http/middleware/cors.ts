import type { RequestHandler } from "express";

/** What a browser page on an allowed origin may send and read, beyond the CORS-safelisted ones. */
const ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id, X-Steward-Client, traceparent";
const EXPOSED_HEADERS = "ETag, Link, Location, Retry-After, RateLimit, RateLimit-Policy, X-Request-Id, Idempotent-Replayed, Allow";
const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

/**
 * CORS for pages on other origins, off unless STEWARD_CORS_ORIGINS lists
 * some (exact `scheme://host[:port]` matches, or `*`). An allowed origin
 * is echoed (with `Vary: Origin`, so caches keep answers apart) and may
 * read the headers clients need (ETag, Link, rate limits...); with
 * credentials on, it may also send cookies and HTTP authentication. A
 * preflight from an allowed origin is answered here, 204; one from any
 * other origin gets no CORS headers, which is the browser's refusal.
 * Surfaces whose original API answers any origin (the Pryv ones) set
 * their own headers after this.
 */
export function cors(options: { origins: string[]; credentials: boolean }): RequestHandler {
  const any = options.origins.includes("*");
  const allowed = new Set(options.origins);
  if (!any && allowed.size === 0) return (_req, _res, next) => next();
  return (req, res, next) => {
    res.vary("Origin");
    const origin = req.get("origin");
    if (!origin || !(any || allowed.has(origin))) return next();
    res.setHeader("Access-Control-Allow-Origin", any ? "*" : origin);
    if (options.credentials) res.setHeader("Access-Control-Allow-Credentials", "true");
    const preflight = req.method === "OPTIONS" && req.get("access-control-request-method");
    if (!preflight) {
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
      return next();
    }
    res.vary("Access-Control-Request-Headers");
    res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
    res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}

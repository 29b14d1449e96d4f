import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * The policy for every answer that is data (JSON, problems): a browser that
 * renders one anyway may load nothing from it, and no page may frame it.
 */
const DATA_POLICY = { defaultSrc: ["'none'"], frameAncestors: ["'none'"] };

/**
 * Headers every answer carries. Answers are private by default: they carry
 * accounts, sessions and keys, so nothing may store them (`no-store`); a
 * public document (the OpenAPI file, the docs assets) says otherwise itself.
 * HSTS only goes out over HTTPS, where browsers heed it; behind a proxy that
 * is what `req.secure` says from `X-Forwarded-Proto`, believed only from
 * proxies trusted by STEWARD_TRUST_PROXY.
 */
export function securityHeaders(options: { hstsMaxAgeSeconds: number }): RequestHandler {
  const common = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: DATA_POLICY },
    referrerPolicy: { policy: "no-referrer" },
    xFrameOptions: { action: "deny" },
    strictTransportSecurity: false,
  });
  const hsts = options.hstsMaxAgeSeconds > 0 ? `max-age=${options.hstsMaxAgeSeconds}; includeSubDomains` : undefined;
  return (req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    if (hsts && req.secure) res.setHeader("Strict-Transport-Security", hsts);
    common(req, res, next);
  };
}

/**
 * The docs page (Swagger UI) runs its own script and stylesheet, draws
 * inline SVG data images and fetches the OpenAPI document and "try it out"
 * calls from this origin; nothing else, and it still cannot be framed.
 */
export const docsPagePolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

/** Lets a public, unchanging-between-releases document be cached. */
export function publicCache(maxAgeSeconds: number): RequestHandler {
  return (_req, res, next) => {
    res.setHeader("Cache-Control", `public, max-age=${maxAgeSeconds}`);
    next();
  };
}

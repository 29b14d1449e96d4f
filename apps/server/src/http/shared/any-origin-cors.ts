import type express from "express";

/**
 * The CORS answer of the Pryv servers (their admin panels and apps are web
 * pages on other origins): any origin, the methods and headers they use; a
 * preflight is answered here. Tokens travel in `Authorization`, never in
 * cookies, so no credentials are allowed.
 */
export const anyOriginCors: express.RequestHandler = (req, res, next) => {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "POST, GET, PUT, OPTIONS, DELETE");
  res.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match");
  res.setHeader("Access-Control-Expose-Headers", "Server-Time");
  res.setHeader("Access-Control-Max-Age", "31536000");
  if (req.method === "OPTIONS") {
    res.status(200).end();
    return;
  }
  next();
};

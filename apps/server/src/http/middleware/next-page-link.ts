import type { RequestHandler } from "express";

/**
 * RFC 8288 `Link: <...>; rel="next"` on a list's answer that has a next
 * page: the same request with its `cursor` set to the page's `nextCursor`,
 * so a client (or `curl`) can follow pages without reading the body. Set
 * just before the JSON is written; the body stays the source of truth.
 */
export const nextPageLink: RequestHandler = (req, res, next) => {
  if (req.method !== "GET") return next();
  const json = res.json.bind(res);
  res.json = (body?: unknown) => {
    const cursor = (body as { nextCursor?: unknown } | null)?.nextCursor;
    if (res.statusCode === 200 && typeof cursor === "string") {
      const url = new URL(req.originalUrl, "http://x");
      url.searchParams.set("cursor", cursor);
      res.setHeader("Link", `<${url.pathname}${url.search}>; rel="next"`);
    }
    return json(body);
  };
  next();
};

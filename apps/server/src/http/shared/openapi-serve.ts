import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import express from "express";
import { V1_PREFIX } from "@steward/contracts";
import { docsPagePolicy, publicCache } from "../middleware/security-headers.ts";

/** Public and the same for everyone: changes only with a new release. */
const DOCUMENT_MAX_AGE_SECONDS = 300;
const ASSET_MAX_AGE_SECONDS = 24 * 3600;

/** Where every docs page takes Swagger UI and its start-up script from: one copy, under `/api/v1` (always mounted). */
export const DOCS_ASSETS_PATH = `${V1_PREFIX}/docs/assets`;
export const DOCS_INIT_PATH = `${V1_PREFIX}/docs/init.js`;

/** A document as served: its bytes and their ETag, both computed once. */
interface Served {
  body: Buffer;
  etag: string;
}

/**
 * Serves a JSON document built once, on first request: an ETag (a hash of
 * its bytes), `304 Not Modified` to an `If-None-Match` that names it, and a
 * public cache lifetime. Compression, where the client takes it, is the
 * app's (the answer is a plain body for any compressing middleware), so the
 * tag is weak: gzip, br and identity bytes differ, and a strong tag promises
 * the same bytes (RFC 9110 8.8.1).
 */
export function jsonDocumentRoute(build: () => object): express.RequestHandler[] {
  let served: Served | undefined;
  return [
    publicCache(DOCUMENT_MAX_AGE_SECONDS),
    (req, res) => {
      served ??= serve(build());
      res.setHeader("ETag", served.etag);
      if (matchesEtag(req.get("if-none-match"), served.etag)) {
        res.status(304).end();
        return;
      }
      res.type("application/json; charset=utf-8").send(served.body);
    },
  ];
}

function serve(document: object): Served {
  const body = Buffer.from(JSON.stringify(document));
  return { body, etag: `W/"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"` };
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`; `*` matches any current representation. */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim().replace(/^W\//, "") === opaque);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A browsable page (Swagger UI, served from this server: no CDN) for the
 * document at `documentUrl`. The page names its document in a data
 * attribute: its script is the shared init.js (the page's CSP allows no
 * inline script).
 */
export function docsPage(title: string, documentUrl: string): express.RequestHandler[] {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css"></head>
<body><div id="docs" data-url="${escapeHtml(documentUrl)}"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_INIT_PATH}"></script>
</body></html>`;
  return [
    publicCache(DOCUMENT_MAX_AGE_SECONDS),
    docsPagePolicy,
    (_req, res) => {
      res.type("html").send(html);
    },
  ];
}

const DOCS_INIT = `var docs = document.getElementById("docs");
window.ui = SwaggerUIBundle({ url: docs.getAttribute("data-url"), dom_id: "#docs", deepLinking: true, persistAuthorization: true });`;

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/** Swagger UI's files and the script that starts it, for every docs page (mounted once, by /api/v1). */
export function docsAssetRoutes(router: express.Router): void {
  router.get(DOCS_INIT_PATH, publicCache(DOCUMENT_MAX_AGE_SECONDS), (_req, res) => {
    res.type("application/javascript").send(DOCS_INIT);
  });
  router.use(DOCS_ASSETS_PATH, publicCache(ASSET_MAX_AGE_SECONDS), express.static(swaggerDir, { index: false, cacheControl: false }));
}

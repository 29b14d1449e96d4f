import { createRequire } from "node:module";
import path from "node:path";
import express from "express";
import { generateOpenApi } from "@ts-rest/open-api";
import { V1_PREFIX, v1Contract, type RouteAccess } from "@steward/contracts";
import { accessDocs } from "../shared/openapi-access.ts";
import { docsPagePolicy, publicCache } from "../middleware/security-headers.ts";

const swaggerDir = path.dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

let cached: object | undefined;

/** The OpenAPI 3 document, generated from the contracts (never hand-written). */
export function openApiDocument(): object {
  cached ??= generateOpenApi(
    v1Contract,
    {
      openapi: "3.0.3",
      info: {
        title: "Steward API",
        version: "1.0.0",
        description:
          "User and access administration. Authenticate with `Authorization: Bearer <token>`, where the token is a session token " +
          "from `POST /api/v1/auth/login` or an API key. Errors are `application/problem+json` (RFC 9457). " +
          "Lists are keyset-paginated: pass `nextCursor` back as `cursor`; `total` counts every match.",
      },
      components: {
        securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Session token or API key" } },
      },
      security: [{ bearer: [] }],
    },
    {
      setOperationId: true,
      operationMapper: (operation, appRoute) => {
        const access = appRoute.metadata as RouteAccess;
        const { needs, extensions } = accessDocs(access);
        return {
          ...operation,
          ...(access.access === "public" ? { security: [] } : {}),
          ...extensions,
          description: [operation.description, needs].filter(Boolean).join("\n\n"),
        };
      },
    },
  );
  return cached;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Steward API</title>
<link rel="stylesheet" href="${V1_PREFIX}/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="${V1_PREFIX}/docs/assets/swagger-ui-bundle.js"></script>
<script src="${V1_PREFIX}/docs/init.js"></script>
</body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "${V1_PREFIX}/openapi.json", dom_id: "#docs", deepLinking: true, persistAuthorization: true });`;

/** Public and the same for everyone: changes only with a new release. */
const DOCUMENT_MAX_AGE_SECONDS = 300;
const ASSET_MAX_AGE_SECONDS = 24 * 3600;

/** `GET /api/v1/openapi.json` and a browsable page at `/api/v1/docs` (served offline). */
export function openApiRoutes(router: express.Router): void {
  const documentCache = publicCache(DOCUMENT_MAX_AGE_SECONDS);
  router.get(`${V1_PREFIX}/openapi.json`, documentCache, (_req, res) => {
    res.json(openApiDocument());
  });
  router.get(`${V1_PREFIX}/docs`, documentCache, docsPagePolicy, (_req, res) => {
    res.type("html").send(DOCS_PAGE);
  });
  router.get(`${V1_PREFIX}/docs/init.js`, documentCache, (_req, res) => {
    res.type("application/javascript").send(DOCS_INIT);
  });
  router.use(
    `${V1_PREFIX}/docs/assets`,
    publicCache(ASSET_MAX_AGE_SECONDS),
    express.static(swaggerDir, { index: false, cacheControl: false }),
  );
}

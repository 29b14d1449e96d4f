import type express from "express";
import type { AppRouter } from "@ts-rest/core";
import { generateOpenApi } from "@ts-rest/open-api";
import type { RouteAccess } from "@steward/contracts";
import { accessDocs } from "./openapi-access.ts";
import { publicCache } from "../middleware/security-headers.ts";

export interface DialectDocument {
  title: string;
  description: string;
  /** Where the dialect is mounted: the document's server URL. */
  basePath: string;
  /** Where the document is served, under the base path: `/openapi.json` unless another surface there has that path. */
  path?: string;
}

/** The OpenAPI 3 document of a dialect, generated from its contract, with each route's permission. */
export function dialectOpenApi(contract: AppRouter, doc: DialectDocument): object {
  return generateOpenApi(
    contract,
    {
      openapi: "3.0.3",
      info: { title: doc.title, version: "1.0.0", description: doc.description },
      servers: [{ url: doc.basePath }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Steward session token or API key" } } },
      security: [{ bearer: [] }],
    },
    {
      setOperationId: true,
      operationMapper: (operation, appRoute) => {
        const { needs, extensions } = accessDocs(appRoute.metadata as RouteAccess);
        return { ...operation, ...extensions, description: needs };
      },
    },
  );
}

/** Serves a dialect's document at `<base>/openapi.json`, or `<base><doc.path>` (the router is mounted at the base path). */
export function dialectOpenApiRoute(contract: AppRouter, doc: DialectDocument): (router: express.Router) => void {
  let cached: object | undefined;
  return (router) => {
    router.get(doc.path ?? "/openapi.json", publicCache(300), (_req, res) => {
      cached ??= dialectOpenApi(contract, doc);
      res.json(cached);
    });
  };
}

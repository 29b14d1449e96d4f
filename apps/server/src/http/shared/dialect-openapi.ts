import type express from "express";
import type { AppRoute, AppRouter } from "@ts-rest/core";
import * as contracts from "@steward/contracts";
import { buildOpenApiDocument, type OperationExamples } from "./openapi-document.ts";
import { schemaNamer } from "./openapi-schemas.ts";
import { docsPage, jsonDocumentRoute } from "./openapi-serve.ts";

/** What a dialect's document says beyond its contract (each dialect's `openapi.ts`). */
export interface DialectDocument {
  contract: AppRouter;
  title: string;
  description: string;
  /** Every tag with what it groups: the contract's keys, or what tagOf answers for a contract without them. */
  tags: Record<string, string>;
  tagOf?: (route: AppRoute) => string;
  /** How a client authenticates on this dialect. */
  securityDescription: string;
  /** Where the document is served, under the base path: `/openapi.json` unless another surface there has that path. */
  path?: string;
  /** Where its docs page is, under the base path: `/docs` unless another surface there has that path. */
  docsPath?: string;
  examples?: Record<string, OperationExamples>;
}

const namer = schemaNamer(contracts);

/** The OpenAPI 3.1 document of a dialect mounted at `basePath`: its own error shapes, in its own content types. */
export function dialectOpenApi(doc: DialectDocument, basePath: string): Record<string, unknown> {
  return buildOpenApiDocument(doc.contract, {
    title: doc.title,
    description: doc.description,
    basePath,
    tags: doc.tags,
    tagOf: doc.tagOf,
    errorContentType: "application/json",
    namer,
    securityDescription: doc.securityDescription,
    examples: doc.examples,
  });
}

/** Serves a dialect's document at `<base>/openapi.json` (or `<base><doc.path>`) and its docs page at `<base>/docs` (the router is mounted at the base path). */
export function dialectOpenApiRoutes(doc: DialectDocument, basePath: string): (router: express.Router) => void {
  const documentPath = doc.path ?? "/openapi.json";
  return (router) => {
    router.get(documentPath, ...jsonDocumentRoute(() => dialectOpenApi(doc, basePath)));
    router.get(doc.docsPath ?? "/docs", ...docsPage(doc.title, `${basePath}${documentPath}`));
  };
}

import { STATUS_CODES } from "node:http";
import { isAppRoute, isAppRouteNoBody, isAppRouteOtherResponse, isZodType, type AppRoute, type AppRouter } from "@ts-rest/core";
import type { ZodTypeAny } from "zod";
import type { RouteAccess, StreamedBodies } from "@steward/contracts";
import { accessDocs } from "./openapi-access.ts";
import { OpenApiSchemas, WELL_FORMED_TEXT_NOTE, type SchemaNamer, type SchemaObject } from "./openapi-schemas.ts";

/** What one operation shows as examples: its parameters (path, query or header, by name), its request body and some of its answers, by status. */
export interface OperationExamples {
  parameters?: Record<string, unknown>;
  request?: unknown;
  responses?: Record<number, unknown>;
}

/** What a surface's document says beyond its contract. */
export interface OpenApiDocumentOptions {
  title: string;
  description: string;
  /** Where the surface is mounted: the document's server, and what operation paths are relative to. */
  basePath: string;
  /** A prefix the contract's paths carry that the server URL already says (v1's `/api/v1`). */
  pathPrefix?: string;
  /** Every tag, in the order they are listed, with what it groups. An operation's tag is its router's key (see tagOf). */
  tags: Record<string, string>;
  /** The tag of an operation of a contract that does not nest its routes under a key per resource. */
  tagOf?: (route: AppRoute) => string;
  /** The content type of the surface's error answers (v1: `application/problem+json`; a dialect: its own). */
  errorContentType: string;
  /** Names the component schemas (see namedSchemas()). */
  namer: SchemaNamer;
  /** How a client authenticates, for the `bearer` security scheme. */
  securityDescription: string;
  /** Examples, by operationId. */
  examples?: Record<string, OperationExamples>;
}

const METHODS: Record<string, string> = { GET: "get", POST: "post", PUT: "put", PATCH: "patch", DELETE: "delete" };
/** The answers every client may meet on any route, and the headers that come with them. */
const ERROR_HEADERS: Record<number, Record<string, SchemaObject>> = {
  401: { "WWW-Authenticate": { description: "The scheme and realm to authenticate with.", schema: { type: "string" } } },
  429: { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 0 } } },
  503: { "Retry-After": { description: "Seconds to wait before trying again.", schema: { type: "integer", minimum: 0 } } },
};

interface RouteEntry {
  id: string;
  /** The keys of the routers it is nested in (`["users"]`). */
  at: string[];
  route: AppRoute;
}

/** A shared error answer: the same status, content type and schema wherever it is declared. */
interface SharedResponse {
  status: number;
  contentType: string;
  body: ZodTypeAny;
  refs: SchemaObject[];
}

/**
 * An OpenAPI 3.1 document of a ts-rest contract: operations tagged by
 * resource, with stable operationIds (the route's key), who may call each
 * (`x-permission`, see openapi-access.ts), component schemas referenced
 * wherever they are used again, error answers declared once per status
 * under `components.responses` in the surface's own content type, and
 * examples where given.
 */
export function buildOpenApiDocument(contract: AppRouter, options: OpenApiDocumentOptions): Record<string, unknown> {
  const schemas = new OpenApiSchemas(options.namer);
  const shared: SharedResponse[] = [];
  const usedTags = new Set<string>();
  const paths: Record<string, Record<string, unknown>> = {};
  const operationIds = new Set<string>();

  for (const { id, at, route } of routesOf(contract)) {
    if (operationIds.has(id)) throw new Error(`OpenAPI: two routes named ${id}: operationIds must be unique`);
    operationIds.add(id);
    const tag = at[0] ?? options.tagOf?.(route);
    if (!tag || !(tag in options.tags)) throw new Error(`OpenAPI: ${id} has the tag ${tag ?? "(none)"}, which the document does not describe`);
    usedTags.add(tag);
    const access = route.metadata as RouteAccess;
    const { needs, extensions } = accessDocs(access);
    const examples = options.examples?.[id];
    const body = route.method !== "GET" && "body" in route ? route.body : undefined;
    const operation: Record<string, unknown> = {
      tags: [tag],
      summary: route.summary,
      description: [route.description, needs].filter(Boolean).join("\n\n"),
      operationId: id,
      ...(route.deprecated ? { deprecated: true } : {}),
      ...(access.access === "public" ? { security: [] } : {}),
    };
    const parameters = [
      ...pathParameters(route, schemas),
      ...objectParameters(route.headers, "header", schemas),
      ...objectParameters(route.query, "query", schemas),
    ];
    for (const [name, value] of Object.entries(examples?.parameters ?? {})) {
      const named = parameters.find((candidate) => candidate.name === name);
      if (!named) throw new Error(`OpenAPI: an example for ${id}'s parameter ${name}, which it does not have`);
      named.example = value;
    }
    if (parameters.length) operation.parameters = parameters;
    if (isZodType(body)) {
      const contentType = "contentType" in route && route.contentType ? route.contentType : "application/json";
      operation.requestBody = {
        required: !body.isOptional(),
        content: { [contentType]: { schema: schemas.schema(body, "input"), ...example(examples?.request) } },
      };
    }
    operation.responses = responsesOf(route, schemas, shared, options.errorContentType, examples?.responses ?? {});
    streamedBodies(operation, route.metadata as StreamedBodies, schemas);
    Object.assign(operation, extensions);
    const path = relativePath(route.path, options.pathPrefix).replace(/:(\w+)/g, "{$1}");
    const method = METHODS[route.method]!;
    if (paths[path]?.[method]) throw new Error(`OpenAPI: two operations at ${route.method} ${path}`);
    (paths[path] ??= {})[method] = operation;
  }
  if (options.examples) {
    const unknown = Object.keys(options.examples).filter((id) => !operationIds.has(id));
    if (unknown.length) throw new Error(`OpenAPI: examples for no operation: ${unknown.join(", ")}`);
  }

  const responses = sharedResponses(shared, schemas, options.namer);
  return {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: "1.0.0",
      description: `${options.description}\n\n${WELL_FORMED_TEXT_NOTE}`,
      contact: { name: "Steward", url: "https://steward.dev" },
    },
    // Relative: the server that serves this document, at the surface's base path.
    servers: [{ url: options.basePath }],
    security: [{ bearer: [] }],
    tags: Object.entries(options.tags)
      .filter(([name]) => usedTags.has(name))
      .map(([name, description]) => ({ name, description })),
    paths: schemas.resolveRefs(paths),
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: options.securityDescription } },
      schemas: schemas.components(),
      responses: schemas.resolveRefs(responses),
    },
  };
}

/**
 * A route whose bodies are streams (an import's NDJSON or CSV, an export's
 * answer) declares them in its metadata, record by record: each content
 * type with the schema of one record (a line, a row) and how they are laid out.
 */
function streamedBodies(operation: Record<string, unknown>, metadata: StreamedBodies, schemas: OpenApiSchemas): void {
  const described = (bodies: StreamedBodies["streamedRequest"], io: "input" | "output") => ({
    description: Object.entries(bodies!)
      .map(([type, record]) => `\`${type}\`: ${record.description}`)
      .join("\n\n"),
    content: Object.fromEntries(Object.entries(bodies!).map(([type, record]) => [type, { schema: schemas.schema(record.schema, io) }])),
  });
  if (metadata.streamedRequest) operation.requestBody = { required: true, ...described(metadata.streamedRequest, "input") };
  if (metadata.streamedResponse) (operation.responses as Record<string, unknown>)["200"] = described(metadata.streamedResponse, "output");
}

function routesOf(router: AppRouter, at: string[] = []): RouteEntry[] {
  return Object.entries(router).flatMap(([key, entry]) =>
    isAppRoute(entry) ? [{ id: key, at, route: entry }] : routesOf(entry as AppRouter, [...at, key]),
  );
}

function relativePath(path: string, prefix: string | undefined): string {
  if (!prefix) return path;
  if (!path.startsWith(`${prefix}/`)) throw new Error(`OpenAPI: ${path} is not under ${prefix}`);
  return path.slice(prefix.length);
}

function example(value: unknown): { example?: unknown } {
  return value === undefined ? {} : { example: value };
}

/** The fields of a query, header or path schema: a zod object (or a refinement of one), or a plain object of zod schemas as ts-rest also takes. */
function objectShape(zod: unknown): Record<string, ZodTypeAny> | undefined {
  if (zod && typeof zod === "object" && !isZodType(zod) && Object.values(zod).every((value) => isZodType(value))) {
    return zod as Record<string, ZodTypeAny>;
  }
  let schema = zod as ZodTypeAny | undefined;
  while (schema && isZodType(schema) && schema._def.typeName === "ZodEffects") schema = schema._def.schema as ZodTypeAny;
  if (!schema || !isZodType(schema) || schema._def.typeName !== "ZodObject") return undefined;
  return (schema as unknown as { shape: Record<string, ZodTypeAny> }).shape;
}

function pathParameters(route: AppRoute, schemas: OpenApiSchemas): SchemaObject[] {
  const shape = objectShape(route.pathParams) ?? {};
  return [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => {
    const field = shape[name!];
    return field ? parameter(name!, "path", field, schemas, true) : { name, in: "path", required: true, schema: { type: "string" } };
  });
}

function objectParameters(zod: unknown, where: "query" | "header", schemas: OpenApiSchemas): SchemaObject[] {
  const shape = objectShape(zod);
  if (zod !== undefined && zod !== null && !shape) throw new Error(`OpenAPI: ${where} parameters must be an object schema`);
  return Object.entries(shape ?? {}).map(([name, field]) => parameter(name, where, field, schemas, !OpenApiSchemas.isOptional(field, "input")));
}

function parameter(name: string, where: string, field: ZodTypeAny, schemas: OpenApiSchemas, required: boolean): SchemaObject {
  const full = schemas.schema(field, "input");
  // The description is the parameter's (or, for a bare reference, its component's).
  const { description: _own, ...schema } = full;
  const description = schemas.descriptionOf(full);
  return {
    name,
    in: where,
    ...(description ? { description } : {}),
    ...(required ? { required: true } : {}),
    // `filter[email]=...`: an object in the query string is written as a deep object.
    ...(where === "query" && schema.type === "object" ? { style: "deepObject", explode: true } : {}),
    schema,
  };
}

function responsesOf(
  route: AppRoute,
  schemas: OpenApiSchemas,
  shared: SharedResponse[],
  errorContentType: string,
  examples: Record<number, unknown>,
): Record<string, SchemaObject> {
  const responses: Record<string, SchemaObject> = {};
  for (const [statusText, response] of Object.entries(route.responses)) {
    const status = Number(statusText);
    const reason = STATUS_CODES[status] ?? statusText;
    if (isAppRouteNoBody(response)) {
      responses[statusText] = { description: reason };
      continue;
    }
    const other = isAppRouteOtherResponse(response) ? response : undefined;
    const body = other ? other.body : response;
    if (!isZodType(body)) {
      responses[statusText] = { description: reason };
      continue;
    }
    const contentType = other?.contentType ?? (status >= 400 ? errorContentType : "application/json");
    if (status >= 400 && examples[status] === undefined) {
      // One declaration per status, content type and schema, referenced from every route (named in sharedResponses()).
      let entry = shared.find((known) => known.status === status && known.contentType === contentType && known.body === body);
      if (!entry) shared.push((entry = { status, contentType, body, refs: [] }));
      const ref = { $ref: "" };
      entry.refs.push(ref);
      responses[statusText] = ref;
      continue;
    }
    responses[statusText] = {
      description: (status < 400 && body.description) || reason,
      content: { [contentType]: { schema: schemas.schema(body, "output"), ...example(examples[status]) } },
      ...(ERROR_HEADERS[status] ? { headers: ERROR_HEADERS[status] } : {}),
    };
  }
  return responses;
}

/** `components.responses`: `NotFound`, or `NotFoundPleromaError` where one status has more than one shape; every `$ref` pointed at its entry. */
function sharedResponses(shared: SharedResponse[], schemas: OpenApiSchemas, namer: SchemaNamer): Record<string, SchemaObject> {
  const entries = [...shared].sort((a, b) => a.status - b.status);
  const responses: Record<string, SchemaObject> = {};
  for (const entry of entries) {
    const reason = STATUS_CODES[entry.status] ?? String(entry.status);
    const sameStatus = entries.filter((other) => other.status === entry.status);
    const shape = sameStatus.length === 1 ? "" : (namer(entry.body) ?? String(sameStatus.indexOf(entry) + 1)) + (entry.contentType === "application/json" ? "" : pascal(entry.contentType));
    const name = pascal(reason) + shape;
    if (responses[name]) throw new Error(`OpenAPI: two shared responses named ${name}`);
    responses[name] = {
      description: reason,
      content: { [entry.contentType]: { schema: schemas.schema(entry.body, "output") } },
      ...(ERROR_HEADERS[entry.status] ? { headers: ERROR_HEADERS[entry.status] } : {}),
    };
    for (const ref of entry.refs) ref.$ref = `#/components/responses/${name}`;
  }
  return responses;
}

/** `Not Found` is `NotFound`; `text/plain` is `TextPlain`. */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
}

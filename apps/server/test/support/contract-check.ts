import type { AppRoute, AppRouteResponse, AppRouter } from "@ts-rest/core";
import { isAppRouteNoBody, isAppRouteOtherResponse, isZodType } from "@ts-rest/core";
import { initContract } from "@ts-rest/core";
import {
  ERROR_STATUS,
  PleromaErrorSchema,
  ProblemSchema,
  ProsodyErrorSchema,
  PterodactylErrorSchema,
  PryvEarlyErrorSchema,
  PryvFailureSchema,
  pryvEarlyContract,
  pryvContract,
  V1_PREFIX,
  errorCodes,
  pleromaContract,
  prosodyContract,
  pterodactylContract,
  v1Contract,
} from "@steward/contracts";
import type { ZodTypeAny } from "zod";
import type { ApiResponse } from "../harness.ts";
import { routesOf } from "./contract-routes.ts";

/**
 * Every answer a test receives from a surface is checked against that
 * surface's contract: the status must be one the route declares, the body
 * must parse with that status' schema. A surface (v1, each dialect) is
 * registered here by one entry; the route walker, the authorization matrix
 * and the bad-input matrices run over every entry.
 */
export interface Surface {
  /** Names the surface in test titles. */
  name: string;
  /** Where it is mounted: every path under it is answered by this surface. */
  prefix: string;
  contract: AppRouter;
  /** The body of every failure it answers, declared by a route or not (an unknown path's 404). */
  errorSchema: ZodTypeAny;
  /** Asserts an answer is this surface's error with `status`, in all its format says (beyond errorSchema: content type, codes). */
  expectError(res: ApiResponse, status: number): void;
  /** Paths under the prefix served beside the contract (its own description); their successful answers are not checked. */
  besideContract: string[];
  /** Reads a body as JSON whatever its declared content type (no 415 for a non-JSON type). */
  anyContentType?: boolean;
  /** Reads form bodies (application/x-www-form-urlencoded) as well as JSON. */
  readsForms?: boolean;
  /** The status of a body field the contract refuses, where it is not 400 (Pterodactyl: 422). */
  invalidFieldStatus?: number;
  /**
   * Shares its prefix with a surface listed after it (the two Pryv APIs at
   * `/pryv`): answers only the paths its contract or `besideContract` has,
   * whatever the method; the later one answers the rest.
   */
  sharesPrefix?: boolean;
}

/** Where the test server mounts Prosody's API (its default). */
export const PROSODY_PREFIX = "/admin_api";
/** Where the test server mounts Pleroma's admin API (its default). */
export const PLEROMA_PREFIX = "/api/pleroma/admin";
/** Where the test server mounts Pterodactyl's application API (its default). */
export const PTERODACTYL_PREFIX = "/api/application";
/** Where the test server mounts Pryv's admin API (its default). */
export const PRYV_PREFIX = "/pryv";

export const SURFACES: readonly Surface[] = [
  {
    name: "v1",
    prefix: V1_PREFIX,
    contract: v1Contract,
    errorSchema: ProblemSchema,
    // Each code has one status, so the status names the code.
    expectError: (res, status) => expectProblem(res, status, errorCodes.find((code) => ERROR_STATUS[code] === status)),
    besideContract: [`${V1_PREFIX}/openapi.json`, `${V1_PREFIX}/docs`],
  },
  {
    name: "prosody",
    prefix: PROSODY_PREFIX,
    // Dialect contracts are relative to their (configurable) base path: here, the default one.
    contract: initContract().router(prosodyContract, { pathPrefix: PROSODY_PREFIX }),
    errorSchema: ProsodyErrorSchema,
    expectError: (res, status) => expectProsodyError(res, status),
    besideContract: [`${PROSODY_PREFIX}/openapi.json`, `${PROSODY_PREFIX}/docs`],
    anyContentType: true,
  },
  {
    name: "pleroma",
    prefix: PLEROMA_PREFIX,
    contract: initContract().router(pleromaContract, { pathPrefix: PLEROMA_PREFIX }),
    errorSchema: PleromaErrorSchema,
    expectError: (res, status) => expectPleromaError(res, status),
    besideContract: [`${PLEROMA_PREFIX}/openapi.json`, `${PLEROMA_PREFIX}/docs`],
    readsForms: true,
  },
  {
    name: "pterodactyl",
    prefix: PTERODACTYL_PREFIX,
    contract: initContract().router(pterodactylContract, { pathPrefix: PTERODACTYL_PREFIX }),
    errorSchema: PterodactylErrorSchema,
    expectError: (res, status) => expectPterodactylError(res, status),
    // A field its contract refuses in the body is the Panel's 422 (one entry per field).
    invalidFieldStatus: 422,
    besideContract: [`${PTERODACTYL_PREFIX}/openapi.json`, `${PTERODACTYL_PREFIX}/docs`],
    readsForms: true,
  },
  {
    name: "pryv-early",
    prefix: PRYV_PREFIX,
    contract: initContract().router(pryvEarlyContract, { pathPrefix: PRYV_PREFIX }),
    errorSchema: PryvEarlyErrorSchema,
    expectError: (res, status) => expectPryvEarlyError(res, status),
    besideContract: [`${PRYV_PREFIX}/admin/openapi.json`, `${PRYV_PREFIX}/admin/docs`],
    sharesPrefix: true,
  },
  {
    name: "pryv",
    prefix: PRYV_PREFIX,
    contract: initContract().router(pryvContract, { pathPrefix: PRYV_PREFIX }),
    // A refused body is plain text (a JSON-encoded string for other failures); everything else `{"error":{"message"}}`.
    errorSchema: PryvFailureSchema,
    expectError: (res, status) => expectPryvError(res, status),
    besideContract: [`${PRYV_PREFIX}/openapi.json`, `${PRYV_PREFIX}/docs`],
  },
];

/** Each surface's routes in declaration order, to match answers to. */
const declaredRoutes = new Map(SURFACES.map((surface) => [surface, routesOf([surface]).map(({ route }) => route)]));

/** v1's error format: an RFC 9457 problem (application/problem+json) with this status, and this code when one is given. */
export function expectProblem(res: ApiResponse, status: number, code?: string): void {
  const where = `${res.status} ${JSON.stringify(res.body)}`;
  if (res.status !== status) throw new Error(`expected ${status}, got ${where}`);
  if (!String(res.headers.get("content-type")).startsWith("application/problem+json")) {
    throw new Error(`expected application/problem+json, got ${res.headers.get("content-type")}: ${where}`);
  }
  if (res.body?.status !== status || typeof res.body?.detail !== "string" || !res.body?.code) {
    throw new Error(`not a problem document: ${where}`);
  }
  if (code && res.body.code !== code) throw new Error(`expected code ${code}, got ${where}`);
}

/** Prosody's error format: JSON `{error, text}` with this status, and this condition when one is given. */
export function expectProsodyError(res: ApiResponse, status: number, condition?: string): void {
  expectJsonError(res, status, ProsodyErrorSchema, "Prosody", condition);
}

/** Pleroma's error format: JSON `{error}` with this status, and this message when one is given. */
export function expectPleromaError(res: ApiResponse, status: number, message?: string): void {
  expectJsonError(res, status, PleromaErrorSchema, "Pleroma", message);
}

/** The Panel's error format: JSON `{errors: [{code, status, detail}]}` with this status, and this first code when one is given. */
/** Pryv's errors: this status; a 400 as plain text, the rest JSON (`{"error":{"message"}}` or a bare string). */
export function expectPryvError(res: ApiResponse, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  const contentType = res.headers.get("content-type") ?? "";
  if (status === 400) {
    if (!contentType.startsWith("text/plain") || typeof res.body !== "string" || !res.body) throw new Error(`expected a plain-text 400, got ${contentType} ${JSON.stringify(res.body)}`);
    return;
  }
  if (!contentType.startsWith("application/json")) throw new Error(`expected JSON, got ${contentType}`);
  PryvFailureSchema.parse(res.body);
}

/** The early Pryv methods' format: JSON `{"error":{"id","message"}}` with this status (and id, when given), and `Server-Time` as every answer has. */
export function expectPryvEarlyError(res: ApiResponse, status: number, id?: string): void {
  expectJsonError(res, status, PryvEarlyErrorSchema, "Pryv (early)");
  if (id && res.body.error.id !== id) throw new Error(`expected error id ${id}, got ${res.status} ${JSON.stringify(res.body)}`);
  if (!/^\d+(\.\d+)?$/.test(res.headers.get("server-time") ?? "")) throw new Error(`expected a Server-Time header, got ${res.headers.get("server-time")}`);
}

export function expectPterodactylError(res: ApiResponse, status: number, code?: string): void {
  const where = `${res.status} ${JSON.stringify(res.body)}`;
  if (res.status !== status) throw new Error(`expected ${status}, got ${where}`);
  if (!String(res.headers.get("content-type")).startsWith("application/json")) {
    throw new Error(`expected application/json, got ${res.headers.get("content-type")}: ${where}`);
  }
  const parsed = PterodactylErrorSchema.safeParse(res.body);
  if (!parsed.success) throw new Error(`not a Pterodactyl error: ${where}`);
  if (parsed.data.errors.some((error) => error.status !== String(status))) throw new Error(`an entry's status is not ${status}: ${where}`);
  if (code && parsed.data.errors[0]!.code !== code) throw new Error(`expected code ${code}, got ${where}`);
}

/** A dialect's JSON error: the status, application/json, the dialect's error schema, and its `error` when one is given. */
function expectJsonError(res: ApiResponse, status: number, schema: ZodTypeAny, dialect: string, error?: string): void {
  const where = `${res.status} ${JSON.stringify(res.body)}`;
  if (res.status !== status) throw new Error(`expected ${status}, got ${where}`);
  if (!String(res.headers.get("content-type")).startsWith("application/json")) {
    throw new Error(`expected application/json, got ${res.headers.get("content-type")}: ${where}`);
  }
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`not a ${dialect} error: ${where}`);
  if (error && parsed.data.error !== error) throw new Error(`expected error ${error}, got ${where}`);
}

/** Throws, naming the request and the answer, unless the answer is one the contract allows. */
export function expectContractAnswer(method: string, url: string, res: ApiResponse): void {
  const violation = contractViolation(method, url, res);
  if (violation) throw new Error(`contract check: ${violation}`);
}

/**
 * What is wrong with an answer by the contract of the surface it came
 * from; null when nothing is, or when the path is under no surface (the
 * platform's own endpoints, like /healthz, have no contract).
 */
export function contractViolation(method: string, url: string, res: ApiResponse): string | null {
  const path = url.split("?")[0]!;
  const surface = surfaceOf(path);
  if (!surface) return null;
  const answer = `${method} ${path.slice(0, 200)} answered ${res.status} ${describeBody(res.body)}`;
  const route = routeFor(surface, method, path);
  // `OPTIONS` on a path the surface has: 204 with `Allow` (or a CORS preflight), beside every contract.
  if (!route && method === "OPTIONS" && res.status === 204) return hasBody(res.body) ? `${answer}: OPTIONS answers no body` : null;
  if (!route) {
    if (res.status >= 400) return schemaViolation(surface.errorSchema, res.body, `${answer}: not a ${surface.name} error`);
    if (surface.besideContract.some((p) => path === p || path.startsWith(`${p}/`))) return null;
    return `${answer}, but no route of the ${surface.name} contract matches that path`;
  }
  const declared = (route.responses as Record<number, AppRouteResponse | undefined>)[res.status];
  const routeName = `${route.method} ${route.path}`;
  if (declared === undefined) {
    return `${answer}, a status ${routeName} does not declare (it declares ${Object.keys(route.responses).join(", ")})`;
  }
  // HTTP gives these no body, whatever is declared.
  if (isAppRouteNoBody(declared) || res.status === 204 || res.status === 304) {
    return hasBody(res.body) ? `${answer}: ${routeName} declares no body for ${res.status}` : null;
  }
  const contentType = res.headers.get("content-type") ?? "";
  if (isAppRouteOtherResponse(declared)) {
    if (!contentType.startsWith(declared.contentType)) return `${answer}: ${routeName} declares ${declared.contentType}, got ${contentType}`;
    return isZodType(declared.body) ? schemaViolation(declared.body, res.body, `${answer}: not what ${routeName} declares for ${res.status}`) : null;
  }
  if (isZodType(declared)) {
    if (!/^application\/([\w.-]+\+)?json\b/.test(contentType)) return `${answer}: ${routeName} declares a JSON body for ${res.status}, got ${contentType}`;
    return schemaViolation(declared, res.body, `${answer}: not what ${routeName} declares for ${res.status}`);
  }
  return `${answer}: ${routeName} declares its ${res.status} as neither a zod schema, c.noBody() nor c.otherResponse(), which this check cannot read`;
}

/** The surface a path is answered by: the first whose prefix it is under and, for one sharing its prefix, whose paths include it. */
export function surfaceOf(path: string): Surface | undefined {
  return SURFACES.find(
    (s) =>
      (path === s.prefix || path.startsWith(`${s.prefix}/`)) &&
      (!s.sharesPrefix || s.besideContract.includes(path) || declaredRoutes.get(s)!.some((route) => pathMatches(route.path, path))),
  );
}

const pathMatches = (declaredPath: string, path: string): boolean => {
  const segments = path.replace(/(.)\/$/, "$1").split("/");
  const declared = declaredPath.split("/");
  return declared.length === segments.length && declared.every((part, i) => (part.startsWith(":") ? segments[i] !== "" : part.toLowerCase() === segments[i]!.toLowerCase()));
};

/**
 * The route Express would give the request: the first one declared with
 * this method whose segments match (a literal equal, a `:param` any
 * non-empty segment). A trailing slash is ignored, as Express does.
 */
function routeFor(surface: Surface, method: string, path: string): AppRoute | undefined {
  const segments = path.replace(/(.)\/$/, "$1").split("/");
  return declaredRoutes.get(surface)!.find((route) => {
    if (route.method !== method) return false;
    const declared = route.path.split("/");
    return declared.length === segments.length && declared.every((part, i) => (part.startsWith(":") ? segments[i] !== "" : part === segments[i]));
  });
}

function schemaViolation(schema: ZodTypeAny, body: unknown, what: string): string | null {
  const result = schema.safeParse(body);
  if (result.success) return null;
  return `${what}: ${result.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ")}`;
}

const hasBody = (body: unknown) => body !== undefined && body !== "";

function describeBody(body: unknown): string {
  if (!hasBody(body)) return "with no body";
  return (typeof body === "string" ? body : JSON.stringify(body)).slice(0, 500);
}

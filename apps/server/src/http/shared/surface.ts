import express from "express";
import { isAppRoute, type AppRoute, type AppRouter } from "@ts-rest/core";
import { createExpressEndpoints } from "@ts-rest/express";
import { secretParamsOf } from "@steward/contracts";
import type { Caller, Deps, ServiceContext } from "../../services/kernel/context.ts";
import { ServiceError } from "../../services/kernel/errors.ts";
import type { PathRedactor } from "./log-path.ts";
import { authorize, routeAccess, type CredentialReader } from "../middleware/authorize.ts";
import { callerOf, serviceContext, type RequestLike } from "./context.ts";

/** What a surface's handlers get: a way to build the service context, never the dependencies themselves. */
export interface HandlerTools {
  /** The context for a service call made for this request (caller, address, surface). */
  context(req: RequestLike, res: express.Response): ServiceContext;
  /** The authenticated caller of a route that requires one. */
  caller(res: express.Response): Caller;
}

/** A contract's handlers, as ts-rest's `initServer().router` builds them (the type is not exported by name). */
export type Handlers<C extends AppRouter> = Parameters<typeof createExpressEndpoints<C>>[1];

/**
 * One API surface (`/api/v1`, or a compatibility dialect): its contract and
 * handlers, and everything that makes it speak its own protocol. Nothing
 * one surface needs is global.
 */
export interface Surface<C extends AppRouter> {
  /** `v1` or the dialect's name; audit events and sessions record it. */
  name: string;
  /**
   * A finer label for some requests, recorded instead of `name` (v1: `console`
   * for what the console forwards). Informational: a client chooses it.
   */
  labelOf?: (req: RequestLike) => string | undefined;
  contract: C;
  handlers: (tools: HandlerTools) => Handlers<C>;
  /**
   * Paths this surface answers under, as the router sees them: its 404 and
   * error mapper apply there. `/` when the surface is mounted at its own base path.
   */
  scope: string;
  /** Reads (or refuses) request bodies, as this protocol sends them. */
  readBody: express.RequestHandler;
  /** Run after the caller is authenticated, before the handler (v1: `Idempotency-Key`). */
  afterAuthorize?: (tools: HandlerTools) => express.RequestHandler[];
  /** Finds the credential in a request: a bearer token, a raw header, an API key. */
  readCredential: CredentialReader;
  /** The realm named in `WWW-Authenticate` when a credential is missing or refused. */
  realm: string;
  /** Answers a request no route matched, in this surface's format. */
  notFound: express.RequestHandler;
  /** Turns any failure into this surface's error format. */
  mapError: express.ErrorRequestHandler;
  /** Routes outside the contract (OpenAPI document, docs page), registered after it. */
  extraRoutes?: (router: express.Router) => void;
  /** The paths of `extraRoutes`, for a surface that shares its base path (see MountOptions.fallThrough). */
  extraPaths?: string[];
}

/** Where a surface is mounted, and where the routes with secret path parameters are told (see log-path.ts). */
export interface MountOptions {
  /** Collects this surface's routes that declare `secretParams`, for the request log. */
  paths?: PathRedactor;
  /** The path the router is mounted at (`/admin_api`); empty when mounted at the root (v1). */
  basePath?: string;
  /**
   * Another surface shares the base path and is mounted after this one: a
   * request for a path none of this surface's routes has (whatever the
   * method) goes on to it untouched — not a byte of its body read, no
   * header set. A path this surface has is its own: a wrong method there
   * is its 404.
   */
  fallThrough?: boolean;
}

/**
 * Builds a surface's router. Refuses, at start-up, a contract route that
 * does not declare who may call it: an undeclared route would otherwise
 * only fail when first called. Tells `options.paths` every route that
 * declares secret path parameters, and refuses to mount one without it.
 */
export function mountSurface<C extends AppRouter>(deps: Deps, surface: Surface<C>, options: MountOptions = {}): express.Router {
  assertEveryRouteDeclaresAccess(surface.name, surface.contract);
  for (const route of routesOf(surface.contract)) {
    const secretParams = secretParamsOf(route.metadata);
    if (!secretParams.length) continue;
    if (!options.paths) {
      throw new Error(`${surface.name}: ${route.method} ${route.path} has secret path parameters, and nothing keeps them out of the log`);
    }
    options.paths.add(`${options.basePath ?? ""}${route.path}`, secretParams);
  }
  const router = express.Router();
  const routes = routesOf(surface.contract);
  const labels: express.RequestHandler = (_req, res, next) => {
    // For the request log and metrics: which surface answered, and where it is mounted.
    res.locals.surface = surface.name;
    res.locals.surfaceBase = options.basePath ?? "";
    next();
  };
  if (options.fallThrough) {
    const owns = pathMatcher([...routes.map((route) => route.path), ...(surface.extraPaths ?? [])]);
    router.use((req, _res, next) => next(owns(req.path) ? undefined : "router"));
  }
  router.use(labels);
  router.use(surface.readBody);
  const tools: HandlerTools = {
    context: (req, res) => serviceContext(deps, req, res, surface.labelOf?.(req) ?? surface.name),
    caller: callerOf,
  };
  createExpressEndpoints(surface.contract, surface.handlers(tools), router, {
    logInitialization: false,
    jsonQuery: false,
    responseValidation: false,
    globalMiddleware: [authorize(deps, surface.readCredential, surface.realm), ...(surface.afterAuthorize?.(tools) ?? [])] as never[],
    requestValidationErrorHandler: (err, _req, _res, next) => next(err),
  });
  surface.extraRoutes?.(router);
  // Not scoped: it matches the contract's own paths, which are relative to the router, not to the scope.
  router.use(methodNotAllowed(routes, surface));
  router.use(surface.scope, surface.notFound);
  router.use(surface.scope, surface.mapError);
  return router;
}

function assertEveryRouteDeclaresAccess(surface: string, contract: AppRouter, at = ""): void {
  for (const [name, entry] of Object.entries(contract)) {
    if (!isAppRoute(entry)) {
      assertEveryRouteDeclaresAccess(surface, entry as AppRouter, `${at}${name}.`);
      continue;
    }
    if (!routeAccess(entry)) {
      throw new Error(`${surface}: route ${at}${name} (${entry.method} ${entry.path}) declares no access in its metadata`);
    }
  }
}

/**
 * A path the surface has, asked with a method it does not serve there: 405
 * with `Allow` (in the surface's error format), or for `OPTIONS`, 204 with
 * `Allow`. Other paths go on to the surface's 404.
 */
function methodNotAllowed(routes: AppRoute[], surface: Pick<Surface<AppRouter>, "mapError">): express.RequestHandler {
  const byPath = new Map<string, Set<string>>();
  for (const route of routes) byPath.set(route.path, (byPath.get(route.path) ?? new Set()).add(route.method));
  const matchers = [...byPath].map(([path, methods]) => ({ matches: pathMatcher([path]), methods }));
  return (req, res, next) => {
    const methods = new Set(matchers.filter(({ matches }) => matches(req.path)).flatMap(({ methods }) => [...methods]));
    if (methods.size === 0) return next();
    if (methods.has("GET")) methods.add("HEAD");
    methods.add("OPTIONS");
    const allow = [...methods].join(", ");
    res.setHeader("Allow", allow);
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    surface.mapError(new ServiceError("method_not_allowed", `${req.method} is not served here; this path takes ${allow}`, { reason: "method_not_allowed" }), req, res, next);
  };
}

/**
 * Whether a request path is one of `paths` (Express patterns, `:name`
 * standing for one segment), as Express matches them: case-insensitive, a
 * trailing slash allowed.
 */
function pathMatcher(paths: string[]): (path: string) => boolean {
  const patterns = paths.map(
    (path) => new RegExp(`^${path.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/")}/?$`, "i"),
  );
  return (path) => patterns.some((pattern) => pattern.test(path));
}

function routesOf(contract: AppRouter): AppRoute[] {
  return Object.values(contract).flatMap((entry) => (isAppRoute(entry) ? [entry] : routesOf(entry as AppRouter)));
}

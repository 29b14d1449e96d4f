import express from "express";
import { isAppRoute, type AppRouter } from "@ts-rest/core";
import { createExpressEndpoints } from "@ts-rest/express";
import type { Caller, Deps, ServiceContext } from "../services/kernel/context.ts";
import { authorize, routeAccess, type CredentialReader } from "./middleware/authorize.ts";
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
}

/**
 * Builds a surface's router. Refuses, at start-up, a contract route that
 * does not declare who may call it: an undeclared route would otherwise
 * only fail when first called.
 */
export function mountSurface<C extends AppRouter>(deps: Deps, surface: Surface<C>): express.Router {
  assertEveryRouteDeclaresAccess(surface.name, surface.contract);
  const router = express.Router();
  router.use(surface.readBody);
  const tools: HandlerTools = {
    context: (req, res) => serviceContext(deps, req, res, surface.labelOf?.(req) ?? surface.name),
    caller: callerOf,
  };
  createExpressEndpoints(surface.contract, surface.handlers(tools), router, {
    logInitialization: false,
    jsonQuery: false,
    responseValidation: false,
    globalMiddleware: [authorize(deps, surface.readCredential, surface.realm) as never],
    requestValidationErrorHandler: (err, _req, _res, next) => next(err),
  });
  surface.extraRoutes?.(router);
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

import type { NextFunction, Request, Response } from "express";
import type { AppRoute } from "@ts-rest/core";
import { grants, type RouteAccess } from "@steward/contracts";
import { authenticate, type Authenticated } from "../../services/auth/authenticate.ts";
import type { Deps } from "../../services/context.ts";
import { ServiceError } from "../../services/errors.ts";

/** The bearer token of a request, if it sent one. */
export function bearerToken(req: Request): string | null {
  const header = req.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

export function routeAccess(route: AppRoute): RouteAccess {
  const access = (route.metadata as RouteAccess | undefined)?.access;
  if (!access) throw new Error(`Route ${route.method} ${route.path} declares no access in its metadata`);
  return route.metadata as RouteAccess;
}

/**
 * The one place permissions are checked: every contract route declares its
 * access in metadata, and this middleware (mounted for all routes) enforces it.
 */
export function authorize(deps: Deps) {
  return async (req: Request & { tsRestRoute: AppRoute }, res: Response, next: NextFunction) => {
    try {
      const access = routeAccess(req.tsRestRoute);
      if (access.access === "public") return next();
      const token = bearerToken(req);
      const caller = token ? await authenticate(deps, token) : null;
      if (!caller) {
        res.setHeader("WWW-Authenticate", 'Bearer realm="steward"');
        throw new ServiceError(
          "unauthorized",
          token ? "The token is unknown, expired or revoked" : "Sign in or send an API key as `Authorization: Bearer <token>`",
          { reason: token ? "invalid_token" : "missing_token" },
        );
      }
      if (access.access === "permission" && !grants(caller.actor.permissions, access.permission)) {
        throw new ServiceError("forbidden", `This needs the permission ${access.permission}`, { reason: "missing_permission" });
      }
      res.locals.caller = caller satisfies Authenticated;
      next();
    } catch (error) {
      next(error);
    }
  };
}

import type { NextFunction, Request, Response } from "express";
import type { AppRoute } from "@ts-rest/core";
import { missingPermissions, requiredPermissions, type RouteAccess } from "@steward/contracts";
import { authenticate } from "../../services/auth/authenticate.ts";
import type { Caller, Deps } from "../../services/kernel/context.ts";
import { ServiceError } from "../../services/kernel/errors.ts";

/** Finds the credential a surface's clients send; null when there is none. */
export type CredentialReader = (req: Request) => string | null;

/** What a contract route declares about who may call it; undefined when it declares nothing. */
export function routeAccess(route: AppRoute): RouteAccess | undefined {
  const access = route.metadata as RouteAccess | undefined;
  return access && typeof access === "object" && "access" in access ? access : undefined;
}

/** `Authorization: Bearer <token>`: what /api/v1 and most dialects send. */
export const bearerToken: CredentialReader = (req) => {
  const header = req.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
};

/**
 * The one place permissions are checked: every contract route declares its
 * access in metadata (checked when the surface is mounted), and this
 * middleware, mounted on every surface's routes, enforces it.
 */
export function authorize(deps: Deps, readCredential: CredentialReader, realm: string) {
  return async (req: Request & { tsRestRoute: AppRoute }, res: Response, next: NextFunction) => {
    try {
      const access = routeAccess(req.tsRestRoute)!;
      if (access.access === "public") return next();
      const token = readCredential(req);
      const caller = token ? await authenticate(deps, token, { ip: req.ip ?? null }) : null;
      if (!caller) {
        res.setHeader("WWW-Authenticate", `Bearer realm="${realm}"`);
        throw new ServiceError(
          "unauthorized",
          token ? "The token is unknown, expired or revoked" : "Sign in or send an API key as `Authorization: Bearer <token>`",
          { reason: token ? "invalid_token" : "missing_token" },
        );
      }
      if (access.access === "permission" && access.role && !caller.actor.roles.includes(access.role)) {
        throw new ServiceError("forbidden", `This API is only for users holding the ${access.role} role`, { reason: "missing_role" });
      }
      const lacking = missingPermissions(caller.actor.permissions, requiredPermissions(access));
      if (lacking.length) {
        throw new ServiceError("forbidden", `This needs the permission${lacking.length > 1 ? "s" : ""} ${lacking.join(", ")}`, { reason: "missing_permission" });
      }
      res.locals.caller = caller satisfies Caller;
      next();
    } catch (error) {
      next(error);
    }
  };
}

import type { Request, Response } from "express";
import type { Authenticated } from "../services/auth/authenticate.ts";
import { SYSTEM_ACTOR, type Deps, type RequestMeta, type ServiceContext } from "../services/context.ts";

// Handlers pass ts-rest's typed request, whose parsed query no longer fits
// Express' Request type; only `ip` and headers are read here.
type AnyRequest = Pick<Request, "ip"> & { get(name: string): unknown };

export function requestMeta(anyReq: AnyRequest, res: Response, dialect: string): RequestMeta {
  const req = anyReq as Request;
  return {
    ip: req.ip ?? null,
    requestId: (res.locals.requestId as string | undefined) ?? null,
    userAgent: req.get("user-agent") ?? null,
    dialect,
  };
}

/** What a handler hands to services: the caller and where the request came from. */
export function serviceContext(deps: Deps, req: AnyRequest, res: Response, dialect = "v1"): ServiceContext {
  const caller = res.locals.caller as Authenticated | undefined;
  return { ...deps, actor: caller?.actor ?? { ...SYSTEM_ACTOR, type: "system", permissions: [] }, meta: requestMeta(req, res, dialect) };
}

export function callerOf(res: Response): Authenticated {
  const caller = res.locals.caller as Authenticated | undefined;
  if (!caller) throw new Error("callerOf used on a route that does not authenticate");
  return caller;
}

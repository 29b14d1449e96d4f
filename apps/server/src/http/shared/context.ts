import type { Request, Response } from "express";
import { ANONYMOUS_ACTOR, type Caller, type Deps, type RequestMeta, type ServiceContext } from "../../services/kernel/context.ts";

/** ts-rest hands handlers its own typed request; only `ip` and headers are read from it. */
export type RequestLike = Pick<Request, "ip"> & { get(name: string): unknown };

export function requestMeta(anyReq: RequestLike, res: Response, surface: string): RequestMeta {
  const req = anyReq as Request;
  return {
    ip: req.ip ?? null,
    requestId: (res.locals.requestId as string | undefined) ?? null,
    userAgent: req.get("user-agent") ?? null,
    dialect: surface,
  };
}

/** What a handler hands to services: the caller (anonymous on public routes) and where the request came from. */
export function serviceContext(deps: Deps, req: RequestLike, res: Response, surface: string): ServiceContext {
  const caller = res.locals.caller as Caller | undefined;
  return { ...deps, actor: caller?.actor ?? ANONYMOUS_ACTOR, meta: requestMeta(req, res, surface) };
}

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error("callerOf used on a route that does not authenticate");
  return caller;
}

import type { AppRoute, AppRouter } from "@ts-rest/core";
import { isAppRoute } from "@ts-rest/core";
import type { Surface } from "./contract-check.ts";

export interface ContractRoute {
  surface: Surface;
  /** Where the route sits in its surface's router (`users.createUser`). */
  name: string;
  route: AppRoute;
}

/** Every route of these surfaces, in declaration order (the order the server registers them in). */
export function routesOf(surfaces: readonly Surface[]): ContractRoute[] {
  return surfaces.flatMap((surface) => walk(surface.contract).map(([name, route]) => ({ surface, name, route })));
}

function walk(router: AppRouter, prefix = ""): [string, AppRoute][] {
  return Object.entries(router).flatMap(([name, value]) =>
    isAppRoute(value) ? [[`${prefix}${name}`, value] as [string, AppRoute]] : walk(value as AppRouter, `${prefix}${name}.`),
  );
}

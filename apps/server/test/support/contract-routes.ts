import type { AppRoute, AppRouter } from "@ts-rest/core";
import { isAppRoute } from "@ts-rest/core";

/** Every route of a contract, named by where it sits in the router (`users.createUser`). */
export function routesOf(router: AppRouter, prefix = ""): [string, AppRoute][] {
  return Object.entries(router).flatMap(([name, value]) =>
    isAppRoute(value) ? [[`${prefix}${name}`, value] as [string, AppRoute]] : routesOf(value as AppRouter, `${prefix}${name}.`),
  );
}

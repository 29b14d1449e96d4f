import type express from "express";
import type { Logger } from "../../lib/logger.ts";
import type { Deps } from "../../services/kernel/context.ts";
import type { PathRedactor } from "../shared/log-path.ts";
import { mountSurface, type MountOptions } from "../shared/surface.ts";
import type { DialectName, DialectSettings } from "./names.ts";

/** What mounting one dialect needs besides its surface's own options. */
interface DialectMount {
  deps: Deps;
  basePath: string;
  xmppDomain: string;
  log: Logger;
}

/**
 * Each dialect's surface, loaded only when it is switched on: a dialect
 * that is off costs no module evaluation, no router and no handlers (its
 * contract's schemas are still built, by `@steward/contracts`). A new
 * dialect plugs in here: its name and default path in names.ts, and one
 * entry below importing and building its surface.
 */
const DIALECT_ROUTERS: Record<DialectName, (mount: DialectMount, options: MountOptions) => Promise<express.Router>> = {
  prosody: async ({ deps, basePath, xmppDomain, log }, options) =>
    mountSurface(deps, (await import("./prosody/surface.ts")).prosodySurface({ basePath, realmHost: xmppDomain, log }), options),
  pleroma: async ({ deps, basePath, log }, options) => mountSurface(deps, (await import("./pleroma/surface.ts")).pleromaSurface({ basePath, log }), options),
  pterodactyl: async ({ deps, basePath, log }, options) =>
    mountSurface(deps, (await import("./pterodactyl/surface.ts")).pterodactylSurface({ basePath, log }), options),
  pryv: async ({ deps, basePath, log }, options) => mountSurface(deps, (await import("./pryv/surface.ts")).pryvSurface({ basePath, log }), options),
  "pryv-early": async ({ deps, basePath, log }, options) =>
    mountSurface(deps, (await import("./pryv-early/surface.ts")).pryvEarlySurface({ basePath, log, clock: deps.clock }), options),
};

/**
 * Mounts every switched-on dialect at its base path, each its own surface.
 * Dialects whose paths are disjoint may share a base path (the two Pryv
 * APIs at `/pryv`): each but the last one mounted there passes on the paths
 * it does not have, and the last answers those 404. They are mounted in
 * DIALECT_NAMES' order, whatever the order they were listed in, so the last
 * one at `/pryv` is always the same.
 */
export async function mountDialects(app: express.Express, deps: Deps, settings: DialectSettings, log: Logger, paths: PathRedactor): Promise<void> {
  for (const [index, { name, basePath }] of settings.enabled.entries()) {
    const sharedLater = settings.enabled.slice(index + 1).some((later) => later.basePath === basePath);
    app.use(basePath, await DIALECT_ROUTERS[name]({ deps, basePath, xmppDomain: settings.xmppDomain, log }, { paths, basePath, fallThrough: sharedLater }));
  }
}

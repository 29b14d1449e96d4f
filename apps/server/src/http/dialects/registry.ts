import type express from "express";
import type { Logger } from "../../lib/logger.ts";
import type { Deps } from "../../services/kernel/context.ts";
import type { PathRedactor } from "../shared/log-path.ts";
import { mountSurface } from "../shared/surface.ts";
import type { DialectSettings } from "./names.ts";
import { pleromaSurface } from "./pleroma/surface.ts";
import { prosodySurface } from "./prosody/surface.ts";
import { pryvEarlySurface } from "./pryv-early/surface.ts";
import { pryvSurface } from "./pryv/surface.ts";
import { pterodactylSurface } from "./pterodactyl/surface.ts";

/**
 * Mounts every switched-on dialect at its base path, each its own surface.
 * A new dialect plugs in here: its name and default path above, and one
 * line below building its surface. Dialects whose paths are disjoint may
 * share a base path (the two Pryv APIs at `/pryv`): each but the last one
 * mounted there passes on the paths it does not have, and the last answers
 * those 404. They are mounted in DIALECT_NAMES' order, whatever the order
 * they were listed in, so the last one at `/pryv` is always the same.
 */
export function mountDialects(app: express.Express, deps: Deps, settings: DialectSettings, log: Logger, paths: PathRedactor): void {
  for (const [index, { name, basePath }] of settings.enabled.entries()) {
    const sharedLater = settings.enabled.slice(index + 1).some((later) => later.basePath === basePath);
    const mount = { paths, basePath, fallThrough: sharedLater };
    switch (name) {
      case "prosody":
        app.use(basePath, mountSurface(deps, prosodySurface({ basePath, realmHost: settings.xmppDomain, log }), mount));
        break;
      case "pleroma":
        app.use(basePath, mountSurface(deps, pleromaSurface({ basePath, log }), mount));
        break;
      case "pterodactyl":
        app.use(basePath, mountSurface(deps, pterodactylSurface({ basePath, log }), mount));
        break;
      case "pryv":
        app.use(basePath, mountSurface(deps, pryvSurface({ basePath, log }), mount));
        break;
      case "pryv-early":
        app.use(basePath, mountSurface(deps, pryvEarlySurface({ basePath, log, clock: deps.clock }), mount));
        break;
    }
  }
}

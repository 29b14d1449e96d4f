import type { Logger } from "../../../lib/logger.ts";

export interface ProsodyOptions {
  /** Where the dialect is mounted (`/admin_api` by default). */
  basePath: string;
  /**
   * The host in the Basic realm (`<host>/http_admin_api`): the environment's
   * XMPP domain. JIDs in answers take the settings' `xmpp.domain`, per request.
   */
  realmHost: string;
  log: Logger;
}

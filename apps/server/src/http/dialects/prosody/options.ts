import type { Logger } from "../../../lib/logger.ts";

export interface ProsodyOptions {
  /** Where the dialect is mounted (`/admin_api` by default). */
  basePath: string;
  /** The XMPP domain users live under: JIDs are `username@domain`. */
  domain: string;
  log: Logger;
}

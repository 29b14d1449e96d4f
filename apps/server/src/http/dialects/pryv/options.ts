import type { Logger } from "../../../lib/logger.ts";

export interface PryvOptions {
  /** Where the dialect is mounted (`/pryv` by default). */
  basePath: string;
  log: Logger;
}

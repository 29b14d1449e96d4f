import type { Logger } from "../../../lib/logger.ts";

export interface PleromaOptions {
  /** Where the dialect is mounted (`/api/pleroma/admin` by default). */
  basePath: string;
  log: Logger;
}

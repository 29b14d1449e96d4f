import type { Logger } from "../../../lib/logger.ts";
import type { Clock } from "../../../services/kernel/clock.ts";

export interface PryvEarlyOptions {
  /** Where the dialect is mounted (`/pryv` by default, beside the Pryv Admin API 1.9). */
  basePath: string;
  log: Logger;
  /** What `Server-Time` reads: the services' clock, so a test that moves it sees the header move. */
  clock: Clock;
}

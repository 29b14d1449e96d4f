import type { Logger } from "../../../lib/logger.ts";

export interface PterodactylOptions {
  /** Where the dialect is mounted (`/api/application` by default). */
  basePath: string;
  log: Logger;
}

/** A collection's URL as this request reached it: the Panel builds its links from the request's host. */
export function collectionUrl(req: { protocol?: string; get(name: string): unknown }, basePath: string, collection: string): string {
  return `${req.protocol ?? "http"}://${String(req.get("host"))}${basePath}/${collection}`;
}

/** Where each dialect is mounted unless configured otherwise: the original API's own base path. */
export const DIALECT_BASE_PATHS = {
  prosody: "/admin_api",
  pleroma: "/api/pleroma/admin",
  pterodactyl: "/api/application",
  // Before `pryv`, which shares its base path: the one mounted first answers
  // only its own paths, the last one also the unknown ones (registry.ts).
  "pryv-early": "/pryv",
  pryv: "/pryv",
} as const;
export type DialectName = keyof typeof DIALECT_BASE_PATHS;
export const DIALECT_NAMES = Object.keys(DIALECT_BASE_PATHS) as DialectName[];

export interface DialectSettings {
  /** The dialects switched on, each at its base path. */
  enabled: { name: DialectName; basePath: string }[];
  /** The XMPP domain (Prosody's JIDs). */
  xmppDomain: string;
}

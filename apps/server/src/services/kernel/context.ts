import type { PrismaClient, SqlClient } from "@steward/db";
import type { Logger } from "../../lib/logger.ts";
import type { Clock } from "./clock.ts";
import type { CredentialCache } from "./credential-cache.ts";
import type { Keyring } from "./keyring.ts";
import type { ServiceSettings } from "./settings.ts";

/** Who is acting. Services decide with this, never with a request. */
export interface Actor {
  type: "user" | "api_key" | "system" | "anonymous";
  /** User id or API key id; null for the system and for anonymous callers. */
  id: string | null;
  /** Username or key name, kept in the audit log as it was. */
  label: string | null;
  /** Effective permissions; `*` is all. */
  permissions: string[];
  /**
   * Names of the roles the acting user holds (for an API key, its
   * creator's). APIs that admit by role, not by permission (Pleroma's
   * "must be an admin"), read this; everything else reads `permissions`.
   */
  roles: string[];
  /**
   * The user this actor acts for: the signed-in user, or the creator of the
   * API key. Rules about "yourself" apply to both.
   */
  userId: string | null;
  /** The session used, when signed in with a password. */
  sessionId: string | null;
}

/** A caller resolved from a bearer token: who acts, and through which credential. */
export interface Caller {
  actor: Actor;
  session: { id: string; expiresAt: Date } | null;
  apiKey: { id: string; name: string } | null;
}

/** Where a request came from, for the audit log and sessions. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** The surface the request came through: `v1`, a dialect's name, or `system`. */
  dialect: string;
}

/** What every service may use, built once at start-up. */
export interface Deps {
  /** The ORM: writes, transactions, simple reads. */
  db: PrismaClient;
  /** Plain SQL for the hot reads, outside transactions. */
  sql: SqlClient;
  credentials: CredentialCache<Caller>;
  /** Seals the secrets kept to be read back (invite tokens); see keyring.ts. */
  keyring: Keyring;
  settings: ServiceSettings;
  clock: Clock;
  log: Logger;
}

/** The first argument of every use case: its dependencies, who acts, and from where. */
export interface ServiceContext extends Deps {
  actor: Actor;
  meta: RequestMeta;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "system", permissions: ["*"], roles: [], userId: null, sessionId: null };
export const ANONYMOUS_ACTOR: Actor = { type: "anonymous", id: null, label: null, permissions: [], roles: [], userId: null, sessionId: null };
export const SYSTEM_META: RequestMeta = { ip: null, requestId: null, userAgent: null, dialect: "system" };

/** The context of work the server does on its own (start-up, maintenance). */
export function systemContext(deps: Deps): ServiceContext {
  return { ...deps, actor: SYSTEM_ACTOR, meta: SYSTEM_META };
}

import type { PrismaClient, SqlClient } from "@steward/db";
import type { Logger } from "../lib/logger.ts";
import type { Config } from "../config.ts";
import type { CredentialCache } from "./credential-cache.ts";
import type { Keyring } from "./kernel/keyring.ts";

/** Who is acting. Services decide with this, never with a request. */
export interface Actor {
  type: "user" | "api_key" | "system";
  /** User id or API key id; null for the system. */
  id: string | null;
  /** Username or key name, kept in the audit log as it was. */
  label: string | null;
  /** Effective permissions; `*` is all. */
  permissions: string[];
  /**
   * The user this actor acts for: the signed-in user, or the creator of the
   * API key. Rules about "yourself" apply to both.
   */
  userId: string | null;
  /** The session used, when signed in with a password. */
  sessionId: string | null;
}

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
  userAgent: string | null;
  /** `v1`, or the compatibility dialect's name. */
  dialect: string;
}

export interface Deps {
  /** The ORM: writes, transactions, simple reads. */
  db: PrismaClient;
  /** Plain SQL for the hot reads, outside transactions. */
  sql: SqlClient;
  credentials: CredentialCache;
  /** Seals the secrets kept to be read back (invite tokens); see kernel/keyring.ts. */
  keyring: Keyring;
  config: Config;
  log: Logger;
}

export interface ServiceContext extends Deps {
  actor: Actor;
  meta: RequestMeta;
}

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "system", permissions: ["*"], userId: null, sessionId: null };
export const SYSTEM_META: RequestMeta = { ip: null, requestId: null, userAgent: null, dialect: "system" };

import { PlatformSettingsSchema, type PlatformSettings, type SettingsDocument } from "@steward/contracts";
import type { Tx } from "../kernel/mutate.ts";
import { ServiceError } from "../kernel/errors.ts";
import { iso } from "../kernel/sql.ts";
import type { ServiceSettings } from "../kernel/settings.ts";
import { CURRENT_SETTINGS_VERSION, pendingMigrations, runMigrations } from "./migrations.ts";

/**
 * The platform settings: one row (`settings_documents`, id `platform`),
 * a JSON document versioned by its schema (migrations.ts) and by its
 * revision (every change). Services read it where it decides something
 * (a password set, an invite made or redeemed, an account created, a mail
 * sent): one primary-key read, so every instance sees a change at once.
 * A file per use case beside this one.
 */

export const SETTINGS_ID = "platform";
/** The ETag of a revision, as `If-Match` gives it back. */
export const settingsEtag = (revision: number) => `"${revision}"`;

/**
 * The document a platform starts with: the environment's settings
 * (STEWARD_SITE_NAME, STEWARD_PASSWORD_MIN_LENGTH, STEWARD_MUC_DOMAIN, ...).
 * They only seed it: once written, the document wins (README).
 */
export function initialSettings(settings: ServiceSettings): PlatformSettings {
  return {
    siteName: settings.siteName,
    registration: settings.registration,
    passwords: { minLength: settings.passwords.minLength, rejectCommon: settings.passwords.rejectCommon },
    invites: { ...settings.invites },
    xmpp: { domain: settings.xmppDomain, mucDomain: settings.chatDomain },
    mail: { from: settings.mail.from },
  };
}

interface Row {
  schemaVersion: number;
  revision: number;
  data: unknown;
  updatedAt: Date;
}

/** What reads the settings: the services' database, or the transaction of a use case reading them mid-way. */
export type SettingsReader = { db: Pick<Tx, "settingsDocument">; settings: ServiceSettings };

/** The stored row, or null before the first start wrote one. */
export async function readRow(db: Pick<Tx, "settingsDocument">): Promise<Row | null> {
  return db.settingsDocument.findUnique({ where: { id: SETTINGS_ID }, select: { schemaVersion: true, revision: true, data: true, updatedAt: true } });
}

/**
 * The settings in force. A document behind the code's version is read
 * through its pending migrations (in memory; applying them writes it), so
 * the platform keeps running before an operator applies them; one that
 * still does not fit the schema is a server fault, said plainly.
 */
export async function readPlatformSettings(ctx: SettingsReader): Promise<PlatformSettings> {
  return (await readSettingsDocument(ctx)).settings;
}

export async function readSettingsDocument(ctx: SettingsReader): Promise<SettingsDocument> {
  const row = await readRow(ctx.db);
  if (!row) return { version: CURRENT_SETTINGS_VERSION, revision: 0, settings: initialSettings(ctx.settings), updatedAt: iso(new Date(0)) };
  const data = row.schemaVersion < CURRENT_SETTINGS_VERSION ? runMigrations(pendingMigrations(row.schemaVersion), row.data, initialSettings(ctx.settings)) : row.data;
  const parsed = PlatformSettingsSchema.safeParse(data);
  if (!parsed.success) {
    throw new ServiceError("internal_server_error", `The stored settings document (version ${row.schemaVersion}) does not fit its schema: ${parsed.error.issues[0]?.message}`, {
      reason: "settings_unreadable",
    });
  }
  return { version: CURRENT_SETTINGS_VERSION, revision: row.revision, settings: parsed.data, updatedAt: iso(row.updatedAt) };
}

/** Writes the first document from the environment, when there is none (first start; idempotent under concurrent starts). */
export async function seedSettings(deps: SettingsReader): Promise<void> {
  await deps.db.settingsDocument.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, schemaVersion: CURRENT_SETTINGS_VERSION, revision: 1, data: initialSettings(deps.settings) },
    update: {},
  });
}

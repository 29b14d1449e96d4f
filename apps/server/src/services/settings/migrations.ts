import type { PlatformSettings, SettingsMigration } from "@steward/contracts";

/**
 * The settings document's schema versions, in order. Each migration moves a
 * document one version on with a pure transform (the document as stored;
 * the environment's settings, for what a version adds); applying them
 * (apply-settings-migrations.ts) runs all that are pending in one
 * transaction, and writes only when every one succeeded and the result fits
 * the schema.
 */
export interface SettingsMigrationStep extends SettingsMigration {
  transform: (document: unknown, fromEnvironment: PlatformSettings) => unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export const SETTINGS_MIGRATIONS: readonly SettingsMigrationStep[] = [
  {
    id: "2026-12-07-sections",
    fromVersion: 1,
    toVersion: 2,
    description:
      "Version 1 is the settings row as the first schema made it (`{}`, every setting read from the environment). Version 2 holds them: the site name, registration policy, password policy, invite lifetimes, chat domains and mail sender, each taken from the environment where version 1 has none.",
    transform: (document, fromEnvironment) => {
      if (!isObject(document)) throw new Error("a version 1 settings document is a JSON object");
      // Version 1 kept nothing of its own but what someone wrote by hand: a site name is the one field both share.
      const siteName = typeof document.siteName === "string" && document.siteName.trim() ? document.siteName.trim() : fromEnvironment.siteName;
      return { ...fromEnvironment, siteName };
    },
  },
];

export const CURRENT_SETTINGS_VERSION = SETTINGS_MIGRATIONS.reduce((version, step) => Math.max(version, step.toVersion), 1);

/** The steps from `version` to the current one, in order. */
export function pendingMigrations(version: number, steps: readonly SettingsMigrationStep[] = SETTINGS_MIGRATIONS): SettingsMigrationStep[] {
  const pending: SettingsMigrationStep[] = [];
  let at = version;
  for (const step of steps) {
    if (step.fromVersion !== at) continue;
    pending.push(step);
    at = step.toVersion;
  }
  return pending;
}

/** The document after `steps`, in order; throws what a step throws. */
export function runMigrations(steps: readonly SettingsMigrationStep[], document: unknown, fromEnvironment: PlatformSettings): unknown {
  return steps.reduce((current, step) => step.transform(current, fromEnvironment), document);
}

/** A step as the API lists it: without its transform. */
export const describeMigration = ({ id, fromVersion, toVersion, description }: SettingsMigrationStep): SettingsMigration => ({ id, fromVersion, toVersion, description });

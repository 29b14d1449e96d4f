import type { Response } from "express";
import { initServer } from "@ts-rest/express";
import { v1Contract, type SettingsDocument } from "@steward/contracts";
import { applySettingsMigrations } from "../../services/settings/apply-settings-migrations.ts";
import { getSettings } from "../../services/settings/get-settings.ts";
import { listSettingsMigrations } from "../../services/settings/list-settings-migrations.ts";
import { settingsEtag } from "../../services/settings/platform-settings.ts";
import { updateSettings } from "../../services/settings/update-settings.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

/** Every answer with the settings carries their revision as the ETag, for the next If-Match. */
function withETag(res: Response, document: SettingsDocument) {
  res.setHeader("ETag", settingsEtag(document.revision));
  return { status: 200 as const, body: document };
}

export const settingsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.settings, {
    getSettings: async ({ req, res }) => withETag(res, await getSettings(context(req, res))),
    putSettings: async ({ body, headers, req, res }) => withETag(res, await updateSettings(context(req, res), body, { ifMatch: headers["if-match"] })),
    listSettingsMigrations: async ({ req, res }) => ({ status: 200, body: { data: await listSettingsMigrations(context(req, res)) } }),
    applySettingsMigrations: async ({ req, res }) => ({ status: 200, body: { data: await applySettingsMigrations(context(req, res)) } }),
  });

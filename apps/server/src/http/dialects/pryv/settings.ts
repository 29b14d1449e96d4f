import { initServer } from "@ts-rest/express";
import { pryvContract } from "@steward/contracts";
import { applySettingsMigrations } from "../../../services/settings/apply-settings-migrations.ts";
import { getSettings } from "../../../services/settings/get-settings.ts";
import { pushSettings } from "../../../services/settings/notify/push-settings.ts";
import { listSettingsMigrations } from "../../../services/settings/list-settings-migrations.ts";
import { settingsEtag } from "../../../services/settings/platform-settings.ts";
import { updateSettings } from "../../../services/settings/update-settings.ts";
import type { HandlerTools } from "../../shared/surface.ts";

const s = initServer();

/** The platform settings and their migrations; the settings object is Steward's own document, with its revision as the ETag. */
export const settingsRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      getSettings: pryvContract.getSettings,
      updateSettings: pryvContract.updateSettings,
      notify: pryvContract.notify,
      listMigrations: pryvContract.listMigrations,
      applyMigrations: pryvContract.applyMigrations,
    },
    {
      getSettings: async ({ req, res }) => {
        const document = await getSettings(context(req, res));
        res.setHeader("ETag", settingsEtag(document.revision));
        return { status: 200, body: document.settings };
      },
      updateSettings: async ({ body, req, res }) => {
        const document = await updateSettings(context(req, res), body, { ifMatch: req.get("if-match") });
        res.setHeader("ETag", settingsEtag(document.revision));
        return { status: 200, body: document.settings };
      },
      notify: async ({ body, req, res }) => ({ status: 200, body: await pushSettings(context(req, res), { targets: body.services }) }),
      listMigrations: async ({ req, res }) => ({ status: 200, body: await listSettingsMigrations(context(req, res)) }),
      applyMigrations: async ({ req, res }) => ({ status: 200, body: await applySettingsMigrations(context(req, res)) }),
    },
  );

import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createNotifyTarget } from "../../services/settings/notify/create-notify-target.ts";
import { deleteNotifyTarget } from "../../services/settings/notify/delete-notify-target.ts";
import { listNotifyPushes } from "../../services/settings/notify/list-notify-pushes.ts";
import { listNotifyTargets } from "../../services/settings/notify/list-notify-targets.ts";
import { pushSettings } from "../../services/settings/notify/push-settings.ts";
import { updateNotifyTarget } from "../../services/settings/notify/update-notify-target.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const notifyRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.notify, {
    listNotifyTargets: async ({ req, res }) => ({ status: 200, body: { data: await listNotifyTargets(context(req, res)) } }),
    createNotifyTarget: async ({ body, req, res }) => ({ status: 201, body: await createNotifyTarget(context(req, res), body) }),
    updateNotifyTarget: async ({ params, body, req, res }) => ({ status: 200, body: await updateNotifyTarget(context(req, res), params.id, body) }),
    deleteNotifyTarget: async ({ params, req, res }) => {
      await deleteNotifyTarget(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
    pushSettings: async ({ body, req, res }) => ({ status: 200, body: await pushSettings(context(req, res), { targets: body.targets }) }),
    listNotifyPushes: async ({ query, req, res }) => ({ status: 200, body: await listNotifyPushes(context(req, res), query) }),
  });

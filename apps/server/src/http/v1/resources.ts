import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { attachResource, detachResource, listUserResources } from "../../services/attached-resources.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const resourcesRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.resources, {
    listUserResources: async ({ params, query, req, res }) => ({
      status: 200,
      body: await listUserResources(context(req, res), params.id, query),
    }),
    attachResource: async ({ params, body, req, res }) => {
      const { resource, created } = await attachResource(context(req, res), params.id, body);
      return created ? { status: 201, body: resource } : { status: 200, body: resource };
    },
    detachResource: async ({ params, req, res }) => {
      await detachResource(context(req, res), params.id, params.resourceId);
      return { status: 204, body: undefined };
    },
  });

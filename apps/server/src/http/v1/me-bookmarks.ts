import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createOwnBookmark } from "../../services/me/bookmarks/create-own-bookmark.ts";
import { deleteOwnBookmark } from "../../services/me/bookmarks/delete-own-bookmark.ts";
import { getOwnBookmark } from "../../services/me/bookmarks/get-own-bookmark.ts";
import { listOwnBookmarks } from "../../services/me/bookmarks/list-own-bookmarks.ts";
import { updateOwnBookmark } from "../../services/me/bookmarks/update-own-bookmark.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const meBookmarksRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.meBookmarks, {
    listOwnBookmarks: async ({ query, req, res }) => ({ status: 200, body: await listOwnBookmarks(context(req, res), query) }),
    createOwnBookmark: async ({ body, req, res }) => ({ status: 201, body: await createOwnBookmark(context(req, res), body) }),
    getOwnBookmark: async ({ params, req, res }) => ({ status: 200, body: await getOwnBookmark(context(req, res), params.bookmarkId) }),
    updateOwnBookmark: async ({ params, body, req, res }) => ({ status: 200, body: await updateOwnBookmark(context(req, res), params.bookmarkId, body) }),
    deleteOwnBookmark: async ({ params, req, res }) => {
      await deleteOwnBookmark(context(req, res), params.bookmarkId);
      return { status: 204, body: undefined };
    },
  });

import { initServer } from "@ts-rest/express";
import { MAX_BOOKMARKS_PER_ACCOUNT, pryvEarlyContract } from "@steward/contracts";
import { createOwnBookmark } from "../../../services/me/bookmarks/create-own-bookmark.ts";
import { deleteOwnBookmark } from "../../../services/me/bookmarks/delete-own-bookmark.ts";
import { listOwnBookmarks } from "../../../services/me/bookmarks/list-own-bookmarks.ts";
import { updateOwnBookmark } from "../../../services/me/bookmarks/update-own-bookmark.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { toPryvEarlyBookmark } from "./to-pryv-early.ts";

const s = initServer();

export const bookmarksRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      listBookmarks: pryvEarlyContract.listBookmarks,
      createBookmark: pryvEarlyContract.createBookmark,
      updateBookmark: pryvEarlyContract.updateBookmark,
      deleteBookmark: pryvEarlyContract.deleteBookmark,
    },
    {
      // An account holds at most this many: one page is the whole list.
      listBookmarks: async ({ req, res }) => {
        const page = await listOwnBookmarks(context(req, res), { limit: MAX_BOOKMARKS_PER_ACCOUNT });
        return { status: 200, body: page.data.map(toPryvEarlyBookmark) };
      },
      createBookmark: async ({ body, req, res }) => ({ status: 201, body: { id: (await createOwnBookmark(context(req, res), body)).id } }),
      updateBookmark: async ({ params, body, req, res }) => ({
        status: 200,
        body: toPryvEarlyBookmark(await updateOwnBookmark(context(req, res), params.id, body)),
      }),
      deleteBookmark: async ({ params, req, res }) => {
        await deleteOwnBookmark(context(req, res), params.id);
        return { status: 200, body: {} };
      },
    },
  );

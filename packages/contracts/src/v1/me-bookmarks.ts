import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { authenticatedRoute } from "../common/permissions.js";
import { parseHttpUrl } from "../common/http-url.js";
import { SingleLineTextSchema, TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { V1_PREFIX } from "./prefix.js";
import { commonErrors } from "./responses.js";

const c = initContract();

/** Bookmarks: links an account keeps to data others shared with it (Pryv's sharing bookmarks). */

export const MAX_BOOKMARKS_PER_ACCOUNT = 1000;
export const BOOKMARK_URL_MAX_LENGTH = 2048;

/** Why a bookmark URL is refused, or null when it is an absolute `http:` or `https:` URL with a host and no credentials. */
export function bookmarkUrlProblem(text: string): string | null {
  if (text.length > BOOKMARK_URL_MAX_LENGTH) return `At most ${BOOKMARK_URL_MAX_LENGTH} characters`;
  const url = parseHttpUrl(text);
  return typeof url === "string" ? url : null;
}

export const BookmarkNameSchema = SingleLineTextSchema.max(100).describe("A name for it: one line, at most 100 characters.");
export const BookmarkUrlSchema = TextSchema.min(1)
  .max(BOOKMARK_URL_MAX_LENGTH)
  .describe(`An absolute \`http://\` or \`https://\` URL without credentials, at most ${BOOKMARK_URL_MAX_LENGTH} characters (422 \`invalid_bookmark_url\`).`);
export const BookmarkTokenSchema = TextSchema.min(1).max(512).describe("The access token that opens what it points to; kept encrypted.");

export const BookmarkSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string(),
    url: z.string(),
    accessToken: z.string().nullable().describe("The token kept with it, or null."),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .describe("One of your bookmarks.");
export type Bookmark = z.infer<typeof BookmarkSchema>;

export const CreateBookmarkSchema = z
  .object({ name: BookmarkNameSchema, url: BookmarkUrlSchema, accessToken: BookmarkTokenSchema.nullable().optional() })
  .strict();
export type CreateBookmark = z.infer<typeof CreateBookmarkSchema>;

export const UpdateBookmarkSchema = z
  .object({
    name: BookmarkNameSchema.optional(),
    url: BookmarkUrlSchema.optional(),
    accessToken: BookmarkTokenSchema.nullable().optional().describe("A new token; null removes it."),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Give at least one field to change");
export type UpdateBookmark = z.infer<typeof UpdateBookmarkSchema>;

const BookmarkParams = z.object({ bookmarkId: UuidSchema.describe("Bookmark id.") });

export const meBookmarksContract = c.router(
  {
    listOwnBookmarks: {
      method: "GET",
      path: "/me/bookmarks",
      query: PageQuerySchema.strict(),
      responses: { 200: pageOf(BookmarkSchema), ...commonErrors },
      summary: "Your bookmarks",
      description: `By name. At most ${MAX_BOOKMARKS_PER_ACCOUNT} per account.`,
      metadata: authenticatedRoute,
    },
    createOwnBookmark: {
      method: "POST",
      path: "/me/bookmarks",
      body: CreateBookmarkSchema,
      responses: { 201: BookmarkSchema, ...commonErrors, 409: ProblemSchema, 422: ProblemSchema },
      summary: "Keep a bookmark",
      description: `422 \`invalid_bookmark_url\`; 409 \`bookmark_limit_reached\` past ${MAX_BOOKMARKS_PER_ACCOUNT}.`,
      metadata: authenticatedRoute,
    },
    getOwnBookmark: {
      method: "GET",
      path: "/me/bookmarks/:bookmarkId",
      pathParams: BookmarkParams,
      responses: { 200: BookmarkSchema, ...commonErrors, 404: ProblemSchema },
      summary: "One of your bookmarks",
      description: "404 `bookmark_not_found` for one that is not yours.",
      metadata: authenticatedRoute,
    },
    updateOwnBookmark: {
      method: "PATCH",
      path: "/me/bookmarks/:bookmarkId",
      pathParams: BookmarkParams,
      body: UpdateBookmarkSchema,
      responses: { 200: BookmarkSchema, ...commonErrors, 404: ProblemSchema, 422: ProblemSchema },
      summary: "Change a bookmark",
      metadata: authenticatedRoute,
    },
    deleteOwnBookmark: {
      method: "DELETE",
      path: "/me/bookmarks/:bookmarkId",
      pathParams: BookmarkParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "Delete a bookmark",
      metadata: authenticatedRoute,
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

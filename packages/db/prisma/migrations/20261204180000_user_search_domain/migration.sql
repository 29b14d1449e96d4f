-- Hand-written: what Prisma's schema language cannot say.

-- The user search also matches `username@domain` for remote accounts (the
-- form Pleroma's admin API searches by). Same trigram index, same name, on
-- the new expression; USER_SEARCH_TEXT (packages/db/src/search.ts) repeats it
-- verbatim so that queries use it.
DROP INDEX "users_search_trgm_idx";
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin (
  (lower("username"::text || coalesce('@' || "domain", '') || ' ' || coalesce("email"::text, '') || ' ' ||
         coalesce("display_name", '') || ' ' || coalesce("first_name", '') || ' ' || coalesce("last_name", ''))) gin_trgm_ops
);

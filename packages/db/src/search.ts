/**
 * The text a user search matches, over `users u`: exactly the expression the
 * trigram index `users_search_trgm_idx` is built on (migration
 * 20261204180000_user_search_domain, which replaced the one of
 * 20261123000100_search_and_counts). A query must repeat it verbatim for
 * PostgreSQL to use that index, so it is written once, here. A remote
 * account's username is followed by `@domain`, so `alice@example.org` finds
 * it.
 */
export const USER_SEARCH_TEXT =
  "lower(u.username::text || coalesce('@' || u.domain, '') || ' ' || coalesce(u.email::text, '') || ' ' || coalesce(u.display_name, '') || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))";

/**
 * A user's names (display, first, last), over `users u`: the tail of
 * USER_SEARCH_TEXT, so a name that matches here also matches there and the
 * trigram index can find the candidates.
 */
export const USER_NAMES_TEXT = "lower(coalesce(u.display_name, '') || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))";

/**
 * A user's handle, `username` or `username@domain`, over `users u`: the head
 * of USER_SEARCH_TEXT, so a handle that matches here also matches there and
 * the trigram index can find the candidates.
 */
export const USER_HANDLE_TEXT = "lower(u.username::text || coalesce('@' || u.domain, ''))";

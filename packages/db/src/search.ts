/**
 * The text a user search matches, over `users u`: exactly the expression the
 * trigram index `users_search_trgm_idx` is built on (migration
 * 20261123000100_search_and_counts). A query must repeat it verbatim for
 * PostgreSQL to use that index, so it is written once, here.
 */
export const USER_SEARCH_TEXT =
  "lower(u.username::text || ' ' || coalesce(u.email::text, '') || ' ' || coalesce(u.display_name, '') || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))";

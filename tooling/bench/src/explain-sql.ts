/**
 * The SQL the server runs for the benchmarked endpoints, mirrored from
 * apps/server/src/services (auth.ts, users/users.ts, users/user-view.ts,
 * users/list-users.ts) as captured from the server with
 * log_min_duration_statement=0. If those change, update it here.
 */
const USER_COLUMNS = `
  u.id, u.numeric_id, u.username::text AS username, u.email::text AS email, u.display_name, u.first_name,
  u.last_name, u.language, u.phone, u.external_id, u.domain, u.status::text AS status, u.tags,
  u.mfa_enabled, u.last_login_at, u.version, u.created_at, u.updated_at,
  ARRAY(SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id
        WHERE ur.user_id = u.id ORDER BY r.name) AS roles,
  COALESCE((SELECT json_agg(json_build_object('id', g.id, 'name', g.name) ORDER BY g.name)
            FROM group_memberships gm JOIN groups g ON g.id = gm.group_id
            WHERE gm.user_id = u.id), '[]'::json) AS groups`;
export const SEARCH_TEXT = `lower(u.username::text || ' ' || coalesce(u.email::text, '') || ' ' || coalesce(u.display_name, '') || ' ' || coalesce(u.first_name, '') || ' ' || coalesce(u.last_name, ''))`;

export const SERVER_SQL = {
  /** The read model's column list (user-view.ts USER_COLUMNS). */
  userColumns: USER_COLUMNS,
  /** Every request with an API key (Prisma findUnique). */
  apiKey: `SELECT "public"."api_keys"."id", "public"."api_keys"."name", "public"."api_keys"."permissions", "public"."api_keys"."expires_at", "public"."api_keys"."revoked_at", "public"."api_keys"."last_used_at" FROM "public"."api_keys" WHERE ("public"."api_keys"."key_hash" = $1 AND 1=1) LIMIT $2 OFFSET $3`,
  /** GET /users/:id, and the second query of a lookup. */
  userById: `SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1::uuid `,
  /** First query of GET /users/lookup?email= (Prisma findFirst). */
  idByEmail: `SELECT "public"."users"."id" FROM "public"."users" WHERE "public"."users"."email" = $1 LIMIT $2 OFFSET $3`,
  /** GET /users?limit=50 (page; the total comes from table_counts). */
  pageFirst: `SELECT ${USER_COLUMNS} FROM users u WHERE TRUE ORDER BY u.created_at DESC, u.id DESC LIMIT $1`,
  totalUnfiltered: `SELECT rows FROM table_counts WHERE table_name = 'users'`,
  /** GET /users?limit=50&cursor=... */
  pageAfter: `SELECT ${USER_COLUMNS} FROM users u WHERE (u.created_at, u.id) < ($1::timestamptz, $2::uuid) ORDER BY u.created_at DESC, u.id DESC LIMIT $3`,
  /** GET /users?q=...: the page and, in parallel, the count. */
  searchPage: `SELECT ${USER_COLUMNS} FROM users u WHERE ${SEARCH_TEXT} LIKE $1 ORDER BY u.created_at DESC, u.id DESC LIMIT $2`,
  searchCount: `SELECT count(*) AS n FROM users u WHERE ${SEARCH_TEXT} LIKE $1`,
};


/** Alternatives the report proposes, measured beside the server's SQL by explain.ts. */
export const PROPOSED_SQL = {
  /** Search page and total from one scan of the matches instead of two. */
  searchCombined: `WITH m AS MATERIALIZED (SELECT u.id, u.created_at FROM users u WHERE ${SEARCH_TEXT} LIKE $1),
  p AS (SELECT id, created_at FROM m ORDER BY created_at DESC, id DESC LIMIT $2)
SELECT (SELECT count(*) FROM m) AS total, ${USER_COLUMNS}
FROM p JOIN users u ON u.id = p.id ORDER BY u.created_at DESC, u.id DESC`,
  /** Lookup by email in one statement (the read model filtered by email) instead of findFirst + get. */
  userByEmail: `SELECT ${USER_COLUMNS} FROM users u WHERE u.email = $1::citext `,
};

-- Hand-written: what Prisma's schema language cannot say.

-- Case-insensitive substring search over username, email and names uses one
-- trigram index on this exact expression (services/users/list-users.ts).
CREATE INDEX "users_search_trgm_idx" ON "users" USING gin (
  (lower("username"::text || ' ' || coalesce("email"::text, '') || ' ' || coalesce("display_name", '') || ' ' ||
         coalesce("first_name", '') || ' ' || coalesce("last_name", ''))) gin_trgm_ops
);

-- Exact totals for unfiltered lists without counting every row: statement
-- triggers add up the rows each INSERT or DELETE touched.
CREATE FUNCTION "table_counts_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "table_counts" ("table_name", "rows")
  SELECT TG_TABLE_NAME, count(*) FROM "new_rows"
  ON CONFLICT ("table_name") DO UPDATE SET "rows" = "table_counts"."rows" + EXCLUDED."rows";
  RETURN NULL;
END $$;

CREATE FUNCTION "table_counts_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "table_counts" SET "rows" = "rows" - (SELECT count(*) FROM "old_rows") WHERE "table_name" = TG_TABLE_NAME;
  RETURN NULL;
END $$;

CREATE FUNCTION "table_counts_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "table_counts" SET "rows" = 0 WHERE "table_name" = TG_TABLE_NAME;
  RETURN NULL;
END $$;

CREATE TRIGGER "users_count_insert" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "table_counts_on_insert"();
CREATE TRIGGER "users_count_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "table_counts_on_delete"();
CREATE TRIGGER "users_count_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "table_counts_on_truncate"();

INSERT INTO "table_counts" ("table_name", "rows") SELECT 'users', count(*) FROM "users";

-- CreateTable
CREATE TABLE "user_tag_counts" (
    "tag" TEXT NOT NULL,
    "local" BOOLEAN NOT NULL,
    "status" "UserStatus" NOT NULL,
    "users" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "user_tag_counts_pkey" PRIMARY KEY ("tag","local","status")
);

-- Hand-written: the triggers that keep user_tag_counts exact.
-- Each statement adds up the rows it touched, per (tag, local, status); an
-- UPDATE only counts the rows whose tags, locality or status changed, so a
-- sign-in or a profile edit writes no counter. Counters are written in key
-- order, so two statements never wait on each other's counters in a cycle.
CREATE FUNCTION "user_tag_counts_add"("delta" jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "user_tag_counts" ("tag", "local", "status", "users")
  SELECT d."tag", d."local", d."status", d."n"
  FROM jsonb_to_recordset("delta") AS d("tag" text, "local" boolean, "status" "UserStatus", "n" bigint)
  ORDER BY 1, 2, 3
  ON CONFLICT ("tag", "local", "status") DO UPDATE SET "users" = "user_tag_counts"."users" + EXCLUDED."users";
$$;

CREATE FUNCTION "user_tag_counts_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "user_tag_counts_add"(coalesce((
    SELECT jsonb_agg(c) FROM (
      SELECT t AS "tag", r."domain" IS NULL AS "local", r."status", count(DISTINCT r."id") AS "n"
      FROM "new_rows" r, unnest(r."tags") t GROUP BY 1, 2, 3) c), '[]'));
  RETURN NULL;
END $$;

CREATE FUNCTION "user_tag_counts_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "user_tag_counts_add"(coalesce((
    SELECT jsonb_agg(c) FROM (
      SELECT t AS "tag", r."domain" IS NULL AS "local", r."status", -count(DISTINCT r."id") AS "n"
      FROM "old_rows" r, unnest(r."tags") t GROUP BY 1, 2, 3) c), '[]'));
  RETURN NULL;
END $$;

CREATE FUNCTION "user_tag_counts_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "user_tag_counts_add"(coalesce((
    SELECT jsonb_agg(c) FROM (
      SELECT "tag", "local", "status", sum("n") AS "n" FROM (
        SELECT DISTINCT o."id", t AS "tag", o."domain" IS NULL AS "local", o."status", -1 AS "n"
        FROM "old_rows" o JOIN "new_rows" r ON r."id" = o."id", unnest(o."tags") t
        WHERE o."tags" IS DISTINCT FROM r."tags" OR (o."domain" IS NULL) <> (r."domain" IS NULL) OR o."status" <> r."status"
        UNION ALL
        SELECT DISTINCT r."id", t, r."domain" IS NULL, r."status", 1
        FROM "old_rows" o JOIN "new_rows" r ON r."id" = o."id", unnest(r."tags") t
        WHERE o."tags" IS DISTINCT FROM r."tags" OR (o."domain" IS NULL) <> (r."domain" IS NULL) OR o."status" <> r."status"
      ) changes GROUP BY 1, 2, 3 HAVING sum("n") <> 0) c), '[]'));
  RETURN NULL;
END $$;

CREATE FUNCTION "user_tag_counts_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "user_tag_counts";
  RETURN NULL;
END $$;

CREATE TRIGGER "users_tag_counts_insert" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_tag_counts_on_insert"();
CREATE TRIGGER "users_tag_counts_update" AFTER UPDATE ON "users"
  REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_tag_counts_on_update"();
CREATE TRIGGER "users_tag_counts_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_tag_counts_on_delete"();
CREATE TRIGGER "users_tag_counts_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_tag_counts_on_truncate"();

INSERT INTO "user_tag_counts" ("tag", "local", "status", "users")
SELECT t, u."domain" IS NULL, u."status", count(DISTINCT u."id") FROM "users" u, unnest(u."tags") t GROUP BY 1, 2, 3;

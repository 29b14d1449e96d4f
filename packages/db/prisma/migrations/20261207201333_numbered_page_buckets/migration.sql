-- CreateTable
CREATE TABLE "user_number_buckets" (
    "bucket" INTEGER NOT NULL,
    "users" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "user_number_buckets_pkey" PRIMARY KEY ("bucket")
);

-- CreateTable
CREATE TABLE "user_name_buckets" (
    "pos" BIGINT NOT NULL,
    "lo" TEXT NOT NULL,
    "users" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "user_name_buckets_pkey" PRIMARY KEY ("pos")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_name_buckets_lo_key" ON "user_name_buckets"("lo");

-- Hand-written: the triggers that keep both tables exact.
-- A numbered page deep in the list of all users (Pterodactyl's by number,
-- Pleroma's by name; services/users/list-users.ts) adds these counts up in
-- order to the bucket its first user is in, then walks the index inside that
-- bucket only. Counting rows keeps it exact whatever made the gaps:
-- deletions, or numbers a rolled-back insert took from the sequence (that
-- insert's counts roll back with it).

-- By number: blocks of 1,024, so a million users are ~1,000 buckets to add
-- up and at most 1,023 index entries to skip, the two costs even. `>> 10`
-- rounds down, also below zero, so each bucket is one range of the index.
-- Each statement writes its buckets once each, in bucket order, after the
-- table_counts row every insert and delete of users already holds (triggers
-- fire in name order): no two statements wait on each other in a cycle.
CREATE FUNCTION "user_number_buckets_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "user_number_buckets" ("bucket", "users")
  SELECT "numeric_id" >> 10, count(*) FROM "new_rows" GROUP BY 1 ORDER BY 1
  ON CONFLICT ("bucket") DO UPDATE SET "users" = "user_number_buckets"."users" + EXCLUDED."users";
  RETURN NULL;
END $$;

CREATE FUNCTION "user_number_buckets_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "user_number_buckets" ("bucket", "users")
  SELECT "numeric_id" >> 10, -count(*) FROM "old_rows" GROUP BY 1 ORDER BY 1
  ON CONFLICT ("bucket") DO UPDATE SET "users" = "user_number_buckets"."users" + EXCLUDED."users";
  RETURN NULL;
END $$;

-- Steward never changes a number; should something, its user moves bucket.
-- A row trigger on that column: an UPDATE that does not set numeric_id (a
-- sign-in, a profile edit) does not fire it.
CREATE FUNCTION "user_number_buckets_on_renumber"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "user_number_buckets" ("bucket", "users")
  SELECT b, n FROM (VALUES (OLD."numeric_id" >> 10, -1), (NEW."numeric_id" >> 10, 1)) AS d(b, n) ORDER BY b
  ON CONFLICT ("bucket") DO UPDATE SET "users" = "user_number_buckets"."users" + EXCLUDED."users";
  RETURN NULL;
END $$;

CREATE FUNCTION "user_number_buckets_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "user_number_buckets";
  RETURN NULL;
END $$;

CREATE TRIGGER "users_number_buckets_insert" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_number_buckets_on_insert"();
CREATE TRIGGER "users_number_buckets_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_number_buckets_on_delete"();
CREATE TRIGGER "users_number_buckets_renumber" AFTER UPDATE OF "numeric_id" ON "users"
  FOR EACH ROW WHEN (OLD."numeric_id" >> 10 <> NEW."numeric_id" >> 10) EXECUTE FUNCTION "user_number_buckets_on_renumber"();
CREATE TRIGGER "users_number_buckets_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_number_buckets_on_truncate"();

-- By name: names have no fixed blocks, so a bucket is a range from its lower
-- bound `lo` to the next bucket's, and ranges are split as they fill: past
-- 2,048 users into pieces of 1,024 (cut at a user's name), an emptied one
-- dropped (its range goes to the one before). `lo` is the lower-cased name
-- as text: citext compares exactly so (lower case, default collation), and
-- a text comparison is many times cheaper than a citext one. `pos` orders
-- the buckets as `lo` does, as integers for the page's running sum: spaced
-- 2^32 apart, a split puts its pieces in the gap after its bucket, and
-- renumbers all buckets when a gap is used up.
-- A split recounts its range from the rows, which is only the count while
-- no other transaction has moved counts it has not committed: so every
-- write to these buckets holds the users row of table_counts first, as
-- every insert and delete of users does anyway until it commits.
CREATE FUNCTION "user_name_buckets_serialize"() RETURNS void LANGUAGE sql AS $$
  SELECT 1 FROM "table_counts" WHERE "table_name" = 'users' FOR UPDATE;
$$;

CREATE FUNCTION "user_name_buckets_renumber"() RETURNS void LANGUAGE sql AS $$
  -- Through negatives, so no position is held twice on the way.
  UPDATE "user_name_buckets" SET "pos" = -1 - "pos";
  UPDATE "user_name_buckets" b SET "pos" = r."rank" << 32
  FROM (SELECT "lo", row_number() OVER (ORDER BY "lo") - 1 AS "rank" FROM "user_name_buckets") r WHERE b."lo" = r."lo";
$$;

CREATE FUNCTION "user_name_buckets_split"("first" text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  "at" bigint := (SELECT "pos" FROM "user_name_buckets" WHERE "lo" = "first");
  "next" text := (SELECT "lo" FROM "user_name_buckets" WHERE "pos" > "at" ORDER BY "pos" LIMIT 1);
  "firsts" text[];
  "total" int;
  "step" bigint;
BEGIN
  -- The names that start each further piece, and how many users in all:
  -- a walk of the username index over the range (two statements, so the
  -- walk stops at the next bound when there is one).
  IF "next" IS NULL THEN
    SELECT array_agg(lower("username"::text) ORDER BY "rn") FILTER (WHERE "rn" % 1024 = 1 AND "rn" > 1), count(*) INTO "firsts", "total"
    FROM (SELECT "username", row_number() OVER (ORDER BY "username") AS "rn" FROM "users" WHERE "username" >= "first"::citext) r;
  ELSE
    SELECT array_agg(lower("username"::text) ORDER BY "rn") FILTER (WHERE "rn" % 1024 = 1 AND "rn" > 1), count(*) INTO "firsts", "total"
    FROM (SELECT "username", row_number() OVER (ORDER BY "username") AS "rn" FROM "users"
          WHERE "username" >= "first"::citext AND "username" < "next"::citext) r;
  END IF;
  "step" := coalesce(((SELECT "pos" FROM "user_name_buckets" WHERE "lo" = "next") - "at") / (cardinality("firsts") + 1), 1::bigint << 32);
  IF "step" < 1 THEN
    PERFORM "user_name_buckets_renumber"();
    "at" := (SELECT "pos" FROM "user_name_buckets" WHERE "lo" = "first");
    "step" := ((SELECT "pos" FROM "user_name_buckets" WHERE "lo" = "next") - "at") / (cardinality("firsts") + 1);
  END IF;
  UPDATE "user_name_buckets" SET "users" = least("total", 1024) WHERE "pos" = "at";
  INSERT INTO "user_name_buckets" ("pos", "lo", "users")
  SELECT "at" + i * "step", "firsts"[i], least("total" - 1024 * i, 1024) FROM generate_subscripts("firsts", 1) i;
END $$;

-- After counts moved: split the buckets among `touched` grown past 2,048, drop the emptied ones (never the first).
CREATE FUNCTION "user_name_buckets_rebalance"("touched" bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE b record;
BEGIN
  -- Each by its bound: a split may renumber the positions.
  FOR b IN SELECT "lo", "users" FROM "user_name_buckets"
           WHERE "pos" = ANY("touched") AND ("users" > 2048 OR ("users" = 0 AND "lo" <> '')) ORDER BY "pos" LOOP
    IF b."users" = 0 THEN
      DELETE FROM "user_name_buckets" WHERE "lo" = b."lo";
    ELSE
      PERFORM "user_name_buckets_split"(b."lo");
    END IF;
  END LOOP;
END $$;

-- A user's bucket: the last one whose bound is at or below the name.
CREATE FUNCTION "user_name_buckets_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE "touched" bigint[];
BEGIN
  PERFORM "user_name_buckets_serialize"();
  WITH "moved" AS (
    UPDATE "user_name_buckets" b SET "users" = b."users" + d."n"
    FROM (SELECT (SELECT "pos" FROM "user_name_buckets" WHERE "lo" <= lower(r."username"::text) ORDER BY "lo" DESC LIMIT 1) AS "pos", count(*) AS "n"
          FROM "new_rows" r GROUP BY 1) d
    WHERE b."pos" = d."pos"
    RETURNING b."pos")
  SELECT array_agg("pos") INTO "touched" FROM "moved";
  PERFORM "user_name_buckets_rebalance"("touched");
  RETURN NULL;
END $$;

CREATE FUNCTION "user_name_buckets_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE "touched" bigint[];
BEGIN
  PERFORM "user_name_buckets_serialize"();
  WITH "moved" AS (
    UPDATE "user_name_buckets" b SET "users" = b."users" - d."n"
    FROM (SELECT (SELECT "pos" FROM "user_name_buckets" WHERE "lo" <= lower(r."username"::text) ORDER BY "lo" DESC LIMIT 1) AS "pos", count(*) AS "n"
          FROM "old_rows" r GROUP BY 1) d
    WHERE b."pos" = d."pos"
    RETURNING b."pos")
  SELECT array_agg("pos") INTO "touched" FROM "moved";
  PERFORM "user_name_buckets_rebalance"("touched");
  RETURN NULL;
END $$;

-- A rename moves its user between buckets, row by row (a row trigger on that
-- column only: other updates do not fire it, nor does a change of case);
-- the splits wait for the end of the statement, when every row has moved,
-- so a split's recount never meets a rename not yet counted.
CREATE FUNCTION "user_name_buckets_on_rename"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE "from" bigint; "to" bigint;
BEGIN
  PERFORM "user_name_buckets_serialize"();
  "from" := (SELECT "pos" FROM "user_name_buckets" WHERE "lo" <= lower(OLD."username"::text) ORDER BY "lo" DESC LIMIT 1);
  "to" := (SELECT "pos" FROM "user_name_buckets" WHERE "lo" <= lower(NEW."username"::text) ORDER BY "lo" DESC LIMIT 1);
  IF "from" <> "to" THEN
    UPDATE "user_name_buckets" SET "users" = "users" - 1 WHERE "pos" = "from";
    UPDATE "user_name_buckets" SET "users" = "users" + 1 WHERE "pos" = "to";
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "user_name_buckets_after_renames"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only this statement's renames can have left a bucket out of bounds (others rebalance before they commit).
  IF EXISTS (SELECT 1 FROM "user_name_buckets" WHERE "users" > 2048 OR ("users" = 0 AND "lo" <> '')) THEN
    PERFORM "user_name_buckets_serialize"();
    PERFORM "user_name_buckets_rebalance"(ARRAY(SELECT "pos" FROM "user_name_buckets" WHERE "users" > 2048 OR ("users" = 0 AND "lo" <> '')));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "user_name_buckets_on_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "user_name_buckets";
  INSERT INTO "user_name_buckets" ("pos", "lo", "users") VALUES (0, '', 0);
  RETURN NULL;
END $$;

CREATE TRIGGER "users_name_buckets_insert" AFTER INSERT ON "users"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_name_buckets_on_insert"();
CREATE TRIGGER "users_name_buckets_delete" AFTER DELETE ON "users"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "user_name_buckets_on_delete"();
CREATE TRIGGER "users_name_buckets_rename" AFTER UPDATE OF "username" ON "users"
  FOR EACH ROW WHEN (OLD."username" IS DISTINCT FROM NEW."username") EXECUTE FUNCTION "user_name_buckets_on_rename"();
CREATE TRIGGER "users_name_buckets_renamed" AFTER UPDATE OF "username" ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_name_buckets_after_renames"();
CREATE TRIGGER "users_name_buckets_truncate" AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION "user_name_buckets_on_truncate"();

-- After the triggers: creating them waited for every write to users in
-- progress and holds off new ones until this migration commits, so the
-- counts below miss none and count none twice.
INSERT INTO "user_number_buckets" ("bucket", "users")
SELECT "numeric_id" >> 10, count(*) FROM "users" GROUP BY 1;

INSERT INTO "user_name_buckets" ("pos", "lo", "users")
SELECT ("rn" - 1) / 1024 << 32, CASE WHEN "rn" = 1 THEN '' ELSE lower("username"::text) END, least("total" - ("rn" - 1), 1024)
FROM (SELECT "username", row_number() OVER (ORDER BY "username") AS "rn", count(*) OVER () AS "total" FROM "users") r
WHERE "rn" % 1024 = 1;
INSERT INTO "user_name_buckets" ("pos", "lo", "users") VALUES (0, '', 0) ON CONFLICT DO NOTHING;

-- Hand-written: partial indexes, which Prisma's schema language cannot say.

-- Remote accounts are a tenth of all: lists of them (Pleroma's
-- filters=external, /api/v1's local=false) walk these instead of every
-- account, in the order of the API's default sort and of Pleroma's.
CREATE INDEX "users_remote_created_at_id_idx" ON "users" ("created_at", "id") WHERE "domain" IS NOT NULL;
CREATE INDEX "users_remote_username_idx" ON "users" ("username") WHERE "domain" IS NOT NULL;

-- A user's attached resources are listed in attach order (created_at, id), a keyset page at a time;
-- the composite index answers that with one seek, and, led by user_id, still serves the cascade from users.

-- DropIndex
DROP INDEX "attached_resources_user_id_idx";

-- CreateIndex
CREATE INDEX "attached_resources_user_id_created_at_id_idx" ON "attached_resources"("user_id", "created_at", "id");

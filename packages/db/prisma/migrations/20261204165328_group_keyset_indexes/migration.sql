-- DropIndex
DROP INDEX "groups_name_idx";

-- CreateIndex
CREATE INDEX "groups_name_id_idx" ON "groups"("name", "id");

-- CreateIndex
CREATE INDEX "groups_created_at_id_idx" ON "groups"("created_at", "id");

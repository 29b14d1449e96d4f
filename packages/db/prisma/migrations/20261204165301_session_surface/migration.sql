-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "surface" TEXT NOT NULL DEFAULT 'v1';

-- CreateIndex
CREATE INDEX "sessions_live_by_user_idx" ON "sessions"("user_id", "created_at" DESC, "id" DESC) WHERE (revoked_at IS NULL);

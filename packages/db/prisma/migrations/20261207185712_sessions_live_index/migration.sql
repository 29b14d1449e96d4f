-- CreateIndex
CREATE INDEX "sessions_live_idx" ON "sessions"("created_at" DESC, "id" DESC) WHERE (revoked_at IS NULL);

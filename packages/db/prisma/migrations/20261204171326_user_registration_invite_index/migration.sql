-- CreateIndex
CREATE INDEX "users_registration_invite_id_idx" ON "users"("registration_invite_id");

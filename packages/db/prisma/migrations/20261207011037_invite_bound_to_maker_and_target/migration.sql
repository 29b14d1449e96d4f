-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "inviter_api_key_id" UUID,
ADD COLUMN     "inviter_type" TEXT NOT NULL DEFAULT 'user',
ADD COLUMN     "revoked_reason" TEXT,
ADD COLUMN     "target_user_id" UUID;

-- CreateIndex
CREATE INDEX "invites_inviter_id_idx" ON "invites"("inviter_id");

-- CreateIndex
CREATE INDEX "invites_target_user_id_idx" ON "invites"("target_user_id");

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_inviter_api_key_id_fkey" FOREIGN KEY ("inviter_api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invites" ADD CONSTRAINT "invites_target_user_id_fkey" FOREIGN KEY ("target_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill (hand-written): the account each reset invite resets, by id.
-- Every invite so far was made by a signed-in user or an API key (both
-- recorded in inviter_id); one without an inviter was made by a user since
-- deleted, and is revoked, as a deleted user's invites are from now on.
UPDATE "invites" i SET "target_user_id" = u."id" FROM "users" u
  WHERE i."kind" = 'reset' AND u."username" = i."target_username";
UPDATE "invites" SET "revoked_reason" = 'revoked' WHERE "revoked_at" IS NOT NULL;
UPDATE "invites" SET "revoked_at" = now(), "revoked_reason" = 'inviter_deleted'
  WHERE "inviter_id" IS NULL AND "revoked_at" IS NULL;
-- A reset link is shown once, when it is made: its sealed copy goes.
UPDATE "invites" SET "token_ciphertext" = NULL WHERE "kind" = 'reset';

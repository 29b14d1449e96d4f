-- DropIndex (replaced by the unique and keyset indexes below)
DROP INDEX "access_tokens_user_id_name_idx";
DROP INDEX "bookmarks_user_id_name_idx";
DROP INDEX "channels_user_id_name_idx";

-- CreateEnum
CREATE TYPE "ChannelAccessLevel" AS ENUM ('read', 'contribute', 'manage');

-- AlterTable
ALTER TABLE "access_tokens" DROP COLUMN "attributes",
ADD COLUMN     "expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_used_at" TIMESTAMPTZ(3),
ADD COLUMN     "sealed_token" TEXT;

-- AlterTable
ALTER TABLE "bookmarks" DROP COLUMN "client_data",
ADD COLUMN     "sealed_token" TEXT;

-- AlterTable
ALTER TABLE "channels" ADD COLUMN     "color" TEXT;

-- CreateTable
CREATE TABLE "access_token_permissions" (
    "token_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "level" "ChannelAccessLevel" NOT NULL,

    CONSTRAINT "access_token_permissions_pkey" PRIMARY KEY ("token_id","channel_id")
);

-- CreateIndex
CREATE INDEX "access_token_permissions_channel_id_idx" ON "access_token_permissions"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_tokens_user_id_kind_name_key" ON "access_tokens"("user_id", "kind", "name");

-- CreateIndex
CREATE INDEX "bookmarks_user_id_name_id_idx" ON "bookmarks"("user_id", "name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "channels_user_id_name_key" ON "channels"("user_id", "name");

-- AddForeignKey
ALTER TABLE "access_token_permissions" ADD CONSTRAINT "access_token_permissions_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "access_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_token_permissions" ADD CONSTRAINT "access_token_permissions_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

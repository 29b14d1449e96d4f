-- DropIndex
DROP INDEX "invites_token_key";

-- AlterTable
ALTER TABLE "invites" DROP COLUMN "token",
ADD COLUMN     "token_ciphertext" TEXT;

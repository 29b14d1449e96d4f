-- AlterTable
ALTER TABLE "invites" ADD COLUMN     "numeric_id" SERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "invites_numeric_id_key" ON "invites"("numeric_id");

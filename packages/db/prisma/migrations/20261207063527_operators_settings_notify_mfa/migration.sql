-- AlterTable
ALTER TABLE "notify_targets" ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "secret" TEXT NOT NULL,
ADD COLUMN     "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "direct_permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "mfa_last_step" BIGINT;

-- CreateTable
CREATE TABLE "notify_pushes" (
    "id" UUID NOT NULL,
    "target_id" UUID,
    "target_name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "http_status" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "actor_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notify_pushes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mfa_recovery_codes" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mfa_recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "notify_pushes_at_id_idx" ON "notify_pushes"("at", "id");

-- CreateIndex
CREATE INDEX "notify_pushes_target_id_at_idx" ON "notify_pushes"("target_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "mfa_recovery_codes_user_id_code_hash_key" ON "mfa_recovery_codes"("user_id", "code_hash");

-- CreateIndex
CREATE INDEX "users_direct_permissions_idx" ON "users"("id") WHERE (cardinality(direct_permissions) > 0);

-- AddForeignKey
ALTER TABLE "notify_pushes" ADD CONSTRAINT "notify_pushes_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "notify_targets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mfa_recovery_codes" ADD CONSTRAINT "mfa_recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

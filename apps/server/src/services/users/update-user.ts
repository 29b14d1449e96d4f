import type { UpdateUser } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/mutate.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import type { UserRecord } from "./user-view.ts";
import { assertUnique, audited, dedupe, loadForWrite, revokeSessionsOf, writeUser, type WriteGuard } from "./users.ts";

/** Changes a user's profile, and their password (ending their sessions), checked against the ETag given. */
export async function updateUser(ctx: ServiceContext, id: string, patch: UpdateUser, guard: WriteGuard = {}): Promise<UserRecord> {
  assertNeeds(ctx.actor, ["users:update"], "Changing a user");
  const passwordHash = patch.password ? await hashNewPassword(ctx, patch.password) : undefined;
  return writeUser(ctx, async (tx) => {
    const before = await loadForWrite(tx, ctx, id, guard);
    await writeProfile(tx, ctx, id, patch, passwordHash);
    return audited(tx, ctx, "user.update", before, { passwordChanged: Boolean(passwordHash) });
  });
}

/**
 * Writes a user's changed fields (the user locked by loadForWrite), field
 * by field: what a caller may change is exactly this list. A new password
 * ends every session signed in with the old one.
 */
export async function writeProfile(tx: Tx, ctx: ServiceContext, id: string, patch: Omit<UpdateUser, "password">, passwordHash?: string): Promise<void> {
  await assertUnique(tx, patch, id);
  await tx.user.update({
    where: { id },
    data: {
      username: patch.username,
      email: patch.email,
      displayName: patch.displayName,
      firstName: patch.firstName,
      lastName: patch.lastName,
      language: patch.language,
      phone: patch.phone,
      externalId: patch.externalId,
      ...(patch.tags !== undefined ? { tags: dedupe(patch.tags) } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    },
  });
  if (passwordHash) await revokeSessionsOf(tx, ctx, id);
}

import type { PrismaClient } from "@steward/db";
import { type Keyring, SEAL_CONTEXT } from "../kernel/keyring.ts";

// Sealed values read `v1.<key id>.…` (kernel/keyring.ts): SQL finds a value's key by the second dotted part.

/**
 * Throws when the database holds values sealed with a key the keyring lacks,
 * so the server refuses to start rather than serve secrets it cannot open.
 */
export async function checkSealedKeys(db: PrismaClient, keyring: Keyring): Promise<void> {
  const rows = await db.$queryRaw<{ key_id: string }[]>`
    SELECT DISTINCT split_part(token_ciphertext, '.', 2) AS key_id FROM invites WHERE token_ciphertext IS NOT NULL`;
  // Anything that is not a key id is not a sealed value: resealSecrets reports those rows.
  const missing = rows.map((row) => row.key_id).filter((id) => /^[0-9a-f]{8}$/.test(id) && !keyring.keyIds.includes(id));
  if (missing.length === 1) {
    throw new Error(`invites were encrypted with key ${missing[0]}, which STEWARD_SECRET_KEY does not hold; add the old key after the new one`);
  }
  if (missing.length > 1) {
    throw new Error(`invites were encrypted with keys ${missing.join(", ")}, which STEWARD_SECRET_KEY does not hold; add the old keys after the new one`);
  }
}

/**
 * Re-seals with the current key every value sealed under an older one, a
 * batch per transaction; returns how many. Once it has run, the older keys
 * can be dropped.
 */
export async function resealSecrets(db: PrismaClient, keyring: Keyring, batchSize = 200): Promise<number> {
  let resealed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      // FOR UPDATE: an instance starting at the same time waits, then skips the rows this one re-sealed.
      const rows = await tx.$queryRaw<{ id: string; sealed: string }[]>`
        SELECT id::text AS id, token_ciphertext AS sealed FROM invites
        WHERE token_ciphertext IS NOT NULL AND split_part(token_ciphertext, '.', 2) <> ${keyring.currentKeyId} AND id > ${after}::uuid
        ORDER BY id LIMIT ${batchSize} FOR UPDATE`;
      for (const { id, sealed } of rows) {
        await tx.invite.update({ where: { id }, data: { tokenCiphertext: resealInviteToken(keyring, id, sealed) } });
      }
      return rows;
    });
    resealed += batch.length;
    if (batch.length < batchSize) return resealed;
    after = batch.at(-1)!.id;
  }
}

function resealInviteToken(keyring: Keyring, inviteId: string, sealed: string): string {
  try {
    return keyring.seal(keyring.open(sealed, SEAL_CONTEXT.inviteToken), SEAL_CONTEXT.inviteToken);
  } catch (error) {
    throw new Error(`invite ${inviteId}, token_ciphertext: ${(error as Error).message}`);
  }
}

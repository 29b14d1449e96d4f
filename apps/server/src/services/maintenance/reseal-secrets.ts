import { Prisma, type PrismaClient } from "@steward/db";
import { type Keyring, SEAL_CONTEXT } from "../kernel/keyring.ts";

// Sealed values read `v1.<key id>.…` (kernel/keyring.ts): SQL finds a value's key by the second dotted part.

/**
 * Every column that holds sealed values: its table, its column, the context
 * it is sealed under (with `:<row id>` after it when `perRow`), and what to
 * call its rows.
 */
const SEALED_COLUMNS = [
  { table: "invites", column: "token_ciphertext", context: SEAL_CONTEXT.inviteToken, rows: "invites" },
  { table: "outbox_messages", column: "body_sealed", context: SEAL_CONTEXT.mailBody, rows: "outbox messages" },
  { table: "users", column: "mfa_secret", context: SEAL_CONTEXT.mfaSecret, perRow: true, rows: "two-factor secrets" },
  { table: "notify_targets", column: "secret", context: SEAL_CONTEXT.notifySecret, perRow: true, rows: "notify target secrets" },
  { table: "access_tokens", column: "sealed_token", context: SEAL_CONTEXT.appToken, perRow: true, rows: "app tokens" },
  { table: "bookmarks", column: "sealed_token", context: SEAL_CONTEXT.bookmarkToken, perRow: true, rows: "bookmark tokens" },
  { table: "idempotency_records", column: "sealed_answer", context: SEAL_CONTEXT.idempotentAnswer, perRow: true, rows: "idempotent answers" },
] as const;
type SealedColumn = (typeof SEALED_COLUMNS)[number];

/**
 * Throws when the database holds values sealed with a key the keyring lacks,
 * so the server refuses to start rather than serve secrets it cannot open.
 */
export async function checkSealedKeys(db: PrismaClient, keyring: Keyring): Promise<void> {
  for (const sealed of SEALED_COLUMNS) {
    const column = Prisma.raw(sealed.column);
    const rows = await db.$queryRaw<{ key_id: string }[]>`
      SELECT DISTINCT split_part(${column}, '.', 2) AS key_id FROM ${Prisma.raw(sealed.table)} WHERE ${column} IS NOT NULL`;
    // Anything that is not a key id is not a sealed value: resealSecrets reports those rows.
    const missing = rows.map((row) => row.key_id).filter((id) => /^[0-9a-f]{8}$/.test(id) && !keyring.keyIds.includes(id));
    if (missing.length === 1) {
      throw new Error(`${sealed.rows} were encrypted with key ${missing[0]}, which STEWARD_SECRET_KEY does not hold; add the old key after the new one`);
    }
    if (missing.length > 1) {
      throw new Error(`${sealed.rows} were encrypted with keys ${missing.join(", ")}, which STEWARD_SECRET_KEY does not hold; add the old keys after the new one`);
    }
  }
}

/**
 * Re-seals with the current key every value sealed under an older one, a
 * batch per transaction; returns how many. Once it has run, the older keys
 * can be dropped.
 */
export async function resealSecrets(db: PrismaClient, keyring: Keyring, batchSize = 200): Promise<number> {
  let resealed = 0;
  for (const sealed of SEALED_COLUMNS) resealed += await resealColumn(db, keyring, sealed, batchSize);
  return resealed;
}

async function resealColumn(db: PrismaClient, keyring: Keyring, sealed: SealedColumn, batchSize: number): Promise<number> {
  const table = Prisma.raw(sealed.table);
  const column = Prisma.raw(sealed.column);
  let resealed = 0;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const batch = await db.$transaction(async (tx) => {
      // FOR UPDATE: an instance starting at the same time waits, then skips the rows this one re-sealed.
      const rows = await tx.$queryRaw<{ id: string; sealed: string }[]>`
        SELECT id::text AS id, ${column} AS sealed FROM ${table}
        WHERE ${column} IS NOT NULL AND split_part(${column}, '.', 2) <> ${keyring.currentKeyId} AND id > ${after}::uuid
        ORDER BY id LIMIT ${batchSize} FOR UPDATE`;
      for (const row of rows) {
        await tx.$executeRaw`UPDATE ${table} SET ${column} = ${reseal(keyring, sealed, row)} WHERE id = ${row.id}::uuid`;
      }
      return rows;
    });
    resealed += batch.length;
    if (batch.length < batchSize) return resealed;
    after = batch.at(-1)!.id;
  }
}

function reseal(keyring: Keyring, sealed: SealedColumn, row: { id: string; sealed: string }): string {
  const context = "perRow" in sealed ? `${sealed.context}:${row.id}` : sealed.context;
  try {
    return keyring.seal(keyring.open(row.sealed, context), context);
  } catch (error) {
    throw new Error(`${sealed.table} ${row.id}, ${sealed.column}: ${(error as Error).message}`);
  }
}

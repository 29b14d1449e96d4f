import { recordAudit } from "../../kernel/audit.ts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf, writeOwn } from "../own-space.ts";
import { findOwnSharedToken, sharedTokenAuditView } from "./access-tokens.ts";

/** Deletes one of the account's shared tokens: it stops working at once. 404 `access_token_not_found` for anyone else's. */
export async function deleteOwnSharedToken(ctx: ServiceContext, tokenId: string): Promise<void> {
  const userId = ownerOf(ctx);
  await writeOwn(
    ctx,
    async (tx) => {
      const token = await findOwnSharedToken(tx, userId, tokenId);
      await tx.accessToken.delete({ where: { id: token.id } });
      await recordAudit(tx, ctx, { action: "access_token.delete", targetType: "access_token", targetId: token.id, before: sharedTokenAuditView(token) });
    },
  );
}

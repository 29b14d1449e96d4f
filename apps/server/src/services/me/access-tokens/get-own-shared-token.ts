import type { SharedAccessToken } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ownerOf } from "../own-space.ts";
import { findOwnSharedToken, toSharedToken } from "./access-tokens.ts";

/** One of the account's shared tokens (never its secret); 404 `access_token_not_found` for anyone else's. */
export async function getOwnSharedToken(ctx: ServiceContext, tokenId: string): Promise<SharedAccessToken> {
  return toSharedToken(await findOwnSharedToken(ctx.db, ownerOf(ctx), tokenId), ctx.clock.now());
}

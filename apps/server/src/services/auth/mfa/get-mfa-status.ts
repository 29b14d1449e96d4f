import type { MfaStatus } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { notFound } from "../../kernel/errors.ts";
import { sessionUserOf } from "./mfa.ts";

/** The signed-in user's two-factor sign-in: on or off, and how many recovery codes are left. */
export async function getOwnMfa(ctx: ServiceContext): Promise<MfaStatus> {
  const userId = sessionUserOf(ctx);
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { mfaEnabled: true } });
  if (!user) throw notFound("User");
  const recoveryCodesLeft = user.mfaEnabled ? await ctx.db.mfaRecoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { enabled: user.mfaEnabled, recoveryCodesLeft };
}

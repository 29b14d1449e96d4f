import type { ServiceContext } from "./context.ts";
import { hit, limitState, rateLimited } from "./rate-limit.ts";

const PUBLIC_WINDOW_SECONDS = 15 * 60;

/**
 * What anyone may do without signing in and that could be abused at speed
 * (reading or redeeming an invitation, signing up) counts together against
 * one limit per address: STEWARD_REDEEM_RATE_LIMIT per 15 minutes. Counted
 * before the work, so parallel attempts cannot outrun it.
 */
export async function countPublicAttempt(ctx: ServiceContext, refusal: { message: string; reason: string }): Promise<void> {
  const limit = ctx.settings.redeemRateLimit;
  const [counter] = await hit(ctx.db, [`public:address:${ctx.meta.ip ?? "unknown"}`], PUBLIC_WINDOW_SECONDS);
  if (counter!.count <= limit) return;
  throw rateLimited(limitState("public-address", counter!, limit, PUBLIC_WINDOW_SECONDS), refusal.message, refusal.reason);
}

import { Prisma } from "@steward/db";
import type { NotifyTarget } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { assertNeeds } from "../../kernel/permissions.ts";
import { TARGETS_WITH_LAST_PUSH_SQL, toTarget, type TargetRow } from "./notify-targets.ts";

/** Every notify target, by name, each with its latest push; never a secret. Needs `settings:read`. */
export async function listNotifyTargets(ctx: ServiceContext): Promise<NotifyTarget[]> {
  assertNeeds(ctx.actor, ["settings:read"], "Listing notify targets");
  const rows = await ctx.sql.query<TargetRow>(Prisma.sql`${TARGETS_WITH_LAST_PUSH_SQL} ORDER BY t.name`);
  return rows.map(toTarget);
}

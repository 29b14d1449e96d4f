import type { Prisma } from "@steward/db";
import type { NotifyPush, Page } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { decodeCursor, keysetPage } from "../../kernel/paging.ts";
import { assertNeeds } from "../../kernel/permissions.ts";

export interface NotifyPushListQuery {
  limit: number;
  cursor?: string;
  /** Only pushes to the target of this name, as it was named when pushed. */
  target?: string;
}

const SORT = "-at";

/** Recorded pushes, newest first, keyset-paged on (at, id). Needs `settings:read`. */
export async function listNotifyPushes(ctx: ServiceContext, query: NotifyPushListQuery): Promise<Page<NotifyPush>> {
  assertNeeds(ctx.actor, ["settings:read"], "Listing notify pushes");
  const where: Prisma.NotifyPushWhereInput = query.target === undefined ? {} : { targetName: query.target };
  let keyset: Prisma.NotifyPushWhereInput = {};
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, SORT, ["timestamp", "uuid"]);
    const after = new Date(at);
    keyset = { OR: [{ at: { lt: after } }, { at: after, id: { lt: id } }] };
  }
  const [rows, total] = await Promise.all([
    ctx.db.notifyPush.findMany({ where: { AND: [where, keyset] }, orderBy: [{ at: "desc" }, { id: "desc" }], take: query.limit + 1 }),
    ctx.db.notifyPush.count({ where }),
  ]);
  return keysetPage(
    rows,
    { limit: query.limit, sort: SORT, total },
    (row): NotifyPush => ({
      id: row.id,
      targetId: row.targetId,
      target: row.targetName,
      url: row.url,
      revision: row.revision,
      ok: row.ok,
      httpStatus: row.httpStatus,
      error: row.error,
      durationMs: row.durationMs,
      actorId: row.actorId,
      at: row.at.toISOString(),
    }),
    (row) => [row.at.toISOString(), row.id],
  );
}

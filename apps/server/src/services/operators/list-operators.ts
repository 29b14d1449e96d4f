import type { Page } from "@steward/contracts";
import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import { listUsers } from "../users/list-users.ts";
import { asOperator, type OperatorRecord } from "./operators.ts";

export interface OperatorListQuery {
  /** Case-insensitive substring of the username, email or names. */
  text?: string;
  limit: number;
  cursor?: string;
}

/**
 * Operators by username, a keyset page at a time, each with what they
 * hold. Needs `operators:read` only: seeing who runs the platform is not
 * seeing its accounts (`users:read`).
 */
export async function listOperators(ctx: ServiceContext, query: OperatorListQuery): Promise<Page<OperatorRecord>> {
  assertNeeds(ctx.actor, ["operators:read"], "Listing operators");
  const page = await listUsers(ctx, {
    filter: { text: query.text, operators: true },
    order: "username",
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { start: { cursor: query.cursor } }),
    include: { permissions: true },
  });
  return { ...page, data: page.data.map(asOperator) };
}

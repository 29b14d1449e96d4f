import type { ServiceContext } from "../kernel/context.ts";
import { assertNeeds } from "../kernel/permissions.ts";
import type { UserRef } from "../users/users.ts";
import { readOperator, type OperatorRecord } from "./operators.ts";

/** One operator with everything they hold; 404 `operator_not_found` for an account. Needs `operators:read`. */
export async function getOperator(ctx: ServiceContext, ref: UserRef): Promise<OperatorRecord> {
  assertNeeds(ctx.actor, ["operators:read"], "Reading an operator");
  return readOperator(ctx, ref);
}

import type { Deps } from "./kernel/context.ts";

/** Whether the database answers a trivial query: what readiness reports. */
export async function isDatabaseReachable(deps: Pick<Deps, "db">): Promise<boolean> {
  try {
    await deps.db.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}

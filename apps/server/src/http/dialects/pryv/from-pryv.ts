import type { Permission, PryvPermissions } from "@steward/contracts";
import { PRYV_PERMISSIONS } from "./constants.ts";

/** Pryv → Steward, pure. */

/** Every Steward permission Pryv's vocabulary can say: what a Pryv permission set speaks for. */
export const PRYV_EXPRESSIBLE: readonly Permission[] = Object.values(PRYV_PERMISSIONS).flatMap((family) => Object.values(family));

/** A Pryv permission set as Steward permissions, sorted, once each. */
export function fromPryvPermissions(permissions: PryvPermissions): Permission[] {
  const granted = (Object.keys(PRYV_PERMISSIONS) as (keyof typeof PRYV_PERMISSIONS)[]).flatMap((family) =>
    permissions[family].map((value) => (PRYV_PERMISSIONS[family] as Record<string, Permission>)[value]!),
  );
  return [...new Set(granted)].sort();
}

import type { Prisma, PrismaClient } from "@steward/db";
import { BUILT_IN_ROLES, type Role } from "@steward/contracts";
import type { Actor, ServiceContext } from "./kernel/context.ts";
import { ServiceError } from "./kernel/errors.ts";
import { assertHolds } from "./kernel/permissions.ts";

type Db = Pick<PrismaClient, "role">;

export async function listRoles(ctx: ServiceContext): Promise<{ data: Role[]; total: number }> {
  const roles = await ctx.db.role.findMany({ orderBy: { name: "asc" } });
  return {
    data: roles.map((r) => ({ id: r.id, name: r.name, description: r.description, permissions: r.permissions, builtIn: r.builtIn })),
    total: roles.length,
  };
}

/** Role names to ids; an unknown name is a 422 naming it, at `field`. */
export async function resolveRoleIds(db: Db, names: string[], field = "body.roles"): Promise<string[]> {
  const unique = [...new Set(names)];
  const roles = await db.role.findMany({ where: { name: { in: unique } }, select: { id: true, name: true } });
  const missing = unique.filter((name) => !roles.some((r) => r.name === name));
  if (missing.length) {
    throw new ServiceError("unprocessable_entity", `Unknown role: ${missing.join(", ")}`, {
      reason: "unknown_role",
      fields: [{ path: field, message: `Unknown role: ${missing.join(", ")}`, code: "unknown_role" }],
    });
  }
  return roles.map((r) => r.id);
}

/** Nobody hands out more than they hold: granting (or revoking) a role needs all its permissions. */
export async function assertCanGrant(db: Db, actor: Actor, roleNames: string[]): Promise<void> {
  const roles = await db.role.findMany({ where: { name: { in: roleNames } }, select: { name: true, permissions: true } });
  for (const role of roles) {
    assertHolds(actor, role.permissions, (lacking) => ({
      message: `Granting role ${role.name} needs permissions you do not hold: ${lacking.join(", ")}`,
      reason: "permission_not_held",
    }));
  }
}

/** Creates the built-in roles, or brings their permissions back to the defaults. */
export async function ensureBuiltInRoles(db: Pick<Prisma.TransactionClient, "role">): Promise<void> {
  for (const [name, role] of Object.entries(BUILT_IN_ROLES)) {
    await db.role.upsert({
      where: { name },
      create: { name, description: role.description, permissions: [...role.permissions], builtIn: true },
      update: { description: role.description, permissions: [...role.permissions], builtIn: true },
    });
  }
}

import type { Prisma, PrismaClient } from "@steward/db";
import { BUILT_IN_ROLES, RoleNameSchema, type Role } from "@steward/contracts";
import type { Actor, ServiceContext } from "../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../kernel/errors.ts";
import { mutate, type Tx } from "../kernel/mutate.ts";
import { assertHolds } from "../kernel/permissions.ts";

/**
 * Roles: named sets of permissions users hold. The built-in ones (admin,
 * moderator) are kept as the contracts define them; operators make custom
 * ones (a file per use case beside this one). What every use case on roles
 * shares is here, with the checks granting a role needs.
 */

type Db = Pick<PrismaClient, "role">;

type RoleRow = { id: string; name: string; description: string | null; permissions: string[]; builtIn: boolean };

export function toRole(row: RoleRow): Role {
  return { id: row.id, name: row.name, description: row.description, permissions: row.permissions, builtIn: row.builtIn };
}

export async function listRoles(ctx: ServiceContext): Promise<{ data: Role[]; total: number }> {
  const roles = await ctx.db.role.findMany({ orderBy: { name: "asc" } });
  return { data: roles.map(toRole), total: roles.length };
}

export async function getRole(ctx: ServiceContext, id: string): Promise<Role> {
  const role = await ctx.db.role.findUnique({ where: { id } });
  if (!role) throw roleNotFound();
  return toRole(role);
}

export const roleNotFound = () => notFound("Role", "role_not_found");

/**
 * Role names to ids; an unknown name is a 422 naming it, at `field`. The
 * rows stay key-share locked to the end of the transaction: a role being
 * granted is not deleted meanwhile (deleting locks it for update and then
 * counts its holders), and what it grants is what the grant checked.
 */
export async function resolveRoleIds(tx: Tx, names: string[], field = "body.roles"): Promise<string[]> {
  const unique = [...new Set(names)];
  const roles = await tx.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text AS id, name FROM roles WHERE name = ANY(${unique}::text[]) ORDER BY name FOR KEY SHARE`;
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

/**
 * A write on roles. Changing what a role grants changes what its holders'
 * credentials may do; a name clash lost to a concurrent write is the same
 * 409 as one found first.
 */
export function writeRole<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>, changesAccess: boolean): Promise<T> {
  return mutate(ctx, work, { changesAccess, onUniqueClash: () => roleNameTaken() });
}

export const roleNameTaken = () => conflict("A role with that name already exists", "role_name_taken");

/**
 * A name a role may take: the contracts' rule, checked here so that every
 * door to the use case applies it (400 `invalid_role_name` at `body.name`),
 * and free (409 `role_name_taken`; the unique index settles a race).
 */
export async function assertRoleNameFree(tx: Tx, name: string): Promise<void> {
  const shape = RoleNameSchema.safeParse(name);
  if (!shape.success) {
    const message = shape.error.issues[0]?.message ?? "Not a role name";
    throw new ServiceError("bad_request", `Invalid role name: ${message}`, {
      reason: "invalid_role_name",
      fields: [{ path: "body.name", message, code: "invalid_role_name" }],
    });
  }
  if (await tx.role.findUnique({ where: { name }, select: { id: true } })) throw roleNameTaken();
}

/** The custom role `id`, locked for this transaction; built-in roles are read-only (409). */
export async function loadCustomRoleForWrite(tx: Tx, id: string): Promise<RoleRow> {
  const [row] = await tx.$queryRaw<RoleRow[]>`
    SELECT id::text AS id, name, description, permissions, built_in AS "builtIn" FROM roles WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw roleNotFound();
  if (row.builtIn) throw conflict(`${row.name} is a built-in role: it cannot be changed or deleted`, "built_in_role");
  return row;
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

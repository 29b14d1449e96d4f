import { recordAudit } from "./audit.ts";
import { SYSTEM_ACTOR, SYSTEM_META, type Deps } from "./context.ts";
import { ensureBuiltInRoles } from "./roles.ts";
import { generatePassword, hashPassword } from "./secrets.ts";

export interface BootstrapResult {
  /** Set when this start created the first administrator. */
  createdAdmin?: { username: string; password: string; generated: boolean };
}

/**
 * First-start setup: the built-in roles, and an administrator when there is
 * none (from STEWARD_ADMIN_USERNAME/PASSWORD, or a generated password).
 */
export async function bootstrap(deps: Pick<Deps, "db" | "config">): Promise<BootstrapResult> {
  const { db, config } = deps;
  return db.$transaction(async (tx) => {
    // Instances starting together on one PostgreSQL take turns here.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7305534)`;
    await ensureBuiltInRoles(tx);
    const admins = await tx.userRole.count({ where: { role: { name: "admin" } } });
    if (admins > 0) return {};
    const password = config.admin.password ?? generatePassword();
    const passwordHash = await hashPassword(password, config.argon2);
    const adminRole = await tx.role.findUniqueOrThrow({ where: { name: "admin" } });
    const existing = await tx.user.findUnique({ where: { username: config.admin.username }, select: { id: true } });
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { passwordHash, status: "active" }, select: { id: true } })
      : await tx.user.create({ data: { username: config.admin.username, passwordHash }, select: { id: true } });
    await tx.userRole.create({ data: { userId: user.id, roleId: adminRole.id } });
    await recordAudit(tx, SYSTEM_ACTOR, SYSTEM_META, {
      action: "user.bootstrap_admin",
      targetType: "user",
      targetId: user.id,
      after: { username: config.admin.username },
    });
    return { createdAdmin: { username: config.admin.username, password, generated: !config.admin.password } };
  });
}

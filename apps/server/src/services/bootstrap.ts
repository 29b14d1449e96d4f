import type { Prisma } from "@steward/db";
import { recordAudit } from "./kernel/audit.ts";
import { systemContext, type Deps } from "./kernel/context.ts";
import { ensureBuiltInRoles } from "./roles/roles.ts";
import { seedSettings } from "./settings/platform-settings.ts";
import { generatePassword, hashPassword } from "./kernel/secrets.ts";

export interface BootstrapResult {
  /** Set when this start created the first administrator. */
  createdAdmin?: { username: string; password: string; generated: boolean };
}

export interface FirstAdmin {
  username: string;
  /** Chosen by the operator; generated when absent. */
  password: string | undefined;
}

/**
 * What every database needs before anyone acts on it: the built-in roles
 * and the first settings document (from the environment). Idempotent; the
 * `steward` command runs it too, so it works on a fresh data folder.
 */
export async function prepareBuiltIns(deps: Deps): Promise<void> {
  await deps.db.$transaction((tx) => prepareBuiltInsIn(tx, deps));
}

async function prepareBuiltInsIn(tx: Prisma.TransactionClient, deps: Deps): Promise<void> {
  // Instances starting together on one PostgreSQL take turns here.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7305534)`;
  await ensureBuiltInRoles(tx);
  await seedSettings({ db: tx, settings: deps.settings });
}

/**
 * First-start setup: the built-in roles, and an administrator when there is
 * none (the operator's username and password, or a generated password).
 */
export async function bootstrap(deps: Deps, admin: FirstAdmin): Promise<BootstrapResult> {
  const ctx = systemContext(deps);
  return ctx.db.$transaction(async (tx) => {
    await prepareBuiltInsIn(tx, deps);
    const admins = await tx.userRole.count({ where: { role: { name: "admin" } } });
    if (admins > 0) return {};
    const password = admin.password ?? generatePassword();
    const passwordHash = await hashPassword(password, ctx.settings.argon2);
    const adminRole = await tx.role.findUniqueOrThrow({ where: { name: "admin" } });
    const existing = await tx.user.findUnique({ where: { username: admin.username }, select: { id: true } });
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { passwordHash, status: "active" }, select: { id: true } })
      : await tx.user.create({ data: { username: admin.username, passwordHash }, select: { id: true } });
    await tx.userRole.create({ data: { userId: user.id, roleId: adminRole.id } });
    await recordAudit(tx, ctx, {
      action: "user.bootstrap_admin",
      targetType: "user",
      targetId: user.id,
      after: { username: admin.username },
    });
    return { createdAdmin: { username: admin.username, password, generated: !admin.password } };
  });
}

import type { SignUp, SignedUp } from "@steward/contracts";
import { recordAudit } from "../kernel/audit.ts";
import type { ServiceContext } from "../kernel/context.ts";
import { conflict, forbidden } from "../kernel/errors.ts";
import { mutate } from "../kernel/mutate.ts";
import { countPublicAttempt } from "../kernel/public-limit.ts";
import { readPlatformSettings } from "../settings/platform-settings.ts";
import { hashNewPassword } from "../settings/password-policy.ts";
import { assertUnique, reload } from "../users/users.ts";

/**
 * Anyone signs up for an account, without an invitation, while the
 * settings' registration policy is `open`. The account holds no role and
 * no permission; its registration facts say it came by sign-up (no
 * invite), from where, on which server. Each attempt counts against the
 * per-address limit of public writes first, so sign-ups cannot be sprayed
 * (and argon2 cannot be made to run at an attacker's pace).
 */
export async function signUp(ctx: ServiceContext, input: SignUp): Promise<SignedUp> {
  await countPublicAttempt(ctx, { message: "Too many sign-up attempts from your address; try again later", reason: "registration_rate_limited" });
  const { registration } = await readPlatformSettings(ctx);
  if (registration === "closed") throw forbidden("Registration is closed on this platform: no new account can be made", "registration_closed");
  if (registration === "invite-only") throw forbidden("This platform registers new accounts by invitation only", "registration_invite_only");
  const passwordHash = await hashNewPassword(ctx, input.password);
  return mutate(
    ctx,
    async (tx) => {
      // The policy again, in the transaction: an operator closing registration meanwhile wins.
      const now = await readPlatformSettings({ db: tx, settings: ctx.settings });
      if (now.registration !== "open") throw forbidden("Registration is no longer open on this platform", now.registration === "closed" ? "registration_closed" : "registration_invite_only");
      await assertUnique(tx, { username: input.username, email: input.email ?? null });
      const { id } = await tx.user.create({
        data: {
          username: input.username,
          email: input.email ?? null,
          displayName: input.displayName ?? null,
          passwordHash,
          registrationReferer: input.referer ?? null,
          registrationServer: ctx.settings.publicUrl,
        },
        select: { id: true },
      });
      const created = await reload(tx, id);
      await recordAudit(tx, ctx, { action: "user.register", targetType: "user", targetId: id, after: created.user });
      return { outcome: "account_created" as const, username: created.user.username };
    },
    { changesAccess: false, onUniqueClash: () => conflict("A user with that username or email already exists", "unique_clash") },
  );
}

import { randomBytes } from "node:crypto";
import { Prisma } from "@steward/db";
import { NOTIFY_SECRET_MIN_LENGTH, NotifyTargetNameSchema, notifyUrlProblem, type NotifyPushOutcome, type NotifyTarget } from "@steward/contracts";
import type { ServiceContext } from "../../kernel/context.ts";
import { ServiceError, conflict, notFound } from "../../kernel/errors.ts";
import { SEAL_CONTEXT } from "../../kernel/keyring.ts";
import { mutate, type Tx } from "../../kernel/mutate.ts";
import { iso } from "../../kernel/sql.ts";

/**
 * Notify targets: services that receive the platform settings as a signed
 * POST (push-settings.ts). Each has a name (a slug, unique), a URL (http or
 * https, no credentials), a signing secret kept sealed with the keyring
 * (bound to its row) and shown only in the answer that sets it, and an
 * enabled flag. What the use cases beside this file share is here.
 */

/** A `notify_targets` row with its latest push, as the reads select it. */
export interface TargetRow {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  created_at: Date | string;
  updated_at: Date | string;
  push_at: Date | string | null;
  push_revision: number | null;
  push_ok: boolean | null;
  push_http_status: number | null;
  push_error: string | null;
  push_duration_ms: number | null;
}

/**
 * Targets (alias `t`) with their latest push: one index seek per target
 * (`notify_pushes (target_id, at)`), never the whole history.
 */
export const TARGETS_WITH_LAST_PUSH_SQL = Prisma.sql`
  SELECT t.id::text AS id, t.name, t.url, t.enabled, t.created_at, t.updated_at,
    p.at AS push_at, p.revision AS push_revision, p.ok AS push_ok, p.http_status AS push_http_status,
    p.error AS push_error, p.duration_ms AS push_duration_ms
  FROM notify_targets t
  LEFT JOIN LATERAL (
    SELECT at, revision, ok, http_status, error, duration_ms FROM notify_pushes
    WHERE target_id = t.id ORDER BY at DESC, id DESC LIMIT 1
  ) p ON TRUE`;

export function toTarget(row: TargetRow): NotifyTarget {
  const lastPush: NotifyPushOutcome | null =
    row.push_at === null
      ? null
      : {
          at: iso(row.push_at),
          revision: Number(row.push_revision),
          ok: row.push_ok === true,
          httpStatus: row.push_http_status === null ? null : Number(row.push_http_status),
          error: row.push_error,
          durationMs: Number(row.push_duration_ms),
        };
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    enabled: row.enabled,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    lastPush,
  };
}

/** One target with its latest push; 404 `notify_target_not_found`. */
export async function readTarget(db: Pick<Tx, "$queryRaw">, id: string): Promise<NotifyTarget> {
  const [row] = await db.$queryRaw<TargetRow[]>`${TARGETS_WITH_LAST_PUSH_SQL} WHERE t.id = ${id}::uuid`;
  if (!row) throw notifyTargetNotFound();
  return toTarget(row);
}

/** What the audit log keeps of a target: never its secret. */
export const auditView = (target: Pick<NotifyTarget, "id" | "name" | "url" | "enabled">) => ({
  id: target.id,
  name: target.name,
  url: target.url,
  enabled: target.enabled,
});

export const notifyTargetNotFound = () => notFound("Notify target", "notify_target_not_found");
export const notifyTargetNameTaken = () => conflict("A notify target with that name already exists", "notify_target_name_taken");

/** A write on targets: a name clash lost to a concurrent write is the same 409 as one found first. Targets grant no access. */
export function writeTarget<T>(ctx: ServiceContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  return mutate(ctx, work, { changesAccess: false, onUniqueClash: () => notifyTargetNameTaken() });
}

/**
 * A name a target may take: the contracts' slug, checked here too so every
 * door to the use case applies it (400 `invalid_notify_target_name`), and
 * free (409 `notify_target_name_taken`; the unique index settles a race).
 */
export async function assertTargetNameFree(tx: Tx, name: string): Promise<void> {
  const shape = NotifyTargetNameSchema.safeParse(name);
  if (!shape.success) {
    const message = shape.error.issues[0]?.message ?? "Not a target name";
    throw new ServiceError("bad_request", `Invalid notify target name: ${message}`, {
      reason: "invalid_notify_target_name",
      fields: [{ path: "body.name", message, code: "invalid_notify_target_name" }],
    });
  }
  if (await tx.notifyTarget.findUnique({ where: { name }, select: { id: true } })) throw notifyTargetNameTaken();
}

/** Only absolute http(s) URLs with a host and no credentials: 422 `invalid_notify_url` otherwise. */
export function assertNotifyUrl(url: string): void {
  const problem = notifyUrlProblem(url);
  if (problem === null) return;
  throw new ServiceError("unprocessable_entity", `Invalid notify URL: ${problem}`, {
    reason: "invalid_notify_url",
    fields: [{ path: "body.url", message: problem, code: "invalid_notify_url" }],
  });
}

/** A secret the caller chose must be long enough to be one (400 `invalid_notify_secret`). */
export function assertChosenSecret(secret: string): void {
  if (secret.length >= NOTIFY_SECRET_MIN_LENGTH) return;
  const message = `At least ${NOTIFY_SECRET_MIN_LENGTH} characters`;
  throw new ServiceError("bad_request", `Invalid notify secret: ${message}`, {
    reason: "invalid_notify_secret",
    fields: [{ path: "body.secret", message, code: "invalid_notify_secret" }],
  });
}

/** A new signing secret: 32 bytes from the CSPRNG, base64url (43 characters). */
export function generateNotifySecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The context a target's secret is sealed under: its own row only. */
const secretContext = (targetId: string) => `${SEAL_CONTEXT.notifySecret}:${targetId}`;

export function sealSecret(ctx: Pick<ServiceContext, "keyring">, targetId: string, secret: string): string {
  return ctx.keyring.seal(secret, secretContext(targetId));
}

/** The secret of a target, or null when it cannot be opened (its key is gone, or the value was altered). */
export function openSecret(ctx: Pick<ServiceContext, "keyring" | "log">, targetId: string, sealed: string): string | null {
  try {
    return ctx.keyring.open(sealed, secretContext(targetId));
  } catch (error) {
    ctx.log.warn("notify target secret cannot be opened", { targetId, reason: (error as Error).message });
    return null;
  }
}

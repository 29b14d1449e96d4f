import { UuidSchema, type CreateInvite, type UpdateUser } from "@steward/contracts";
import type { z } from "zod";
import type {
  ProsodyNewAccountInviteSchema,
  ProsodyNewGroupInviteSchema,
  ProsodyNewResetInviteSchema,
  ProsodyUserUpdate,
} from "@steward/contracts";
import { ServiceError } from "../../../services/kernel/errors.ts";
import { RESET_TTL_SECONDS } from "./constants.ts";

/**
 * Prosody's requests in Steward's terms: pure functions. An input that has
 * no Steward meaning (an id that cannot name anything) is refused here,
 * with the error Prosody gives.
 */

/** Invites made through this API say so, and by whom (Prosody's `admin_api/<username>`). */
export const prosodySource = (callerLabel: string | null) => `admin_api/${callerLabel ?? "unknown"}`;

/** Prosody's group and invite ids are opaque strings; Steward's are UUIDs: anything else names nothing. */
export function stewardIdFrom(id: string, what: "group" | "invite"): string {
  if (UuidSchema.safeParse(id).success) return id;
  throw new ServiceError("not_found", `${what === "group" ? "Group" : "Invite"} not found`, { reason: `${what}_not_found` });
}

/** Seconds as Prosody sends them (any positive number) to whole seconds. */
const ttlSeconds = (ttl: number | null | undefined) => (ttl == null ? undefined : Math.max(1, Math.ceil(ttl)));

export function fromAccountInvite(body: z.infer<typeof ProsodyNewAccountInviteSchema> | undefined, callerLabel: string | null): CreateInvite {
  return {
    kind: "register",
    ttlSeconds: ttlSeconds(body?.ttl),
    targetUsername: body?.username ?? undefined,
    groupIds: body?.groups?.map((id) => stewardIdFrom(id, "group")),
    source: prosodySource(callerLabel),
  };
}

/**
 * A group invite joins the groups given; with none, Prosody makes a group
 * from `group_options` (or a default name), which the invite then joins.
 */
export function fromGroupInvite(body: z.infer<typeof ProsodyNewGroupInviteSchema> | undefined, callerLabel: string | null): CreateInvite {
  const groupIds = body?.groups?.map((id) => stewardIdFrom(id, "group")) ?? [];
  return {
    kind: "group",
    ttlSeconds: ttlSeconds(body?.ttl),
    reusable: true,
    ...(groupIds.length
      ? { groupIds }
      : { newGroup: { name: body?.group_options?.name ?? "New group", createMuc: body?.group_options?.create_muc ?? false } }),
    source: prosodySource(callerLabel),
  };
}

export function fromResetInvite(body: z.infer<typeof ProsodyNewResetInviteSchema>, callerLabel: string | null): CreateInvite {
  return {
    kind: "reset",
    ttlSeconds: ttlSeconds(body.ttl) ?? RESET_TTL_SECONDS,
    targetUsername: body.username,
    source: prosodySource(callerLabel),
  };
}

export interface UserUpdate {
  patch: UpdateUser;
  /** When given, the user's groups become exactly these. */
  groupIds: string[] | undefined;
}

/** PUT /users/{username}: the profile fields Prosody documents, and the groups when given. */
export function fromUserUpdate(username: string, body: ProsodyUserUpdate): UserUpdate {
  // Real Prosody refuses a body naming another user: a username cannot change.
  if (body.username !== undefined && body.username !== username) {
    throw new ServiceError("bad_request", "The username cannot change", { reason: "username_immutable" });
  }
  return {
    patch: {
      ...(body.display_name !== undefined ? { displayName: body.display_name } : {}),
      ...(body.email !== undefined ? { email: body.email } : {}),
      ...(body.phone !== undefined ? { phone: body.phone } : {}),
    },
    groupIds: body.groups == null ? undefined : body.groups.map((id) => stewardIdFrom(id, "group")),
  };
}

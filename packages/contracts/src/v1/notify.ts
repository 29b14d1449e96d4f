import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { parseHttpUrl } from "../common/http-url.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors, problem } from "./responses.js";

const c = initContract();

/**
 * Notify: the platform settings document, pushed on demand to registered
 * services (targets) as a signed POST. See README "Notify" for how a
 * receiver checks the `Steward-Signature` header.
 */

export const MAX_NOTIFY_URL_LENGTH = 2048;
/** The shortest secret a caller may choose for a target (a generated one is 43 characters). */
export const NOTIFY_SECRET_MIN_LENGTH = 16;
export const NOTIFY_SECRET_MAX_LENGTH = 256;
/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const NOTIFY_SIGNATURE_HEADER = "Steward-Signature";
/** The header naming the target a push was made for. */
export const NOTIFY_TARGET_HEADER = "Steward-Notify-Target";

/** Why a target URL is refused, or null when it is an absolute `http:` or `https:` URL with a host and no credentials. */
export function notifyUrlProblem(text: string): string | null {
  if (text.length > MAX_NOTIFY_URL_LENGTH) return `At most ${MAX_NOTIFY_URL_LENGTH} characters`;
  const url = parseHttpUrl(text);
  return typeof url === "string" ? url : null;
}

export const NotifyTargetNameSchema = TextSchema.regex(
  /^[a-z0-9][a-z0-9_-]{0,63}$/,
  "Lower-case letters, digits, `_` and `-`, starting with a letter or digit, at most 64",
).describe("The target's name: a short slug, unique; pushes name targets by it.");

const NotifyUrlSchema = TextSchema.min(1)
  .max(MAX_NOTIFY_URL_LENGTH)
  .describe(
    `Where pushes are POSTed: an absolute \`http://\` or \`https://\` URL, without credentials, at most ${MAX_NOTIFY_URL_LENGTH} characters (422 \`invalid_notify_url\` otherwise). Redirects it answers are not followed.`,
  );

const NotifySecretSchema = TextSchema.min(NOTIFY_SECRET_MIN_LENGTH)
  .max(NOTIFY_SECRET_MAX_LENGTH)
  .describe(
    `The HMAC key pushes to this target are signed with, at least ${NOTIFY_SECRET_MIN_LENGTH} characters; leave it out to have one generated (32 random bytes, base64url). Kept encrypted; shown only in the answer that sets it.`,
  );

export const NotifyPushOutcomeSchema = z
  .object({
    at: TimestampSchema.describe("When the push was made."),
    revision: z.number().int().describe("The settings revision pushed."),
    ok: z.boolean().describe("True when the target answered 2xx."),
    httpStatus: z.number().int().nullable().describe("The target's HTTP status; null when it did not answer (timeout, refused)."),
    error: z.string().nullable().describe("Why it failed (`HTTP 500`, `timed out after 5000 ms`, `redirect not followed (302)`, ...); null on success."),
    durationMs: z.number().int().describe("How long the push took, in milliseconds."),
  })
  .describe("How a push to one target went.");
export type NotifyPushOutcome = z.infer<typeof NotifyPushOutcomeSchema>;

export const NotifyTargetSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    name: z.string().describe("The target's name, unique."),
    url: z.string().describe("Where pushes are POSTed."),
    enabled: z.boolean().describe("Disabled targets receive no pushes."),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    lastPush: NotifyPushOutcomeSchema.nullable().describe("The latest push to it; null before the first."),
  })
  .describe("A service that receives the platform settings. Its secret is never listed.");
export type NotifyTarget = z.infer<typeof NotifyTargetSchema>;

export const CreatedNotifyTargetSchema = NotifyTargetSchema.extend({
  secret: z.string().describe("The signing secret, shown this once: give it to the receiver."),
});
export type CreatedNotifyTarget = z.infer<typeof CreatedNotifyTargetSchema>;

export const UpdatedNotifyTargetSchema = NotifyTargetSchema.extend({
  secret: z.string().optional().describe("The new signing secret, shown this once, when `rotateSecret` asked for one."),
});
export type UpdatedNotifyTarget = z.infer<typeof UpdatedNotifyTargetSchema>;

export const CreateNotifyTargetSchema = z
  .object({
    name: NotifyTargetNameSchema,
    url: NotifyUrlSchema,
    secret: NotifySecretSchema.optional(),
    enabled: z.boolean().optional().describe("Default true."),
  })
  .strict();
export type CreateNotifyTarget = z.infer<typeof CreateNotifyTargetSchema>;

export const UpdateNotifyTargetSchema = z
  .object({
    name: NotifyTargetNameSchema.optional(),
    url: NotifyUrlSchema.optional(),
    enabled: z.boolean().optional().describe("Disabled targets receive no pushes."),
    rotateSecret: z.literal(true).optional().describe("Replace the secret with a newly generated one, answered once as `secret`; the old one stops signing at once."),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Give at least one field to change");
export type UpdateNotifyTarget = z.infer<typeof UpdateNotifyTargetSchema>;

export const PushSettingsSchema = z
  .object({
    targets: z
      .array(NotifyTargetNameSchema)
      .max(100)
      .optional()
      .describe("Names of the targets to push to; empty or absent: every enabled target. An unknown one is a 422 `unknown_notify_target` naming it, a disabled one a 422 `notify_target_disabled`, and nothing is pushed."),
  })
  .strict();
export type PushSettings = z.infer<typeof PushSettingsSchema>;

export const NotifySuccessSchema = z.object({
  name: z.string().describe("The target's name."),
  url: z.string().describe("Where it was pushed."),
  httpStatus: z.number().int().describe("The 2xx status it answered."),
  durationMs: z.number().int().describe("How long the push took, in milliseconds."),
});
export type NotifySuccess = z.infer<typeof NotifySuccessSchema>;

export const NotifyFailureSchema = z.object({
  name: z.string().describe("The target's name."),
  url: z.string().describe("Where it was pushed."),
  httpStatus: z.number().int().nullable().describe("The status it answered; null when it did not answer."),
  error: z.string().describe("Why it failed, in a few words (never the secret)."),
  durationMs: z.number().int().describe("How long the push took, in milliseconds."),
});
export type NotifyFailure = z.infer<typeof NotifyFailureSchema>;

export const PushResultSchema = z
  .object({
    revision: z.number().int().describe("The settings revision pushed."),
    successes: z.array(NotifySuccessSchema).describe("Targets that answered 2xx, by name."),
    failures: z.array(NotifyFailureSchema).describe("Targets that did not, by name."),
  })
  .describe("What each target made of the push.");
export type PushResult = z.infer<typeof PushResultSchema>;

export const NotifyPushSchema = NotifyPushOutcomeSchema.extend({
  id: UuidSchema.describe("Stable identifier."),
  targetId: UuidSchema.nullable().describe("The target, while it exists; null once deleted."),
  target: z.string().describe("The target's name when pushed."),
  url: z.string().describe("Where it was pushed."),
  actorId: z.string().nullable().describe("Who pushed: a user's or an API key's id; null for the system."),
}).describe("One push to one target, as recorded.");
export type NotifyPush = z.infer<typeof NotifyPushSchema>;

export const ListNotifyPushesQuerySchema = PageQuerySchema.extend({
  target: NotifyTargetNameSchema.optional().describe("Only pushes to the target of this name (as it was named when pushed)."),
});
export type ListNotifyPushesQuery = z.infer<typeof ListNotifyPushesQuerySchema>;

const TargetParams = z.object({ id: UuidSchema.describe("Target id.") });
const notFound = { 404: problem };

export const notifyContract = c.router(
  {
    listNotifyTargets: {
      method: "GET",
      path: "/settings/notify-targets",
      responses: { 200: z.object({ data: z.array(NotifyTargetSchema).describe("Every target, by name.") }), ...commonErrors },
      summary: "List notify targets",
      description: "With each target's latest push. Secrets are never listed.",
      metadata: requires("settings:read"),
    },
    createNotifyTarget: {
      method: "POST",
      path: "/settings/notify-targets",
      body: CreateNotifyTargetSchema,
      responses: { 201: CreatedNotifyTargetSchema, ...commonErrors, 409: problem, 422: problem },
      summary: "Register a notify target",
      description:
        "The answer carries the signing `secret` this once (generated unless given). A URL that is not `http(s)://`, or holds credentials, is a 422 `invalid_notify_url`; a taken name a 409 `notify_target_name_taken`.",
      metadata: requires("settings:update"),
    },
    updateNotifyTarget: {
      method: "PATCH",
      path: "/settings/notify-targets/:id",
      pathParams: TargetParams,
      body: UpdateNotifyTargetSchema,
      responses: { 200: UpdatedNotifyTargetSchema, ...commonErrors, ...notFound, 409: problem, 422: problem },
      summary: "Rename a notify target, move it, enable or disable it, or rotate its secret",
      description: "`rotateSecret: true` answers the new `secret` this once. 404 `notify_target_not_found`; 409 `notify_target_name_taken`; 422 `invalid_notify_url`.",
      metadata: requires("settings:update"),
    },
    deleteNotifyTarget: {
      method: "DELETE",
      path: "/settings/notify-targets/:id",
      pathParams: TargetParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Delete a notify target",
      description: "Its pushes stay recorded, under the name it had. 404 `notify_target_not_found`.",
      metadata: requires("settings:update"),
    },
    pushSettings: {
      method: "POST",
      path: "/settings/notify",
      body: PushSettingsSchema,
      responses: { 200: PushResultSchema, ...commonErrors, 422: problem },
      summary: "Push the settings to notify targets now",
      description:
        "POSTs the settings document (`version`, `revision`, `settings`, `updatedAt`, and `pushedAt`) to each target at once, signed (`Steward-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, \"<t>.<body>\")>`), with a bounded timeout and no redirects followed. 2xx is a success; anything else, a timeout or a network error a failure. Every push is recorded (`/settings/notify-pushes`) and audited as `settings.notify`.",
      metadata: requires("settings:update"),
    },
    listNotifyPushes: {
      method: "GET",
      path: "/settings/notify-pushes",
      query: ListNotifyPushesQuerySchema,
      responses: { 200: pageOf(NotifyPushSchema), ...commonErrors },
      summary: "List recorded pushes",
      description: "Newest first, keyset-paged; `target` keeps those to one target.",
      metadata: requires("settings:read"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

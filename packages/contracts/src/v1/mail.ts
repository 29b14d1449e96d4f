import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { PlainNameSchema, TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const OutboxStatusSchema = z
  .enum(["pending", "sent", "failed"])
  .describe("`pending`: waiting to be sent (or kept here when no SMTP server is set); `sent`: handed to the SMTP server; `failed`: given up after the last attempt.");
export const MailKindSchema = z
  .enum(["invite", "password_reset", "account_setup"])
  .describe("What the mail is for: an invite, a password reset, or choosing the first password of an account made without one.");

export const OutboxMessageSchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    kind: MailKindSchema,
    to: z.string().describe("Recipient address."),
    subject: z.string(),
    status: OutboxStatusSchema,
    attempts: z.number().int().describe("Sends tried so far."),
    nextAttemptAt: TimestampSchema.nullable().describe("When the next send is due; null once sent or failed."),
    lastError: z.string().nullable().describe("Why the last send failed, if it did."),
    sentAt: TimestampSchema.nullable(),
    createdAt: TimestampSchema,
    inviteId: UuidSchema.nullable().describe("The invite the mail carries, if any (and it still exists)."),
    body: z
      .object({ text: z.string(), html: z.string() })
      .nullable()
      .describe(
        "The mail's text and HTML. It carries an invite's link, so it is shown only by `GET /outbox/{id}` (audited as `mail.body_read`), " +
          "to a caller holding `mail:manage` who could make that invite now (a reset: `users:update` and every permission of its account); null otherwise, with the reason in `bodyHidden`.",
      ),
    bodyHidden: z
      .enum(["list", "not_permitted", "unreadable"])
      .nullable()
      .describe("Why `body` is null: `list` (lists carry no bodies), `not_permitted`, or `unreadable` (the secret key was replaced); null when it is shown."),
  })
  .describe("A mail in the outbox.");
export type OutboxMessage = z.infer<typeof OutboxMessageSchema>;

export const ListOutboxQuerySchema = PageQuerySchema.extend({
  status: OutboxStatusSchema.optional().describe("Only messages in this status."),
}).strict();
export type ListOutboxQuery = z.infer<typeof ListOutboxQuerySchema>;

export const SendInviteEmailSchema = z
  .object({
    email: TextSchema.email().max(254).describe("Where to send the invite."),
    name: PlainNameSchema.optional().describe("How to greet the person: one line of plain text, at most 100 characters, shown as text (never as a link)."),
  })
  .strict()
  .describe("An invite to register, sent by email.");
export type SendInviteEmail = z.infer<typeof SendInviteEmailSchema>;

export const QueuedMailSchema = z
  .object({
    inviteId: UuidSchema.describe("The invite the mail carries."),
    messageId: UuidSchema.describe("The outbox message; see `GET /outbox`."),
  })
  .describe("A mail queued for sending.");
export type QueuedMail = z.infer<typeof QueuedMailSchema>;

const MessageParams = z.object({ id: UuidSchema.describe("Outbox message id.") });
const UserParams = z.object({ id: UuidSchema.describe("User id.") });

export const mailContract = c.router(
  {
    listOutbox: {
      method: "GET",
      path: "/outbox",
      query: ListOutboxQuerySchema,
      responses: { 200: pageOf(OutboxMessageSchema), ...commonErrors },
      summary: "List the outbox",
      description: "Mails queued, sent and failed, newest first, without their bodies (read one message for its body).",
      metadata: requires("mail:read"),
    },
    getOutboxMessage: {
      method: "GET",
      path: "/outbox/:id",
      pathParams: MessageParams,
      responses: { 200: OutboxMessageSchema, ...commonErrors, 404: ProblemSchema },
      summary: "Get a mail in the outbox",
      description:
        "With its body when you hold `mail:manage` and could make the invite it carries now (see `body`); each body shown is audited (`mail.body_read`).",
      metadata: requires("mail:read"),
    },
    retryMail: {
      method: "POST",
      path: "/outbox/:id/retry",
      pathParams: MessageParams,
      body: c.noBody(),
      responses: { 200: OutboxMessageSchema, ...commonErrors, 404: ProblemSchema, 409: ProblemSchema },
      summary: "Retry a failed mail",
      description: "Puts a `failed` message back to `pending`, with its attempts counted from zero. 409 (`not_failed`) for any other status.",
      metadata: requires("mail:manage"),
    },
    sendInviteEmail: {
      method: "POST",
      path: "/invites/email",
      body: SendInviteEmailSchema,
      responses: { 202: QueuedMailSchema, ...commonErrors },
      summary: "Invite someone by email",
      description: "Creates a `register` invite for the address and queues the mail that carries its link; the mail is sent in the background.",
      metadata: requires("invites:manage"),
    },
    sendPasswordResetEmail: {
      method: "POST",
      path: "/users/:id/password-reset",
      pathParams: UserParams,
      body: c.noBody(),
      responses: { 202: QueuedMailSchema, ...commonErrors, 404: ProblemSchema, 422: ProblemSchema },
      summary: "Email a password-reset link",
      description:
        "Creates a `reset` invite (24 hours) for the user and queues the mail to their address. " +
        "403 for an account holding permissions you do not hold; 404 for no such user; 422 (`no_email`) when the user has no email.",
      metadata: requires("users:update"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { requires } from "../common/permissions.js";
import { TextSchema } from "../common/schemas.js";

/**
 * Pterodactyl Panel's Application API for users
 * (reference/pterodactyl-application-users.md), as the Panel (1.11) answers
 * it where the document is vague. Paths are relative to the dialect's base
 * path (`/api/application` by default).
 */
const c = initContract();

export const PterodactylErrorSchema = z
  .object({
    errors: z
      .array(
        z.object({
          code: z.string().describe("The Panel's exception name: `NotFoundHttpException`, `ValidationException`, ..."),
          status: z.string().describe("The HTTP status, as a string."),
          detail: z.string().describe("What went wrong, for a person."),
          meta: z
            .object({
              source_field: z.string().describe("The request field that failed."),
              rule: z.string().describe("The validation rule it failed: `required`, `email`, `unique`, `between`, ..."),
            })
            .optional()
            .describe("For a validation failure: which field and rule."),
        }),
      )
      .min(1)
      .describe("One entry per error; a 422 has one per failing field and rule."),
  })
  .describe("An error, as the Panel answers it.");
export type PterodactylError = z.infer<typeof PterodactylErrorSchema>;

const errors = {
  400: PterodactylErrorSchema,
  401: PterodactylErrorSchema,
  403: PterodactylErrorSchema,
  413: PterodactylErrorSchema,
  415: PterodactylErrorSchema,
  429: PterodactylErrorSchema,
  503: PterodactylErrorSchema,
} as const;
const notFound = { 404: PterodactylErrorSchema };
const invalid = { 422: PterodactylErrorSchema };

// ------------------------------------------------------------ answers

/** The Panel's timestamps: UTC, whole seconds, written `+00:00`. */
const PanelTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/).describe("UTC time, e.g. `2022-09-15T17:33:34+00:00`.");

export const PterodactylServerSchema = z
  .object({
    object: z.literal("server"),
    attributes: z
      .object({
        uuid: z.string().describe("Steward's id of the attached resource."),
        identifier: z.string().describe("The first 8 characters of `uuid`, as the Panel shortens server ids."),
        external_id: z.string().describe("The resource's id in the system it lives in."),
        name: z.string().nullable().describe("The resource's name, if known."),
        kind: z.string().describe("What kind of resource it is (Steward's `kind`, e.g. `server`)."),
        created_at: PanelTime.describe("When it was attached."),
      })
      .describe("A resource attached to the user (Steward keeps a generic link: kind, external id, name)."),
  })
  .describe("A resource attached to the user, in the Panel's server envelope.");

export const PterodactylUserAttributesSchema = z
  .object({
    id: z.number().int().describe("The user's number."),
    external_id: z.string().nullable().describe("The user's id in another system."),
    uuid: z.string().describe("The user's UUID (Steward's id)."),
    username: z.string().describe("Username."),
    email: z.string().describe("Email address."),
    first_name: z.string().describe("First name."),
    last_name: z.string().describe("Last name."),
    language: z.string().describe("Language; `en` unless set."),
    root_admin: z.boolean().describe("Holds Steward's admin role."),
    "2fa": z.boolean().describe("Whether two-factor authentication is on."),
    created_at: PanelTime.describe("When the account was created."),
    updated_at: PanelTime.describe("When the account last changed."),
    relationships: z
      .object({
        servers: z.object({ object: z.literal("list"), data: z.array(PterodactylServerSchema) }),
      })
      .optional()
      .describe("With `include=servers`: the resources attached to the user."),
  })
  .describe("A user's attributes.");

export const PterodactylUserSchema = z
  .object({ object: z.literal("user"), attributes: PterodactylUserAttributesSchema })
  .describe("A user, in the Panel's envelope.");
export type PterodactylUser = z.infer<typeof PterodactylUserSchema>;

export const PterodactylCreatedUserSchema = PterodactylUserSchema.extend({
  meta: z.object({ resource: z.string().describe("URL of the new user.") }),
}).describe("The user created, with its URL.");
export type PterodactylCreatedUser = z.infer<typeof PterodactylCreatedUserSchema>;

export const PterodactylPaginationSchema = z
  .object({
    total: z.number().int().describe("Users matching, on all pages."),
    count: z.number().int().describe("Users on this page."),
    per_page: z.number().int().describe("Users per page."),
    current_page: z.number().int().describe("This page's number."),
    total_pages: z.number().int().describe("Pages in all (at least 1)."),
    links: z
      .object({
        previous: z.string().optional().describe("URL of the page before, from page 2 on."),
        next: z.string().optional().describe("URL of the page after, before the last."),
      })
      .describe("Neighbouring pages (`?page=N`; other parameters are not carried, as in the Panel)."),
  })
  .describe("Where this page is.");

/** A page of `item`s in the Panel's list envelope. */
const panelList = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ object: z.literal("list"), data: z.array(item), meta: z.object({ pagination: PterodactylPaginationSchema }) });

export const PterodactylUserListSchema = panelList(PterodactylUserSchema).describe("A page of users.");
export type PterodactylUserList = z.infer<typeof PterodactylUserListSchema>;

export const PterodactylServerListSchema = panelList(PterodactylServerSchema).describe("A page of attached resources of kind `server`.");
export type PterodactylServerList = z.infer<typeof PterodactylServerListSchema>;

// ------------------------------------------------------------ requests

/** Digits only: query strings carry text, and the Panel reads these as numbers. */
const QueryNumber = TextSchema.regex(/^\d{1,9}$/, "Expected a whole number");

const FilterValue = TextSchema.max(191);

export const PterodactylListQuerySchema = z
  .object({
    filter: z
      .object({
        email: FilterValue.optional().describe("Users whose email contains this (any case)."),
        external_id: FilterValue.optional().describe("Users whose external id contains this (any case)."),
        username: FilterValue.optional().describe("Users whose username contains this (any case)."),
        uuid: FilterValue.optional().describe("Users whose UUID contains this (any case)."),
      })
      .strict()
      .optional()
      .describe("`filter[email]=...`, `filter[external_id]=...`, `filter[username]=...`, `filter[uuid]=...`; any other is 400."),
    sort: z.enum(["id", "-id", "uuid", "-uuid"]).optional().describe("`id` or `uuid`, `-` for descending; by id when absent."),
    page: TextSchema.max(20).optional().describe("Page number from 1; anything else reads as 1, as in the Panel."),
    per_page: QueryNumber.optional().describe("Users per page; default 50, at most 500 (0 reads as 15, as in the Panel)."),
    include: TextSchema.max(200).optional().describe("`servers` for the attached resources; other names are ignored."),
  })
  .passthrough();
export type PterodactylListQuery = z.infer<typeof PterodactylListQuerySchema>;

const IncludeQuery = z
  .object({ include: TextSchema.max(200).optional().describe("`servers` for the attached resources; other names are ignored.") })
  .passthrough();

/** The Panel's username rule (`p_username`), on the lower-cased name: three or more characters, letters or digits at both ends. */
export const PTERODACTYL_USERNAME = /^[a-z0-9]([\w.-]+)[a-z0-9]$/i;

/** `true`/`false`, or the 1/0 and text forms Laravel's `boolean` rule takes. */
const PanelBoolean = z.union([z.boolean(), z.literal(0), z.literal(1), z.enum(["0", "1", "true", "false"])]).transform((value) => value === true || value === 1 || value === "1" || value === "true");

const userFields = {
  email: TextSchema.trim().min(1).max(191).email().describe("Email address; unique."),
  username: TextSchema.trim().min(1).max(64).regex(PTERODACTYL_USERNAME, "p_username").describe("Username; unique, stored in lower case as the Panel does."),
  first_name: TextSchema.trim().min(1).max(100).describe("First name."),
  last_name: TextSchema.trim().min(1).max(100).describe("Last name."),
  external_id: TextSchema.trim().max(191).nullable().optional().describe("Id in another system; unique; empty or null for none."),
  password: TextSchema.max(256).nullable().optional().describe("Password; empty or absent sets none (Panel: any length)."),
  language: TextSchema.trim().min(1).max(35).optional().describe("Language code; `en` by default."),
  root_admin: PanelBoolean.optional().describe("Grant (or, on update, revoke) Steward's admin role."),
};

export const PterodactylUserBodySchema = z.object(userFields).passthrough().describe("A user's fields, all four names required, as on the Panel.");
export type PterodactylUserBody = z.infer<typeof PterodactylUserBodySchema>;

export const PterodactylServerListQuerySchema = z
  .object({
    page: TextSchema.max(20).optional().describe("Page number from 1; anything else reads as 1."),
    per_page: QueryNumber.optional().describe("Servers per page; default 50, at most 500."),
  })
  .passthrough();
export type PterodactylServerListQuery = z.infer<typeof PterodactylServerListQuerySchema>;

const IdParams = z.object({ id: TextSchema.max(40).describe("The user's number.") });
const ExternalIdParams = z.object({ external_id: TextSchema.max(191).describe("The user's external id.") });

export const pterodactylContract = c.router(
  {
    users: c.router(
      {
        listUsers: {
          method: "GET",
          path: "/users",
          query: PterodactylListQuerySchema,
          responses: { 200: PterodactylUserListSchema, ...errors },
          summary: "Get users",
          metadata: requires("users:read"),
        },
        getUserByExternalId: {
          method: "GET",
          path: "/users/external/:external_id",
          pathParams: ExternalIdParams,
          query: IncludeQuery,
          responses: { 200: PterodactylUserSchema, ...errors, ...notFound },
          summary: "Get external user",
          metadata: requires("users:read"),
        },
        getUser: {
          method: "GET",
          path: "/users/:id",
          pathParams: IdParams,
          query: IncludeQuery,
          responses: { 200: PterodactylUserSchema, ...errors, ...notFound },
          summary: "Get user",
          metadata: requires("users:read"),
        },
        createUser: {
          method: "POST",
          path: "/users",
          body: PterodactylUserBodySchema,
          responses: { 201: PterodactylCreatedUserSchema, ...errors, ...invalid },
          summary: "Create user",
          metadata: requires("users:create"),
        },
        updateUser: {
          method: "PATCH",
          path: "/users/:id",
          pathParams: IdParams,
          body: PterodactylUserBodySchema,
          responses: { 200: PterodactylUserSchema, ...errors, ...notFound, ...invalid, 409: PterodactylErrorSchema },
          summary: "Update user",
          metadata: requires("users:update"),
        },
        deleteUser: {
          method: "DELETE",
          path: "/users/:id",
          pathParams: IdParams,
          body: c.noBody(),
          responses: { 204: c.noBody(), ...errors, ...notFound, 409: PterodactylErrorSchema },
          summary: "Delete user",
          description: "400 `DisplayException` while resources (the Panel's servers) are attached to the user.",
          metadata: requires("users:delete"),
        },
      },
      { strictStatusCodes: true },
    ),
    servers: c.router(
      {
        listServers: {
          method: "GET",
          path: "/servers",
          query: PterodactylServerListQuerySchema,
          responses: { 200: PterodactylServerListSchema, ...errors },
          summary: "List servers: the resources of kind `server` attached to users",
          metadata: requires("users:read"),
        },
      },
      { strictStatusCodes: true },
    ),
  },
  { strictStatusCodes: true },
);

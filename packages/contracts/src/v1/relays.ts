import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { parseHttpUrl } from "../common/http-url.js";
import { requires } from "../common/permissions.js";
import { TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const MAX_RELAY_URL_LENGTH = 2048;

/**
 * Why a relay URL is refused, or null when it is an absolute http(s) URL
 * with a host and neither credentials nor a fragment. Only the plain
 * `scheme://host...` form is taken: no whitespace or control characters the
 * URL parser would silently drop, no `http:host` shorthand.
 */
export function relayUrlProblem(text: string): string | null {
  if (text.length > MAX_RELAY_URL_LENGTH) return `At most ${MAX_RELAY_URL_LENGTH} characters`;
  const url = parseHttpUrl(text);
  if (typeof url === "string") return url;
  if (text.includes("#")) return "Must not contain a fragment";
  if (normalized(url).length > MAX_RELAY_URL_LENGTH) return `At most ${MAX_RELAY_URL_LENGTH} characters once normalised`;
  return null;
}

/**
 * The one spelling of a relay URL the unique index compares: scheme and host
 * in lower case (the URL parser's work, with the default port dropped), and
 * no trailing slash when the path is the root. Null when the URL is refused
 * (see relayUrlProblem).
 */
export function normalizeRelayUrl(text: string): string | null {
  return relayUrlProblem(text) === null ? normalized(new URL(text)) : null;
}

function normalized(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === "/" ? "" : url.pathname}${url.search}`;
}

export const RelayUrlSchema = TextSchema.superRefine((text, ctx) => {
  const problem = relayUrlProblem(text);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
}).describe(
  `Absolute http(s) URL of the relay (its actor), without credentials or fragment, at most ${MAX_RELAY_URL_LENGTH} characters; stored with scheme and host in lower case and no trailing slash on a root path.`,
);

export const RelaySchema = z
  .object({
    id: UuidSchema.describe("Stable identifier."),
    url: z.string().describe("The relay's URL, normalised."),
    followedAt: TimestampSchema.describe("When the platform began following the relay."),
  })
  .describe("A relay the platform follows.");
export type Relay = z.infer<typeof RelaySchema>;

export const FollowRelaySchema = z.object({ url: RelayUrlSchema }).strict().describe("The relay to follow.");
export type FollowRelay = z.infer<typeof FollowRelaySchema>;

export const RelayListSchema = z.object({
  data: z.array(RelaySchema).describe("Every followed relay, by URL."),
  total: z.number().int().describe("How many."),
});

export const relaysContract = c.router(
  {
    listRelays: {
      method: "GET",
      path: "/relays",
      responses: { 200: RelayListSchema, ...commonErrors },
      summary: "List the followed relays",
      description: "All of them (relays are few), sorted by URL.",
      metadata: requires("relays:read"),
    },
    followRelay: {
      method: "POST",
      path: "/relays",
      body: FollowRelaySchema,
      responses: {
        201: RelaySchema.describe("The relay, now followed."),
        200: RelaySchema.describe("The relay, followed already: nothing changed."),
        ...commonErrors,
        409: ProblemSchema,
      },
      summary: "Follow a relay",
      description:
        "Idempotent: 201 with the new relay, or 200 with the existing one when its URL, once normalised, is followed already. 409 `relay_busy` (retry) in the rare case the same relay keeps being unfollowed meanwhile.",
      metadata: requires("relays:manage"),
    },
    unfollowRelay: {
      method: "DELETE",
      path: "/relays/:id",
      pathParams: z.object({ id: UuidSchema.describe("Relay id.") }),
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, 404: ProblemSchema },
      summary: "Unfollow a relay",
      description: "404 `relay_not_found` for an unknown id.",
      metadata: requires("relays:manage"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

import { initContract } from "@ts-rest/core";
import { V1_PREFIX } from "./prefix.js";
import { z } from "zod";
import { ProblemSchema } from "../common/errors.js";
import { PageQuerySchema, pageOf } from "../common/pagination.js";
import { requires } from "../common/permissions.js";
import { TimestampSchema, UuidSchema } from "../common/schemas.js";
import { commonErrors } from "./responses.js";

const c = initContract();

export const FollowSchema = z
  .object({
    id: UuidSchema.describe("User id of the other side: the followed user in a following list, the follower in a followers list."),
    username: z.string().describe("Login name."),
    displayName: z.string().nullable().describe("Name shown to people."),
    local: z.boolean().describe("True for an account of this platform, false for a remote one."),
    since: TimestampSchema.describe("When the follow began."),
  })
  .describe("One side of a follow.");
export type Follow = z.infer<typeof FollowSchema>;

export const ListFollowsQuerySchema = PageQuerySchema.strict();
export type ListFollowsQuery = z.infer<typeof ListFollowsQuerySchema>;

const UserParams = z.object({ id: UuidSchema.describe("User id.") });
const FollowParams = UserParams.extend({ targetId: UuidSchema.describe("Id of the user followed.") });
const notFound = { 404: ProblemSchema };

export const followsContract = c.router(
  {
    listFollowing: {
      method: "GET",
      path: "/users/:id/following",
      pathParams: UserParams,
      query: ListFollowsQuerySchema,
      responses: { 200: pageOf(FollowSchema), ...commonErrors, ...notFound },
      summary: "List the users a user follows",
      description: "By username; `total` counts every followed user. 404 `user_not_found` for an unknown user.",
      metadata: requires("users:read"),
    },
    listFollowers: {
      method: "GET",
      path: "/users/:id/followers",
      pathParams: UserParams,
      query: ListFollowsQuerySchema,
      responses: { 200: pageOf(FollowSchema), ...commonErrors, ...notFound },
      summary: "List a user's followers",
      description: "By username; `total` counts every follower. 404 `user_not_found` for an unknown user.",
      metadata: requires("users:read"),
    },
    followUser: {
      method: "PUT",
      path: "/users/:id/following/:targetId",
      pathParams: FollowParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound, 422: ProblemSchema },
      summary: "Make a user follow another",
      description:
        "Following again is harmless. A write on the follower's account: 403 `target_outranks_caller` when the follower holds permissions the caller does not. 404 `user_not_found` when either user is unknown; 422 `self_follow` when both ids are the same.",
      metadata: requires("users:update"),
    },
    unfollowUser: {
      method: "DELETE",
      path: "/users/:id/following/:targetId",
      pathParams: FollowParams,
      body: c.noBody(),
      responses: { 204: c.noBody(), ...commonErrors, ...notFound },
      summary: "Make a user stop following another",
      description:
        "Unfollowing a user not followed is harmless. A write on the follower's account: 403 `target_outranks_caller` when the follower holds permissions the caller does not. 404 `user_not_found` when either user is unknown.",
      metadata: requires("users:update"),
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

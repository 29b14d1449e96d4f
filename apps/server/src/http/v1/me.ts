import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import type { Response } from "express";
import { changeOwnPassword } from "../../services/me/change-own-password.ts";
import { getOwnAccount } from "../../services/me/get-own-account.ts";
import { listOwnSessions, revokeOtherOwnSessions, revokeOwnSession } from "../../services/me/own-sessions.ts";
import { updateOwnProfile } from "../../services/me/update-own-profile.ts";
import { etagOf, type UserRecord } from "../../services/users/user-view.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

/** The account answered with its ETag, for the next If-Match. */
function withETag(res: Response, record: UserRecord) {
  res.setHeader("ETag", etagOf(record));
  return { status: 200 as const, body: record.user };
}

export const meRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.me, {
    getOwnAccount: async ({ req, res }) => withETag(res, await getOwnAccount(context(req, res))),
    updateOwnProfile: async ({ body, headers, req, res }) => withETag(res, await updateOwnProfile(context(req, res), body, { ifMatch: headers["if-match"] })),
    changeOwnPassword: async ({ body, req, res }) => ({ status: 200, body: await changeOwnPassword(context(req, res), body) }),
    listOwnSessions: async ({ query, req, res }) => ({ status: 200, body: await listOwnSessions(context(req, res), query) }),
    revokeOwnSession: async ({ params, req, res }) => {
      await revokeOwnSession(context(req, res), params.sessionId);
      return { status: 204, body: undefined };
    },
    revokeOtherOwnSessions: async ({ req, res }) => ({ status: 200, body: await revokeOtherOwnSessions(context(req, res)) }),
  });

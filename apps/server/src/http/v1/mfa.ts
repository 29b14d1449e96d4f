import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { confirmMfaEnrolment } from "../../services/auth/mfa/confirm-enrolment.ts";
import { disableOwnMfa } from "../../services/auth/mfa/disable-own-mfa.ts";
import { getOwnMfa } from "../../services/auth/mfa/get-mfa-status.ts";
import { regenerateRecoveryCodes } from "../../services/auth/mfa/regenerate-recovery-codes.ts";
import { resetUserMfa } from "../../services/auth/mfa/reset-user-mfa.ts";
import { startMfaEnrolment } from "../../services/auth/mfa/start-enrolment.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const mfaRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.mfa, {
    getMfa: async ({ req, res }) => ({ status: 200, body: await getOwnMfa(context(req, res)) }),
    startMfaEnrolment: async ({ req, res }) => ({ status: 200, body: await startMfaEnrolment(context(req, res)) }),
    confirmMfaEnrolment: async ({ body, req, res }) => ({ status: 200, body: await confirmMfaEnrolment(context(req, res), body) }),
    regenerateRecoveryCodes: async ({ body, req, res }) => ({ status: 200, body: await regenerateRecoveryCodes(context(req, res), body) }),
    disableMfa: async ({ body, req, res }) => {
      await disableOwnMfa(context(req, res), body);
      return { status: 204, body: undefined };
    },
    resetUserMfa: async ({ params, req, res }) => {
      await resetUserMfa(context(req, res), params.id);
      return { status: 204, body: undefined };
    },
  });

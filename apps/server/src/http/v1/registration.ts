import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { getRegistrationInfo } from "../../services/registration/get-registration-info.ts";
import { signUp } from "../../services/registration/sign-up.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

export const registrationRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.registration, {
    getRegistration: async ({ req, res }) => ({ status: 200, body: await getRegistrationInfo(context(req, res)) }),
    signUp: async ({ body, req, res }) => ({ status: 201, body: await signUp(context(req, res), body) }),
  });

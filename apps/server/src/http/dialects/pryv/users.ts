import { initServer } from "@ts-rest/express";
import { pryvContract } from "@steward/contracts";
import { createOperator } from "../../../services/operators/create-operator.ts";
import { getOperator } from "../../../services/operators/get-operator.ts";
import { listOperators } from "../../../services/operators/list-operators.ts";
import { deleteUser } from "../../../services/users/delete-user.ts";
import { resetPassword } from "../../../services/users/reset-password.ts";
import { setUserPermissions } from "../../../services/users/set-user-permissions.ts";
import type { HandlerTools } from "../../shared/surface.ts";
import { PRYV_LIST_LIMIT } from "./constants.ts";
import { PRYV_EXPRESSIBLE, fromPryvPermissions } from "./from-pryv.ts";
import { toAdminUser, toPryvPermissions } from "./to-pryv.ts";

const s = initServer();

/** Pryv's admin users: Steward's operators. */
export const usersRoutes = ({ context }: HandlerTools) =>
  s.router(
    {
      listAdminUsers: pryvContract.listAdminUsers,
      createAdminUser: pryvContract.createAdminUser,
      getAdminUser: pryvContract.getAdminUser,
      deleteAdminUser: pryvContract.deleteAdminUser,
      updateAdminPermissions: pryvContract.updateAdminPermissions,
      resetAdminPassword: pryvContract.resetAdminPassword,
    },
    {
      listAdminUsers: async ({ req, res }) => {
        const { data } = await listOperators(context(req, res), { limit: PRYV_LIST_LIMIT });
        return { status: 200, body: { users: data.map(toAdminUser) } };
      },
      createAdminUser: async ({ body, req, res }) => {
        const operator = await createOperator(context(req, res), { username: body.username, password: body.password, permissions: fromPryvPermissions(body.permissions) });
        return { status: 201, body: { user: toAdminUser(operator) } };
      },
      getAdminUser: async ({ params, req, res }) => ({ status: 200, body: { user: toAdminUser(await getOperator(context(req, res), { username: params.username })) } }),
      deleteAdminUser: async ({ params, req, res }) => {
        const { user } = await deleteUser(context(req, res), { username: params.username }, { onlyOperator: true });
        return { status: 200, body: { username: user.username } };
      },
      updateAdminPermissions: async ({ params, body, req, res }) => {
        const operator = await setUserPermissions(context(req, res), { username: params.username }, fromPryvPermissions(body.permissions), {
          within: PRYV_EXPRESSIBLE,
          onlyOperator: true,
        });
        return { status: 200, body: { user: { permissions: toPryvPermissions(operator.permissions) } } };
      },
      resetAdminPassword: async ({ params, req, res }) => {
        const { user, password } = await resetPassword(context(req, res), { username: params.username }, { onlyOperator: true });
        return { status: 200, body: { username: user.user.username, password } };
      },
    },
  );

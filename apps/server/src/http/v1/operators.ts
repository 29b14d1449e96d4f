import { initServer } from "@ts-rest/express";
import { v1Contract } from "@steward/contracts";
import { createOperator } from "../../services/operators/create-operator.ts";
import { getOperator } from "../../services/operators/get-operator.ts";
import { listOperators } from "../../services/operators/list-operators.ts";
import type { OperatorRecord } from "../../services/operators/operators.ts";
import { setUserPermissions } from "../../services/users/set-user-permissions.ts";
import type { HandlerTools } from "../shared/surface.ts";

const s = initServer();

const toOperator = (record: OperatorRecord) => ({ ...record.user, permissions: record.permissions });

export const operatorsRoutes = ({ context }: HandlerTools) =>
  s.router(v1Contract.operators, {
    listOperators: async ({ query, req, res }) => {
      const { data, total, nextCursor } = await listOperators(context(req, res), { text: query.q, limit: query.limit, cursor: query.cursor });
      return { status: 200, body: { data: data.map(toOperator), total, nextCursor } };
    },
    getOperator: async ({ params, req, res }) => ({ status: 200, body: toOperator(await getOperator(context(req, res), params.id)) }),
    createOperator: async ({ body, req, res }) => {
      const operator = await createOperator(context(req, res), body);
      res.setHeader("Location", `/api/v1/operators/${operator.user.id}`);
      return { status: 201, body: toOperator(operator) };
    },
    setUserPermissions: async ({ params, body, req, res }) => ({
      status: 200,
      body: toOperator(await setUserPermissions(context(req, res), params.id, body.permissions)),
    }),
  });

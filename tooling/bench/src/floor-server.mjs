// The stack's floor: bare Express 5 + pg (node-postgres), no auth, no
// validation library, no middleware, answering the user row that Steward's
// GET /api/v1/users/:id reads, as JSON. The bench runs it as its own child
// process (`node src/floor-server.mjs`, plain JavaScript: no TypeScript
// loader in the measured process) on the same database, and alternates its
// load with Steward's get-by-id (see ../README.md, "floor").
//
// Environment: DATABASE_URL, PORT, HOST (127.0.0.1), DATABASE_POOL_SIZE (10, Steward's default).
import express from "express";
import pg from "pg";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

// The users columns of Steward's read model (apps/server/src/services/users/user-view.ts,
// PAGE_COLUMNS and the final SELECT's casts), without its roles and groups joins.
// A named statement: each pooled connection prepares it once.
const USER_BY_ID = {
  name: "floor_user_by_id",
  text: `SELECT u.id, u.numeric_id, u.username::text AS username, u.email::text AS email, u.display_name, u.first_name,
  u.last_name, u.language, u.phone, u.external_id, u.domain, u.status::text AS status, u.tags, u.direct_permissions,
  u.mfa_enabled, u.last_login_at, u.registration_invite_id, u.registration_referer, u.registration_server, u.version,
  u.created_at, u.updated_at
FROM users u WHERE u.id = $1::uuid`,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const app = express();
app.disable("x-powered-by");

app.get("/readyz", (_req, res) => {
  res.json({ status: "ready" });
});

app.get("/api/v1/users/:id", async (req, res) => {
  const { id } = req.params;
  if (!UUID.test(id)) {
    res.status(400).json({ error: "not a uuid" });
    return;
  }
  const { rows } = await pool.query({ ...USER_BY_ID, values: [id] });
  if (rows.length === 0) {
    res.status(404).json({ error: "no such user" });
    return;
  }
  res.json(rows[0]);
});

const server = app.listen(Number(process.env.PORT ?? 4500), process.env.HOST ?? "127.0.0.1");

const stop = () => {
  server.close(() => void pool.end().finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

import { describe, expect, it } from "vitest";
import { listMigrations } from "@steward/db";
import { startTestServer } from "./harness.ts";

describe("migrations", () => {
  it("are applied at start-up and recorded, and a second run applies nothing", async () => {
    // Not from the run's migrated snapshot: this server migrates its database itself.
    const t = await startTestServer({}, { emptyDatabase: true });
    try {
      const rows = await t.server.db.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name`;
      expect(rows.map((r) => r.migration_name)).toEqual(listMigrations().map((m) => m.name));
      expect(await t.server.db.migrate()).toEqual({ applied: [] });
      const roles = await t.server.db.prisma.role.findMany({ orderBy: { name: "asc" } });
      expect(roles.map((r) => r.name)).toEqual(["admin", "moderator"]);
    } finally {
      await t.close();
    }
  });
});

export { PrismaClient, Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export { openDatabase, migratedEmbeddedSnapshot, maskUrl, type Database, type DatabaseKind, type DatabaseOptions } from "./database.ts";
export { isDatabaseBusy, isDatabaseUnavailable, isWriteConflict } from "./unavailable.ts";
export { applyMigrations, listMigrations, migrationsDir, type MigrationResult } from "./migrate.ts";
export { prismaSql, type QueryOptions, type SqlClient } from "./sql.ts";
export { USER_HANDLE_TEXT, USER_NAMES_TEXT, USER_SEARCH_TEXT } from "./search.ts";

import { DIALECT_DOCUMENTS } from "./dialects/openapi.ts";
import { DIALECT_BASE_PATHS, type DialectName } from "./dialects/names.ts";
import { dialectOpenApi } from "./shared/dialect-openapi.ts";
import { openApiDocument } from "./v1/openapi.ts";

/**
 * Every OpenAPI document the server serves, by surface (`v1`, then each
 * dialect at its default base path): what `pnpm lint` checks
 * (tooling/scripts/lint-openapi.mjs) and the tests read.
 */
export function openApiDocuments(): Record<"v1" | DialectName, Record<string, unknown>> {
  const dialects = Object.entries(DIALECT_DOCUMENTS).map(([name, doc]) => [name, dialectOpenApi(doc, DIALECT_BASE_PATHS[name as DialectName])]);
  return { v1: openApiDocument(), ...Object.fromEntries(dialects) };
}

import type { DialectDocument } from "../shared/dialect-openapi.ts";
import type { DialectName } from "./names.ts";
import { pleromaDocument } from "./pleroma/openapi.ts";
import { prosodyDocument } from "./prosody/openapi.ts";
import { pryvEarlyDocument } from "./pryv-early/openapi.ts";
import { pryvDocument } from "./pryv/openapi.ts";
import { pterodactylDocument } from "./pterodactyl/openapi.ts";

/** Every dialect's OpenAPI document, by name: what each surface serves, and what `pnpm lint` checks (tooling/scripts/lint-openapi.mjs). */
export const DIALECT_DOCUMENTS: Record<DialectName, DialectDocument> = {
  prosody: prosodyDocument,
  pleroma: pleromaDocument,
  pterodactyl: pterodactylDocument,
  "pryv-early": pryvEarlyDocument,
  pryv: pryvDocument,
};

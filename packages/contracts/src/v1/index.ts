// `@steward/contracts/v1`: the canonical API alone, with the shared schemas
// it is made of. What the SDK and the console import: no dialect's schemas
// come along (the dialects are `@steward/contracts/dialects/<name>`).
export * from "../common/errors.js";
export * from "../common/reasons.js";
export * from "../common/pagination.js";
export * from "../common/permissions.js";
export * from "../common/schemas.js";
export * from "./api-keys.js";
export * from "./audit-events.js";
export * from "./auth.js";
export * from "./registration.js";
export * from "./me.js";
export * from "./me-channels.js";
export * from "./me-access-tokens.js";
export * from "./me-bookmarks.js";
export * from "../common/client-data.js";
export * from "./contract.js";
export * from "./roles.js";
export * from "./operators.js";
export * from "./settings.js";
export * from "./notify.js";
export * from "./users.js";
export * from "./user-transfer.js";
export * from "../common/streaming.js";
export * from "./groups.js";
export * from "./invites.js";
export * from "./follows.js";
export * from "./relays.js";
export * from "./resources.js";
export * from "./mail.js";
export * from "./mfa.js";
export * from "./sessions.js";
export * from "./server-info.js";

// `@steward/contracts`: everything, for the server. Clients take a part:
// `@steward/contracts/v1` (the SDK, the console), or one dialect's contract,
// `@steward/contracts/dialects/<name>`.
export * from "./v1/index.js";
export * from "./dialects/pleroma.js";
export * from "./dialects/prosody.js";
export * from "./dialects/pterodactyl.js";
export * from "./dialects/pryv.js";
export * from "./dialects/pryv-early.js";

import { initContract } from "@ts-rest/core";
import { z } from "zod";
import { requires } from "../common/permissions.js";
import { QueryBoolean, TextSchema, TimestampSchema, UuidSchema } from "../common/schemas.js";
import type { StreamedBodies } from "../common/streaming.js";
import { GroupNameSchema } from "./groups.js";
import { V1_PREFIX } from "./prefix.js";
import { ProblemSchema } from "../common/errors.js";
import { commonErrors } from "./responses.js";
import { MAX_NUMERIC_ID, NumericIdQuerySchema, OptionalProfileSchema, TagSchema, UserStatusSchema, UsernameSchema } from "./users.js";

/**
 * Bulk import and export of users (`/users/import`, `/users/export`): the
 * records they stream, one NDJSON line or CSV row each, and their routes.
 * The routes are merged into the users router (contract.ts) ahead of
 * `/users/:id`.
 */

const c = initContract();

export const IMPORT_CONTENT_TYPES = ["application/x-ndjson", "text/csv"] as const;
export type ImportFormat = "ndjson" | "csv";

/** The longest line (NDJSON) or record (CSV) an import reads; a longer one is a row error, skipped without being kept. */
export const IMPORT_MAX_LINE_BYTES = 64 * 1024;
/** Row errors an import's summary lists; past it they are only counted (`errorCount`). */
export const IMPORT_MAX_LISTED_ERRORS = 1000;
export const IMPORT_DEFAULT_BATCH_SIZE = 2000;
export const IMPORT_MAX_BATCH_SIZE = 5000;

/**
 * Keycloak's stored password credential as its realm export writes it
 * (`credentials[]` of a user), older shape: the algorithm, iterations, and
 * base64 salt and derived key.
 */
export const KeycloakPasswordSchema = z
  .object({
    algorithm: TextSchema.max(64).describe("`pbkdf2-sha256` (Keycloak's default before argon2)."),
    hashIterations: z.number().int().min(1).max(10_000_000),
    salt: TextSchema.max(1024).describe("Base64 of the salt bytes."),
    value: TextSchema.max(1024).describe("Base64 of the derived key."),
  })
  .passthrough()
  .describe("A Keycloak password credential (algorithm, hashIterations, salt, value).");

/** Keycloak's newer export shape: the same facts as two JSON texts. */
export const KeycloakCredentialDataSchema = z
  .object({
    credentialData: TextSchema.max(4096).describe('JSON text: `{"hashIterations":27500,"algorithm":"pbkdf2-sha256"}`.'),
    secretData: TextSchema.max(4096).describe('JSON text: `{"value":"<base64>","salt":"<base64>"}`.'),
  })
  .passthrough()
  .describe("A Keycloak password credential as `credentialData` and `secretData`.");

export const ForeignPasswordHashSchema = z
  .union([TextSchema.min(1).max(2048), KeycloakPasswordSchema, KeycloakCredentialDataSchema])
  .describe(
    "A password hash made by another system, kept as it is and checked at the user's first sign-in, then replaced by an argon2id hash: " +
      "bcrypt (`$2a$`, `$2b$`, `$2y$`), argon2i or argon2id (PHC string `$argon2id$v=19$m=…`), PBKDF2-SHA256 " +
      "(Django's `pbkdf2_sha256$<iterations>$<salt>$<base64>`, Keycloak's credential object, or Steward's own `$pbkdf2-sha256$i=…$<salt>$<key>`), " +
      "scrypt (passlib's `$scrypt$ln=…,r=…,p=…$<salt>$<key>`; Firebase's modified scrypt: the base64 hash here with `passwordSalt`, " +
      "and the project's parameters from the request, or Steward's own `$firebase-scrypt$…` form). Any other text is a row error (`unknown_hash_format`).",
  );

/** Firebase's project-level hash parameters (the console's "password hash parameters"). */
export const FirebaseScryptParametersSchema = z
  .object({
    signerKey: TextSchema.min(1).max(1024).describe("`base64_signer_key`."),
    saltSeparator: TextSchema.max(1024).describe("`base64_salt_separator`."),
    rounds: z.number().int().min(1).max(64).describe("`rounds` (scrypt's r)."),
    memCost: z.number().int().min(1).max(20).describe("`mem_cost` (scrypt's N is 2^memCost)."),
  })
  .strict()
  .describe("Firebase's modified-scrypt project parameters.");
export type FirebaseScryptParameters = z.infer<typeof FirebaseScryptParametersSchema>;

/** An NDJSON import's optional first line: parameters for the hashes of the rows after it. */
export const HashParametersLineSchema = z
  .object({ type: z.literal("hashParameters"), firebaseScrypt: FirebaseScryptParametersSchema })
  .strict()
  .describe("Control line (first line only): the project parameters Firebase scrypt hashes need.");

/** One user to import: what creating a user takes, with groups by name and a foreign password hash instead of a password. */
export const ImportUserSchema = z
  .object({
    username: UsernameSchema,
    domain: TextSchema.min(1).max(253).nullable().optional().describe("Home domain for a remote account; omit for a local one."),
    status: UserStatusSchema.optional(),
    tags: z.array(TagSchema).max(100).optional().describe("Labels to set."),
    roles: z.array(TextSchema.min(1).max(64)).max(50).optional().describe("Role names to grant (needs `users:manage-roles` and every permission of the roles)."),
    groups: z.array(GroupNameSchema).max(100).optional().describe("Names of the groups to join (needs `groups:manage`); a name two groups share is a row error."),
    passwordHash: ForeignPasswordHashSchema.nullable().optional(),
    passwordSalt: TextSchema.min(1).max(1024).nullable().optional().describe("Base64 salt of a Firebase scrypt hash (its export's `salt`)."),
    createdAt: TimestampSchema.optional().describe("When the account was made at its source; now when left out."),
    id: UuidSchema.optional().describe("The source's id (an export's): read and ignored; the user gets a new one."),
    numericId: z.number().int().min(1).max(MAX_NUMERIC_ID).optional().describe("The source's number (an export's): read and ignored."),
  })
  .merge(OptionalProfileSchema)
  .strict()
  .describe("One user to import: an NDJSON line, or a CSV row.");
export type ImportUser = z.infer<typeof ImportUserSchema>;

/** The CSV columns an import reads and an export writes, in the export's order. Lists are `;`-separated, or a JSON array. */
export const USER_CSV_COLUMNS = [
  "numericId",
  "id",
  "username",
  "email",
  "displayName",
  "firstName",
  "lastName",
  "language",
  "phone",
  "externalId",
  "domain",
  "status",
  "tags",
  "roles",
  "groups",
  "createdAt",
  "passwordHash",
  "passwordSalt",
] as const;

export const ImportRowErrorSchema = z
  .object({
    line: z.number().int().describe("Line of the body the row starts on (1 is the first; a CSV header is line 1)."),
    field: z.string().optional().describe("The field at fault, when one is."),
    reason: z.string().describe("Why, as a stable code (`invalid_field`, `malformed_line`, `username_taken`, `unknown_hash_format`, `batch_failed`, …)."),
    message: z.string().describe("Why, for a person."),
  })
  .describe("A row that was not imported.");
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;

export const ImportBatchSchema = z
  .object({
    type: z.literal("batch"),
    firstLine: z.number().int().describe("First line of the body the batch read."),
    lastLine: z.number().int().describe("Last line of the body the batch read."),
    outcome: z
      .enum(["committed", "failed", "checked"])
      .describe("`committed`: its good rows are written; `failed`: the database refused it and nothing of it is written; `checked`: a dry run."),
    created: z.number().int().describe("Users written (a dry run: that would be)."),
    failed: z.number().int().describe("Rows of the batch that were not."),
  })
  .describe("Progress: a batch of rows done, in one transaction.");
export type ImportBatch = z.infer<typeof ImportBatchSchema>;

export const ImportSummarySchema = z
  .object({
    type: z.literal("summary"),
    dryRun: z.boolean().describe("Nothing was written: every row was checked as an import would."),
    rows: z.number().int().describe("Rows read (control lines and blank lines not counted)."),
    created: z.number().int().describe("Users created (a dry run: that would be)."),
    failed: z.number().int().describe("Rows not imported."),
    errorCount: z.number().int().describe("Row errors in all; `errors` lists the first ones."),
    errors: z.array(ImportRowErrorSchema).describe(`The first ${IMPORT_MAX_LISTED_ERRORS} row errors, by line.`),
    landed: z
      .array(z.object({ firstLine: z.number().int(), lastLine: z.number().int() }))
      .describe("Line ranges of the committed batches: the rows there landed, but for those `errors` names."),
    aborted: z
      .object({ reason: z.string(), message: z.string() })
      .optional()
      .describe("Present when the import stopped before the end of the body (the body broke off, or the database failed): what landed is in `landed`."),
  })
  .describe("The last line of an import's answer.");
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportReportLineSchema = z.discriminatedUnion("type", [ImportBatchSchema, ImportSummarySchema]).describe("A line of an import's answer.");
export type ImportReportLine = z.infer<typeof ImportReportLineSchema>;

const BatchSizeSchema = TextSchema.regex(/^[1-9]\d{0,3}$/, "Expected a whole number")
  .transform(Number)
  .refine((n) => n >= 100 && n <= IMPORT_MAX_BATCH_SIZE, `From 100 to ${IMPORT_MAX_BATCH_SIZE}`);

export const ImportUsersQuerySchema = z
  .object({
    dryRun: QueryBoolean.optional().describe("`true` checks every row as an import would and writes nothing."),
    createGroups: QueryBoolean.optional().describe("`true` makes the groups rows name that no group has (needs `groups:manage`); otherwise such a row is an error."),
    batchSize: BatchSizeSchema.optional().describe(`Rows per transaction (100 to ${IMPORT_MAX_BATCH_SIZE}; default ${IMPORT_DEFAULT_BATCH_SIZE}).`),
  })
  .strict();
export type ImportUsersQuery = z.infer<typeof ImportUsersQuerySchema>;

export const ImportUsersHeadersSchema = z.object({
  "steward-scrypt-parameters": TextSchema.max(2000)
    .optional()
    .describe("Firebase scrypt project parameters for this import: `signerKey=<base64>, saltSeparator=<base64>, rounds=8, memCost=14`."),
});

export const ExportedUserSchema = z
  .object({
    numericId: z.number().int().describe("The user's number here: the cursor to resume after."),
    id: UuidSchema,
    username: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    language: z.string().nullable(),
    phone: z.string().nullable(),
    externalId: z.string().nullable(),
    domain: z.string().nullable(),
    status: UserStatusSchema,
    tags: z.array(z.string()),
    roles: z.array(z.string()),
    groups: z.array(z.string()).describe("Names of the groups the user belongs to."),
    createdAt: TimestampSchema,
    passwordHash: z.string().nullable().optional().describe("Only with `includePasswordHashes=true`: the stored hash (argon2id, or a foreign hash not yet replaced)."),
  })
  .describe("One exported user: an NDJSON line, or a CSV row. What an import reads back.");
export type ExportedUser = z.infer<typeof ExportedUserSchema>;

export const ExportEndSchema = z
  .object({
    type: z.literal("end"),
    exported: z.number().int().describe("Users in this answer."),
    nextCursor: z.string().nullable().describe("Where the next answer starts when `limit` cut this one short; null when every user was exported."),
  })
  .describe("The last line of an NDJSON export: without it, the export broke off (resume with `cursor` = the last `numericId` received).");

export const ExportLineSchema = z.union([ExportedUserSchema, ExportEndSchema]).describe("A line of an NDJSON export.");

export const ExportUsersQuerySchema = z
  .object({
    format: z.enum(["ndjson", "csv"]).optional().describe("`ndjson` (default) or `csv`."),
    cursor: NumericIdQuerySchema.optional().describe("Export the users numbered after this one (the last `numericId` received): resumes an export."),
    limit: TextSchema.regex(/^[1-9]\d{0,8}$/, "Expected a positive whole number")
      .transform(Number)
      .optional()
      .describe("At most this many users; the end line's `nextCursor` continues."),
    includePasswordHashes: QueryBoolean.optional().describe("`true` adds each user's stored password hash; needs `users:export-credentials`."),
  })
  .strict();
export type ExportUsersQuery = z.infer<typeof ExportUsersQuerySchema>;

const NDJSON_IMPORT =
  "One user per line (ImportUser). Blank lines are skipped. The first line may be a control line, " +
  '`{"type":"hashParameters","firebaseScrypt":{…}}`, giving Firebase scrypt hashes their project parameters; an export\'s `{"type":"end"}` line is skipped.';
const CSV_IMPORT =
  "RFC 4180 CSV: a header row naming columns among " +
  USER_CSV_COLUMNS.join(", ") +
  " (others are refused), then one user per row. An empty cell is no value. `tags`, `roles` and `groups` hold `;`-separated values, or a JSON array. " +
  "`passwordHash` may hold a Keycloak credential as JSON.";

const importMetadata: StreamedBodies = {
  streamedRequest: {
    "application/x-ndjson": { schema: ImportUserSchema, description: NDJSON_IMPORT },
    "text/csv": { schema: ImportUserSchema, description: CSV_IMPORT },
  },
  streamedResponse: {
    "application/x-ndjson": {
      schema: ImportReportLineSchema,
      description: "A `batch` line as each batch is done, then one `summary` line.",
    },
  },
};

const exportMetadata: StreamedBodies = {
  streamedResponse: {
    "application/x-ndjson": { schema: ExportLineSchema, description: "One user per line, in `numericId` order, then an `end` line." },
    "text/csv": {
      schema: ExportedUserSchema,
      description: `A header row (${USER_CSV_COLUMNS.join(", ")}; \`passwordHash\` only when asked), then one user per row, in \`numericId\` order. Lists are \`;\`-separated, or a JSON array when a value holds \`;\`.`,
    },
  },
};

export const userTransferContract = c.router(
  {
    importUsers: {
      method: "POST",
      path: "/users/import",
      query: ImportUsersQuerySchema,
      headers: ImportUsersHeadersSchema,
      body: c.type<string | Uint8Array>(),
      responses: {
        200: c.otherResponse({ contentType: "application/x-ndjson", body: c.type<string>() }),
        ...commonErrors,
        422: ProblemSchema,
      },
      summary: "Import users in bulk",
      description:
        "Streams an NDJSON (`application/x-ndjson`) or CSV (`text/csv`) body of users, never held whole, and writes them in batches " +
        "(each batch one transaction, audited once with its counts). A row that is not valid, names a taken username, email or external id " +
        "(taken before or while the batch is written), an unknown role or group, or a password hash in an unknown format, is reported with its " +
        "line and skipped; the other rows of its batch are written. A batch the database refuses for another reason is rolled back whole and " +
        "its rows reported `batch_failed`; the other batches stay. `dryRun=true` checks everything and writes nothing. " +
        "The answer is NDJSON, streamed: a `batch` line per batch, then a `summary` line (counts, the first row errors, the line ranges that landed). " +
        "Rows with `roles` need `users:manage-roles` (and every permission of the roles), rows with `groups` `groups:manage`, or they are row errors. " +
        "A body that is neither type is 415; a CSV header with an unknown column 422 `invalid_import_header`.",
      metadata: { ...requires("users:import"), ...importMetadata },
    },
    exportUsers: {
      method: "GET",
      path: "/users/export",
      query: ExportUsersQuerySchema,
      responses: {
        200: c.otherResponse({ contentType: "application/x-ndjson", body: c.type<string>() }),
        ...commonErrors,
      },
      summary: "Export users in bulk",
      description:
        "Streams every user, in `numericId` order, as NDJSON (default; ends with an `end` line) or CSV (`format=csv`): profile, status, tags, " +
        "role names, group names, external id, creation time. An export that broke off resumes with `cursor` set to the last `numericId` " +
        "received. `includePasswordHashes=true` adds the stored password hashes and needs `users:export-credentials` (403 otherwise). " +
        "What it writes, `/users/import` reads back.",
      metadata: { ...requires("users:export"), ...exportMetadata },
    },
  },
  { pathPrefix: V1_PREFIX, strictStatusCodes: true },
);

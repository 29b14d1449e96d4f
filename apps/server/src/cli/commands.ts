import { CreateUserSchema } from "@steward/contracts";
import { openDatabase } from "@steward/db";
import { createReadStream } from "node:fs";
import { once } from "node:events";
import type { ParseArgsConfig } from "node:util";
import type { Config } from "../config.ts";
import type { Logger } from "../lib/logger.ts";
import { keyFilePath, loadKeyring, readKeys, writeKeyFile } from "../secret-key.ts";
import { openServices } from "../server.ts";
import { prepareBuiltIns } from "../services/bootstrap.ts";
import { SYSTEM_ACTOR, SYSTEM_META, type Deps, type ServiceContext } from "../services/kernel/context.ts";
import { generateKey, keyIdOf } from "../services/kernel/keyring.ts";
import { checkSealedKeys } from "../services/maintenance/reseal-secrets.ts";
import { generatePassword } from "../services/settings/password-policy.ts";
import { createUser } from "../services/users/create-user.ts";
import { resetPassword } from "../services/users/reset-password.ts";
import { csvHeaderOf, csvLineOf, exportUsers, ndjsonLineOf } from "../services/users/export-users.ts";
import { importUsers } from "../services/users/import-users.ts";

export interface CommandInput {
  config: Config;
  log: Logger;
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  out(text: string): void;
  /** Progress, for a person watching (stderr). */
  err?(text: string): void;
  stdin?: NodeJS.ReadableStream;
  /** What `out` writes to, for commands that write a lot (and wait for it to drain). */
  stdout?: NodeJS.WritableStream;
}

export interface Command {
  args: string;
  summary: string;
  options: ParseArgsConfig["options"];
  run(input: CommandInput): Promise<number>;
}

/** Who acts for the command line: the system, as the audit log shows it (`cli`). */
const cliContext = (deps: Deps): ServiceContext => ({ ...deps, actor: { ...SYSTEM_ACTOR, label: "cli" }, meta: { ...SYSTEM_META, dialect: "cli" } });

/** Runs `work` on the prepared services, and lets go of the database after (an embedded folder's lock too). */
async function withServices<T>(input: CommandInput, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const { db, deps } = await openServices(input.config, input.log);
  try {
    await prepareBuiltIns(deps);
    return await work(cliContext(deps));
  } finally {
    await db.close();
  }
}

/** A password from standard input (its first line), as `--password-stdin` asks: never from the command line, where `ps` shows it. */
async function passwordFromStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  const password = text.split(/\r?\n/)[0] ?? "";
  if (!password) throw new Error("--password-stdin: standard input holds no password");
  return password;
}

const one = (input: CommandInput, what: string): string => {
  const [value, ...extra] = input.positionals;
  if (!value || extra.length) throw new Error(`give exactly one ${what}`);
  return value;
};

/** Makes an account (with roles), its password chosen on stdin or generated and printed once. */
async function makeUser(input: CommandInput, roles: string[]): Promise<number> {
  const username = one(input, "username");
  const email = typeof input.values.email === "string" ? input.values.email : undefined;
  const chosen = input.values["password-stdin"] ? await passwordFromStdin() : undefined;
  return withServices(input, async (ctx) => {
    const password = chosen ?? (await generatePassword(ctx));
    // Checked as the HTTP surfaces check it before the use case.
    const parsed = CreateUserSchema.safeParse({ username, email, password, roles });
    if (!parsed.success) {
      throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".") === "password" ? "password" : issue.path.join(".")}: ${issue.message}`).join("; "));
    }
    const { user } = await createUser(ctx, parsed.data);
    input.out(`created ${roles.length ? `${roles.join(", ")} ` : ""}${user.username} (${user.id})\n`);
    if (!chosen) input.out(`password: ${password}\n(shown once: keep it now)\n`);
    return 0;
  });
}

const USER_OPTIONS = {
  email: { type: "string" },
  "password-stdin": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/** The format a file's name suggests, unless --format says. */
function formatOf(input: CommandInput, file: string): "ndjson" | "csv" {
  const format = input.values.format;
  if (format === undefined) return /\.csv$/i.test(file) ? "csv" : "ndjson";
  if (format !== "ndjson" && format !== "csv") throw new Error("--format is ndjson or csv");
  return format;
}

/** `steward import-users <file>`: the bulk import use case, as the API runs it, audited as `cli`. */
async function importCommand(input: CommandInput): Promise<number> {
  const file = one(input, "file (or - for standard input)");
  const format = formatOf(input, file);
  const batchSize = typeof input.values["batch-size"] === "string" ? Number(input.values["batch-size"]) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 100 && batchSize <= 5000)) throw new Error("--batch-size is a whole number from 100 to 5000");
  const scrypt = typeof input.values["scrypt-parameters"] === "string" ? input.values["scrypt-parameters"] : undefined;
  const source = file === "-" ? (input.stdin ?? process.stdin) : createReadStream(file);
  return withServices(input, async (ctx) => {
    const summary = await importUsers(ctx, source as AsyncIterable<Uint8Array>, {
      format,
      dryRun: input.values["dry-run"] === true,
      createGroups: input.values["create-groups"] === true,
      batchSize,
      firebaseScrypt: scrypt === undefined ? undefined : scryptParameters(scrypt),
      onBatch: (batch) =>
        input.err?.(`lines ${batch.firstLine}-${batch.lastLine}: ${batch.outcome}, ${batch.created} created, ${batch.failed} failed\n`),
    });
    input.out(`${JSON.stringify(summary, null, 2)}\n`);
    return summary.failed > 0 || summary.aborted ? 1 : 0;
  });
}

/** `signerKey=…, saltSeparator=…, rounds=8, memCost=14` (the API's Steward-Scrypt-Parameters header) as an object; the use case checks it. */
function scryptParameters(text: string): Record<string, unknown> {
  return Object.fromEntries(
    text.split(/[,;]/).flatMap((part) => {
      const at = part.indexOf("=");
      if (at < 0) return [];
      const name = part.slice(0, at).trim();
      const value = part.slice(at + 1).trim();
      return [[name, name === "rounds" || name === "memCost" ? Number(value) : value]];
    }),
  );
}

/** `steward export-users`: every user to stdout, NDJSON (with its end line) or CSV. */
async function exportCommand(input: CommandInput): Promise<number> {
  if (input.positionals.length) throw new Error("export-users writes to standard output: redirect it (> users.ndjson)");
  const format = formatOf(input, "");
  const withHashes = input.values["with-password-hashes"] === true;
  const cursor = typeof input.values.cursor === "string" ? Number(input.values.cursor) : undefined;
  if (cursor !== undefined && !(Number.isInteger(cursor) && cursor > 0)) throw new Error("--cursor is a numeric id");
  const stdout = input.stdout;
  const write = async (text: string) => {
    if (!stdout) return input.out(text);
    if (!stdout.write(text)) await once(stdout, "drain");
  };
  return withServices(input, async (ctx) => {
    const { users, end } = await exportUsers(ctx, { after: cursor, includePasswordHashes: withHashes });
    if (format === "csv") await write(csvHeaderOf(withHashes));
    let chunk = "";
    for await (const user of users) {
      chunk += format === "csv" ? csvLineOf(user, withHashes) : ndjsonLineOf(user);
      if (chunk.length >= 64 * 1024) {
        await write(chunk);
        chunk = "";
      }
    }
    if (format === "ndjson") chunk += `${JSON.stringify({ type: "end", ...end() })}\n`;
    await write(chunk);
    input.err?.(`exported ${end().exported} users\n`);
    return 0;
  });
}

export const COMMANDS: Record<string, Command> = {
  "check-config": {
    args: "",
    summary: "read the configuration, open the database, check the keys open what it holds; change nothing but a missing key file",
    options: {},
    async run({ config, log, out }) {
      const db = await openDatabase(config.databaseUrl, { poolSize: 1, connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000 });
      try {
        const keyring = await loadKeyring({ secretKey: config.secretKey, secretKeyFile: config.secretKeyFile, databaseKind: db.kind, databaseLocation: db.location, log });
        out(`database: ${db.kind} ${db.location}\n`);
        out(`secret keys: ${config.secretKey !== undefined ? "STEWARD_SECRET_KEY" : keyFilePath({ ...config, databaseKind: db.kind, databaseLocation: db.location })} (current ${keyring.currentKeyId}; ${keyring.keyIds.length} in all)\n`);
        try {
          await checkSealedKeys(db.prisma, keyring);
          out("sealed secrets: every one opens with these keys\n");
        } catch (error) {
          // A database not migrated yet has no such tables: nothing is sealed.
          if (!/does not exist/.test((error as Error).message)) throw error;
          out("sealed secrets: none yet (the database is not migrated: the server or `steward migrate` does it)\n");
        }
        out(`public URL: ${config.publicUrl}\n`);
        out(`listening on: ${config.host}:${config.port}\n`);
        out(`dialects: ${config.dialects.enabled.map((d) => `${d.name} at ${d.basePath}`).join(", ") || "none"}\n`);
        out("configuration: ok\n");
        return 0;
      } finally {
        await db.close();
      }
    },
  },
  migrate: {
    args: "",
    summary: "apply the database migrations not applied yet (the server also does at start)",
    options: {},
    async run({ config, out }) {
      const db = await openDatabase(config.databaseUrl, { poolSize: 1, connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000 });
      try {
        const { applied } = await db.migrate();
        out(applied.length ? `applied: ${applied.join(", ")}\n` : "nothing to apply: the database is up to date\n");
        return 0;
      } finally {
        await db.close();
      }
    },
  },
  "create-admin": {
    args: "<username> [--email E] [--password-stdin]",
    summary: "make an account holding the admin role (the first or another)",
    options: USER_OPTIONS,
    run: (input) => makeUser(input, ["admin"]),
  },
  "create-user": {
    args: "<username> [--email E] [--password-stdin]",
    summary: "make an account with no role",
    options: USER_OPTIONS,
    run: (input) => makeUser(input, []),
  },
  "reset-password": {
    args: "<username>",
    summary: "give an account a new generated password, printed once; its sessions end",
    options: {},
    async run(input) {
      const username = one(input, "username");
      return withServices(input, async (ctx) => {
        const { user, password } = await resetPassword(ctx, { username });
        input.out(`new password for ${user.user.username}: ${password}\n(shown once: keep it now; every session of the account has ended)\n`);
        return 0;
      });
    },
  },
  "import-users": {
    args: "<file|-> [--format ndjson|csv] [--dry-run] [--create-groups] [--batch-size N] [--scrypt-parameters P]",
    summary: "import users in bulk from an NDJSON or CSV file, checked and written as POST /api/v1/users/import does",
    options: {
      format: { type: "string" },
      "dry-run": { type: "boolean" },
      "create-groups": { type: "boolean" },
      "batch-size": { type: "string" },
      "scrypt-parameters": { type: "string" },
    },
    run: importCommand,
  },
  "export-users": {
    args: "[--format ndjson|csv] [--with-password-hashes] [--cursor N]",
    summary: "write every user to stdout (NDJSON or CSV), as GET /api/v1/users/export does; --cursor resumes after a numeric id",
    options: { format: { type: "string" }, "with-password-hashes": { type: "boolean" }, cursor: { type: "string" } },
    run: exportCommand,
  },
  "rotate-key": {
    args: "[--drop-old]",
    summary: "put a new secret key first in the key file and re-seal every secret with it; --drop-old then forgets the old keys",
    options: { "drop-old": { type: "boolean" } },
    async run(input) {
      const { config, log, out } = input;
      if (config.secretKey !== undefined) {
        out(
          `The keys come from STEWARD_SECRET_KEY, which this command cannot change. Put a new key first, keep the old ones after, and start once:\n` +
            `  STEWARD_SECRET_KEY=${generateKey().toString("hex")},<the old keys> pnpm start:server\n` +
            "(every secret is re-sealed with the first key at start; then drop the old ones)\n",
        );
        return 2;
      }
      // Opened once as it is: the file exists, and what is sealed opens with it.
      const first = await openServices(config, log);
      const file = keyFilePath({ secretKeyFile: config.secretKeyFile, databaseKind: first.db.kind, databaseLocation: first.db.location });
      await first.db.close();
      const old = await readKeys(file, log);
      const key = generateKey();
      await writeKeyFile(file, [key, ...old]);
      const { db, resealed } = await openServices(config, log);
      await db.close();
      out(`new key ${keyIdOf(key)} first in ${file}; ${resealed} secret(s) re-sealed with it\n`);
      if (input.values["drop-old"]) {
        await writeKeyFile(file, [key]);
        out(`old keys dropped: ${old.map(keyIdOf).join(", ")}\n`);
      } else {
        out(`old keys kept after it (${old.map(keyIdOf).join(", ")}): drop them with --drop-old once backups sealed with them are no longer needed\n`);
      }
      return 0;
    },
  },
};

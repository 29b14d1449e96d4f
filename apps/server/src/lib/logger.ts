import pino from "pino";

type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  /** Whether a line at this level would be written; lets hot paths skip building it. */
  enabled(level: Level): boolean;
}

export interface LoggerOptions {
  /**
   * Where each serialized line goes, newline included (default: stdout).
   * Tests pass one to read exactly what would be written.
   */
  sink?: (line: string) => void;
}

/**
 * Field names whose values are secrets wherever they appear (top level or
 * one level down): written as `[redacted]` even if a caller passes one by
 * mistake. Callers still never pass secrets; this is the net under them.
 */
const REDACTED_FIELDS = ["password", "newPassword", "currentPassword", "oldPassword", "token", "secret", "authorization", "cookie", "apiKey", "sessionID"];
const REDACT_PATHS = [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((field) => `*.${field}`)];

/**
 * One JSON object per line on stdout (or `options.sink`), written by pino:
 * `time` (ISO), `level` (its name), `msg`, then the base and the line's
 * fields. Errors anywhere in the fields are written as `safeError` keeps
 * them (never a query's values); secret-named fields are redacted.
 */
export function createLogger(level: Level | "silent" = "info", base: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const destination = options.sink ? { write: options.sink } : pino.destination({ dest: 1, sync: true });
  const root = pino(
    {
      level,
      base: null,
      messageKey: "msg",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
  return wrap(Object.keys(base).length ? root.child(cleanFields(base)) : root);
}

function wrap(logger: pino.Logger): Logger {
  const write = (lvl: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (!logger.isLevelEnabled(lvl)) return;
    // `msg` first among the line's own fields, where it always was (pino would put a message argument last).
    logger[lvl](fields ? { msg, ...cleanFields(fields) } : { msg });
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => wrap(logger.child(cleanFields(fields))),
    enabled: (lvl) => logger.isLevelEnabled(lvl),
  };
}

/** Fields as the log keeps them: errors as safeError writes them, bigints as text (JSON has neither). */
function cleanFields(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(fields)) {
    const clean = errorReplacer(key, value);
    if (clean === value) continue;
    out ??= { ...fields };
    out[key] = clean;
  }
  return out ?? fields;
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return safeError(value, 0);
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * Fields of driver and ORM errors that name things (codes, constraints,
 * columns) and never hold a row's values; `detail`, `where`, `hint` and
 * Prisma's arguments can, so they are not written.
 */
const NAMING_FIELDS = ["code", "errno", "syscall", "address", "port", "severity", "constraint", "schema", "table", "column", "dataType", "routine"];
const PRISMA_META_FIELDS = ["modelName", "target", "field_name", "column_name", "constraint"];

/**
 * What the log keeps of an error: never query parameters or row values.
 * Messages lose what database layers put in them (see `safeMessage`); the
 * stack keeps its frames, not its first line, which repeats the message.
 */
function safeError(error: Error, depth: number): Record<string, unknown> {
  const fields = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { name: error.name };
  for (const key of NAMING_FIELDS) {
    const value = fields[key];
    if (typeof value === "string" || typeof value === "number") out[key] = value;
  }
  const meta = fields.meta as Record<string, unknown> | undefined;
  if (meta && typeof meta === "object") {
    for (const key of PRISMA_META_FIELDS) if (isNaming(meta[key])) out[key] = meta[key];
    // Prisma's driver adapters keep the database's own code beside their kind.
    const adapterCause = (meta.driverAdapterError as { cause?: Record<string, unknown> } | undefined)?.cause;
    if (typeof adapterCause?.kind === "string") out.adapterKind = adapterCause.kind;
    if (typeof adapterCause?.originalCode === "string") out.sqlState = adapterCause.originalCode;
  }
  out.message = safeMessage(error.message);
  const frames = error.stack?.split("\n").filter((line) => /^\s+at /.test(line));
  if (frames?.length) out.stack = frames.join("\n");
  if (depth < 3) {
    if (error.cause instanceof Error) out.cause = safeError(error.cause, depth + 1);
    const inner = fields.errors;
    if (Array.isArray(inner)) out.errors = inner.filter((e): e is Error => e instanceof Error).slice(0, 5).map((e) => safeError(e, depth + 1));
  }
  return out;
}

function isNaming(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

/** Words after which PostgreSQL quotes a name, not a value (`relation "users"`, `constraint "users_email_key"`). */
const NAME_BEFORE_QUOTE =
  /\b(?:relation|table|column|constraint|index|type|enum|schema|function|procedure|database|role|sequence|view|trigger|extension|operator|collation|domain|cursor|savepoint|statement|channel|policy|publication|subscription|tablespace)\s+$/i;

/**
 * A message without the values database layers put in it:
 * - Prisma's "Invalid `x()` invocation" dump of the call and its arguments
 *   (kept: the header and the closing explanation);
 * - PostgreSQL's `Key (email)=(a@b.c)` and `Failing row contains (...)`;
 * - double-quoted values (`invalid input syntax for type uuid: "..."`),
 *   keeping quoted names such as relations and constraints.
 */
function safeMessage(message: string): string {
  let text = message;
  const invocation = /Invalid `[^`]+` invocation/.exec(text);
  if (invocation) {
    const explanation = text.trim().split(/\n\s*\n/).at(-1)!.trim();
    text = explanation.startsWith(invocation[0]) ? invocation[0] : `${invocation[0]}: ${explanation}`;
  }
  text = text.replace(/(\bKey \(.*?\))=\(.*$/gm, "$1=(…)");
  text = text.replace(/(\bFailing row contains )\(.*$/gm, "$1(…)");
  // A value closing a line (`...: "value"`) may itself hold quotes: mask up to the line's last one.
  text = text.replace(/(: )".*"/gm, '$1"…"');
  return text.replace(/"(?:[^"\\]|\\.|"")*"/g, (quoted, offset: number) =>
    NAME_BEFORE_QUOTE.test(text.slice(Math.max(0, offset - 40), offset)) ? quoted : '"…"',
  );
}

import { randomUUID } from "node:crypto";
import { newUserColumns } from "../users.ts";
import { ImportUserSchema, USER_CSV_COLUMNS, missingPermissions, type ImportRowError } from "@steward/contracts";
import type { Actor } from "../../kernel/context.ts";
import { ServiceError } from "../../kernel/errors.ts";
import { normalizeForeignHash, type FirebaseScryptParams } from "../../kernel/foreign-hashes.ts";

/**
 * One row of an import, from the record it was read from to the values
 * written: the same field rules as creating a user (the contracts' schema),
 * its password hash in its stored form, and what it needs of the caller.
 */
export interface PreparedRow {
  line: number;
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  firstName: string | null;
  lastName: string | null;
  language: string | null;
  phone: string | null;
  externalId: string | null;
  domain: string | null;
  status: "active" | "deactivated";
  tags: string[];
  roles: string[];
  groups: string[];
  passwordHash: string | null;
  createdAt: string | null;
  /** Its user number, taken before its batch is written (reserveNumbers). */
  numericId?: number;
}

export type RowOutcome = { row: PreparedRow; error?: undefined } | { row?: undefined; error: ImportRowError };

export const rowError = (line: number, reason: string, message: string, field?: string): ImportRowError =>
  field === undefined ? { line, reason, message } : { line, field, reason, message };

/** Checks a record (an object, from a JSON line or a CSV row) against the import schema and the caller's permissions. */
export function prepareRow(value: Record<string, unknown>, line: number, actor: Actor, firebaseScrypt: FirebaseScryptParams | undefined): RowOutcome {
  const parsed = ImportUserSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join(".") : undefined;
    const message =
      issue.code === "unrecognized_keys" ? `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}` : field ? `${field}: ${issue.message}` : issue.message;
    return { error: rowError(line, "invalid_field", message, field) };
  }
  const input = parsed.data;
  const roles = [...new Set(input.roles ?? [])];
  const groups = [...new Set(input.groups ?? [])];
  if (roles.length && missingPermissions(actor.permissions, ["users:manage-roles"]).length) {
    return { error: rowError(line, "missing_permission", "Granting roles needs the permission users:manage-roles", "roles") };
  }
  if (groups.length && missingPermissions(actor.permissions, ["groups:manage"]).length) {
    return { error: rowError(line, "missing_permission", "Joining groups needs the permission groups:manage", "groups") };
  }
  let passwordHash: string | null = null;
  if (input.passwordHash != null) {
    const hash = normalizeForeignHash(input.passwordHash, { salt: input.passwordSalt, firebaseScrypt });
    if (!hash.ok) return { error: rowError(line, hash.reason, hash.message, "passwordHash") };
    passwordHash = hash.stored;
  }
  return {
    row: {
      line,
      id: randomUUID(),
      ...newUserColumns(input),
      roles,
      groups,
      passwordHash,
      createdAt: input.createdAt ?? null,
    },
  };
}

/** Turns a JSON line into the object it holds; a line that is not one is an error. */
export function objectOfLine(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `Not JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "Each line holds one JSON object";
  return value as Record<string, unknown>;
}

export type CsvColumn = (typeof USER_CSV_COLUMNS)[number];

/** The columns a CSV header names; 422 `invalid_import_header` when one is unknown, named twice, or `username` is missing. */
export function csvHeader(cells: string[]): CsvColumn[] {
  const known = new Set<string>(USER_CSV_COLUMNS);
  const names = cells.map((cell) => cell.trim());
  const refuse = (message: string) => new ServiceError("unprocessable_entity", message, { reason: "invalid_import_header" });
  const unknownColumns = names.filter((name) => !known.has(name));
  if (unknownColumns.length) throw refuse(`Unknown column${unknownColumns.length > 1 ? "s" : ""} in the header: ${unknownColumns.map((n) => JSON.stringify(n)).join(", ")} (known: ${USER_CSV_COLUMNS.join(", ")})`);
  const twice = names.filter((name, i) => names.indexOf(name) !== i);
  if (twice.length) throw refuse(`Column named twice in the header: ${twice.join(", ")}`);
  if (!names.includes("username")) throw refuse("The header has no username column");
  return names as CsvColumn[];
}

const LIST_COLUMNS = new Set<string>(["tags", "roles", "groups"]);

/** A CSV row as the object an NDJSON line would hold: empty cells left out, lists split, numbers read. */
export function objectOfCsvRow(columns: CsvColumn[], cells: string[]): Record<string, unknown> | string {
  if (cells.length !== columns.length) return `The row has ${cells.length} cells where the header has ${columns.length}`;
  const value: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const cell = cells[i]!;
    if (cell === "") continue;
    if (LIST_COLUMNS.has(column)) {
      const list = listOfCell(cell);
      if (typeof list === "string") return `${column}: ${list}`;
      value[column] = list;
    } else if (column === "numericId") {
      value[column] = /^\d{1,10}$/.test(cell) ? Number(cell) : cell;
    } else if (column === "passwordHash" && cell.startsWith("{")) {
      try {
        value[column] = JSON.parse(cell);
      } catch {
        return "passwordHash: a cell starting with { holds a JSON object (a Keycloak credential)";
      }
    } else {
      value[column] = cell;
    }
  }
  return value;
}

/** A list cell: a JSON array of strings, or values separated by `;` (spaces around them dropped). */
export function listOfCell(cell: string): string[] | string {
  const text = cell.trim();
  if (text.startsWith("[")) {
    try {
      const list: unknown = JSON.parse(text);
      if (Array.isArray(list) && list.every((item) => typeof item === "string")) return list as string[];
    } catch {
      /* answered below */
    }
    return "a cell starting with [ holds a JSON array of strings";
  }
  return text
    .split(";")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A list as an export's CSV cell writes it: `;`-separated, or a JSON array when a value holds `;` or starts with `[`. */
export function cellOfList(values: readonly string[]): string {
  if (values.some((value) => value.includes(";") || value !== value.trim() || value.startsWith("["))) return JSON.stringify(values);
  return values.join(";");
}

import { Prisma } from "@steward/db";

/** SQL helpers every read model uses. */

/** The clauses joined by AND; TRUE when there are none. */
export function and(clauses: Prisma.Sql[]): Prisma.Sql {
  return clauses.length === 0 ? Prisma.sql`TRUE` : Prisma.join(clauses, " AND ");
}

/** `\` is LIKE's escape character: a search for `50%_off` matches those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** A timestamp column (a Date from pg, text from some drivers) as ISO 8601. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The same for a nullable column. */
export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

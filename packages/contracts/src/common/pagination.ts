import { z } from "zod";
import { TextSchema } from "./schemas.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`How many items per page (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}).`),
  cursor: TextSchema.max(512)
    .optional()
    .describe("Opaque cursor from a previous page's `nextCursor`; omit for the first page."),
});

/** A page of items; `total` counts every item matching the filters, across all pages. */
export const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item).describe("The items on this page."),
    total: z.number().int().describe("How many items match the filters in all."),
    nextCursor: z.string().nullable().describe("Cursor for the next page; null on the last page."),
  })
  .describe("One page of a list: pass `nextCursor` back as `cursor` for the next one.");

export type Page<T> = { data: T[]; total: number; nextCursor: string | null };

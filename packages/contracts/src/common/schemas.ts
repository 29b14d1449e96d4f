import { z } from "zod";

export const UuidSchema = z.string().uuid();
export const TimestampSchema = z.string().datetime({ offset: true });

/** A query flag that is absent, or `true`/`false` spelled as a string. */
export const QueryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

/** A query parameter that may be given once or repeated. */
export const queryList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(50));


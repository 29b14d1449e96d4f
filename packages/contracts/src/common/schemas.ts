import { z } from "zod";

/**
 * Well-formed text: no NUL (PostgreSQL text cannot hold it) and no unpaired
 * UTF-16 surrogate (not Unicode, so no encoding carries it to the database).
 * Written without the `u` flag so the OpenAPI `pattern` reads the same anywhere.
 */
export const WELL_FORMED_TEXT = /^(?:[^\0\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** Every string a request carries (query, path, headers, body) starts from this. */
export const TextSchema = z.string().regex(WELL_FORMED_TEXT, "Text must not contain NUL characters or unpaired surrogates");

export const UuidSchema = TextSchema.uuid();

// RFC 3339 offsets (`Z` or `±HH:MM`), no wider than the ±14:00 real time zones use.
const OFFSET = "(?:0\\d|1[0-3]):[0-5]\\d|14:00";
/**
 * Years 0001-9999, and the instant too: the first year takes only offsets
 * at or west of UTC, the last only at or east, so no offset moves the
 * instant out of the four-digit years PostgreSQL and JavaScript both read.
 */
const TIMESTAMP_RANGE = new RegExp(
  `^(?:0001-.*(?:Z|-(?:${OFFSET})|\\+00:00)|9999-.*(?:Z|\\+(?:${OFFSET})|-00:00)|(?!0000|0001|9999)\\d{4}-.*(?:Z|[+-](?:${OFFSET})))$`,
);

/** A real calendar date and time (zod's `datetime` checks months, leap years, hours) within TIMESTAMP_RANGE. */
export const TimestampSchema = TextSchema.datetime({ offset: true }).regex(
  TIMESTAMP_RANGE,
  "Use an RFC 3339 time in the years 0001-9999 with an offset of Z or ±HH:MM up to ±14:00",
);

/** A query flag that is absent, or `true`/`false` spelled as a string. */
export const QueryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

/** A query parameter that may be given once or repeated. */
export const queryList = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((value) => (value === undefined || Array.isArray(value) ? value : [value]), z.array(item).max(50));

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

/**
 * One line of plain text: no character that breaks the line or hides what
 * the text says. Refused: the control characters (Unicode Cc, which holds
 * \t, \n, \r and U+0085), the line and paragraph separators (U+2028,
 * U+2029), and the format characters (Cf: bidi overrides and isolates,
 * zero-width spaces, soft hyphens, tags, ...) but for the joiners U+200C and
 * U+200D that real names use. The ranges are Unicode 17's, written out (no
 * `u` flag, no \p{...}) so the OpenAPI `pattern` reads the same anywhere;
 * apps/server/test/single-line-text.test.ts compares them with the runtime's \p{Cf}.
 * The astral format characters are surrogate pairs, kept out by the lookahead.
 */
export const SINGLE_LINE_TEXT =
  /^(?:(?!\uD804[\uDCBD\uDCCD]|\uD80D[\uDC30-\uDC3F]|\uD82F[\uDCA0-\uDCA3]|\uD834[\uDD73-\uDD7A]|\uDB40[\uDC01\uDC20-\uDC7F])[^\x00-\x1F\x7F-\x9F\xAD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B\u200E\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB])*$/;

/**
 * A single line of plain text, trimmed and not blank: what a mail or any
 * other body may show of a caller's text (names, greetings). Bound its
 * length where it is used.
 */
export const SingleLineTextSchema = TextSchema.regex(
  SINGLE_LINE_TEXT,
  "Use one line of plain text: no line breaks, control characters or invisible formatting (bidi overrides, zero-width spaces)",
)
  .trim()
  .min(1, "Must not be blank");

/** A person's name, as a mail greets them: one line of plain text, at most 100 characters. */
export const PlainNameSchema = SingleLineTextSchema.max(100);

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

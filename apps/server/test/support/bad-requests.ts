import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import fc from "fast-check";
import type { AppRoute } from "@ts-rest/core";
import { SINGLE_LINE_TEXT, TimestampSchema, WELL_FORMED_TEXT } from "@steward/contracts";

/**
 * Requests that are invalid BY CONSTRUCTION, generated from a route's
 * contract: a valid request for the route with one slot (a path parameter,
 * query parameter, header, body field, the cursor, or the body's encoding)
 * replaced by a value invalid for that slot. A value is invalid by the
 * route's own zod schema (checked before it is sent), by a rule for all
 * input (well-formed text, real timestamps in range), or, for what no
 * schema sees (cursors, encodings), by an oracle here. The server must
 * refuse each one.
 */

/** express.json's `100kb`: a larger body is a 413, not a 400. */
export const BODY_LIMIT = 100 * 1024;

/** A request as the server sees it once decoded. */
export interface RequestParts {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** A JSON value; undefined for no body. */
  body?: unknown;
}

/** A request on the wire, and the status it must get. */
export interface BadRequest {
  /** What makes the request invalid. */
  flaw: string;
  method: string;
  /** Path and query string, percent-encoded. */
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  expected: 400 | 413 | 415;
}

/** The value kinds a keyset cursor carries, by column type. */
export type CursorValueKind = "timestamp" | "uuid" | "text" | "int4" | "int8";

export interface CursorSpec {
  /** Each sort the route accepts, with the kinds of its cursor's values. */
  sorts: Record<string, CursorValueKind[]>;
  /** The query parameter naming the sort; absent when the route has one fixed sort. */
  sortParam?: string;
}

// zod schemas are walked through their definitions; the contracts use zod 3.
interface ZodLike {
  _def: { typeName: string; [key: string]: any };
  safeParse(value: unknown): { success: boolean };
  [key: string]: any;
}
type Location = "params" | "query" | "headers" | "body";
interface Slot {
  location: Location;
  /** The key, then an array index for an element. */
  path: [string] | [string, 0];
  /** The slot's schema without optional, nullable, default and effects wrappers. */
  schema: ZodLike;
  nullable: boolean;
}

const isZod = (value: unknown): value is ZodLike => typeof (value as ZodLike | undefined)?.safeParse === "function";

function unwrap(schema: ZodLike): { schema: ZodLike; nullable: boolean } {
  let nullable = false;
  for (;;) {
    const kind = schema._def.typeName;
    if (kind === "ZodOptional" || kind === "ZodDefault") schema = schema._def.innerType;
    else if (kind === "ZodNullable") {
      nullable = true;
      schema = schema._def.innerType;
    }
    else if (kind === "ZodEffects") schema = schema._def.schema;
    else return { schema, nullable };
  }
}

function objectShape(schema: ZodLike): Record<string, ZodLike> | null {
  const inner = unwrap(schema).schema;
  return inner._def.typeName === "ZodObject" ? (inner.shape as Record<string, ZodLike>) : null;
}

function isStrict(schema: ZodLike): boolean {
  return unwrap(schema).schema._def.unknownKeys === "strict";
}

function slotsOf(location: Location, root: ZodLike): Slot[] {
  const shape = objectShape(root) ?? {};
  return Object.entries(shape).flatMap(([key, field]): Slot[] => {
    const leaf = unwrap(field);
    const slot: Slot = { location, path: [key], ...leaf };
    return leaf.schema._def.typeName === "ZodArray" ? [slot, { location, path: [key, 0], ...unwrap(leaf.schema._def.type) }] : [slot];
  });
}

const checkOf = (schema: ZodLike, kind: string) => (schema._def.checks as { kind: string; value?: number }[] | undefined)?.find((c) => c.kind === kind);

// ---------------------------------------------------------------- hostile values

/** Well-formed text (fast-check's graphemes include lone surrogates, which only a JSON body can carry). */
const text = (unit: "grapheme" | "grapheme-ascii" = "grapheme", maxLength = 12) =>
  fc.string({ unit, maxLength }).filter((s) => WELL_FORMED_TEXT.test(s));
/** `inserted` put between two code points of `base` (never inside a surrogate pair). */
const insertInto = (base: fc.Arbitrary<string>, inserted: fc.Arbitrary<string>) =>
  fc.tuple(base, inserted, fc.nat()).map(([s, x, at]) => {
    const points = Array.from(s);
    const i = at % (points.length + 1);
    return [...points.slice(0, i), x, ...points.slice(i)].join("");
  });
const withNul = (base: fc.Arbitrary<string>) => insertInto(base, fc.constantFrom("\u0000", "\u0000\u0000"));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
/** A visible-ASCII string, the only kind a header carries unchanged. */
const headerText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 });

/** Longer than `max`: just past it, far past it, or (in a body) past the body limit. */
function longerThan(max: number, location: Location): fc.Arbitrary<string> {
  const cap = location === "body" ? 20_000 : 2_000;
  const lengths = fc.oneof(
    fc.integer({ min: max + 1, max: max + 32 }),
    fc.integer({ min: max + 1, max: Math.max(max + 1, cap) }),
    ...(location === "body" ? [fc.constant(BODY_LIMIT + 1_000)] : []),
  );
  const unit = location === "headers" ? headerText : location === "body" ? fc.constantFrom("x", "é", "😀", "a b") : fc.constantFrom("x", "é", "ab");
  return fc.tuple(lengths, unit).map(([n, u]) => u.repeat(Math.ceil(n / u.length)));
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
/** Timestamp-like text with at least a chance of every flaw: impossible dates, hours, offsets, years. */
export const badTimestamp: fc.Arbitrary<string> = fc
  .record({
    year: fc.oneof(fc.constantFrom(0, 1, 9999, 10000, 99999), fc.integer({ min: 0, max: 9999 })),
    month: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constantFrom(0, 13)),
    day: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(0, 29, 30, 31, 32)),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(24, 99)),
    minute: fc.oneof(fc.integer({ min: 0, max: 59 }), fc.constant(60)),
    second: fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 60 }).map((s) => `:${pad(s, 2)}`), fc.constant(":00.123456789")),
    offset: fc.oneof(
      fc.constantFrom("Z", "z", "", "UTC", "+0530", "+05", "+14:01", "-14:30", "+24:00"),
      fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    ),
    separator: fc.constantFrom("T", "T", "T", " ", "t"),
  })
  .map((p) => `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}${p.separator}${pad(p.hour, 2)}:${pad(p.minute, 2)}${p.second}${p.offset}`)
  .filter((s) => !TimestampSchema.safeParse(s).success);

/** Values of another JSON type than the slot's. */
function otherJsonTypes(schema: ZodLike, nullable: boolean): fc.Arbitrary<unknown> {
  const kind = schema._def.typeName;
  const choices: fc.Arbitrary<unknown>[] = [
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    fc.boolean(),
    fc.dictionary(text("grapheme-ascii", 4), text("grapheme-ascii", 4), { maxKeys: 2 }),
  ];
  if (kind !== "ZodString" && kind !== "ZodEnum") choices.push(text());
  if (kind !== "ZodArray") choices.push(fc.array(text(), { maxLength: 3 }));
  if (!nullable) choices.push(fc.constant(null));
  return fc.oneof(...choices);
}

/** A format check beyond well-formed text, which every string has and the NUL and surrogate classes cover. */
function hasFormat(schema: ZodLike): boolean {
  const checks = (schema._def.checks ?? []) as { kind: string; regex?: RegExp }[];
  return checks.some((c) => ["uuid", "email", "datetime"].includes(c.kind) || (c.kind === "regex" && c.regex !== WELL_FORMED_TEXT));
}

/** Strings and near misses for a format check (uuid, email, date-time, pattern); the slot's schema picks the ones it refuses. */
function offFormat(schema: ZodLike, location: Location): fc.Arbitrary<string> {
  const base = location === "headers" ? headerText : text();
  const near: fc.Arbitrary<string>[] = [base, insertInto(base, fc.constantFrom(" ", ",", ".", "/", "-", "@", "'", ";", "%"))];
  if (checkOf(schema, "uuid")) {
    near.push(fc.tuple(fc.uuid(), fc.nat(35), fc.constantFrom("g", "", "-", "00", "Z")).map(([u, i, c]) => u.slice(0, i) + c + u.slice(i + 1)));
  }
  if (checkOf(schema, "email")) near.push(fc.constantFrom("a@", "@b.co", "a@b", "a b@c.de", "a@b..co", "a@@b.co", ".a@b.co", "a@-b.co"));
  // One line of plain text: line breaks, control, bidi and invisible format characters.
  if ((schema._def.checks as { kind: string; regex?: RegExp }[]).some((c) => c.kind === "regex" && c.regex === SINGLE_LINE_TEXT)) {
    near.push(insertInto(base, fc.constantFrom("\n", "\r\n", "\t", "\u0085", "\u2028", "\u202E", "\u2066", "\u200B", "\u00AD", "\uFEFF", "\u{E0041}")));
  }
  return fc.oneof(...near);
}

/** Out of range, fractional or not a number at all, as query text. */
const badNumberText = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }).map(String),
  fc.integer({ min: 1_000, max: 2 ** 31 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((d) => !Number.isInteger(d)).map(String),
  fc.constantFrom("", " ", "ten", "NaN", "Infinity", "-Infinity", "1e309", "9".repeat(400), "1_0", "1,5", "١٠"),
);

/**
 * A class of hostile values for a slot. Most are invalid by the slot's own
 * schema (a candidate it accepts is skipped); those `byRule` are invalid by
 * a rule for all input (text is well-formed, timestamps are real instants
 * in range) and are sent as they are, so a slot whose schema forgot the
 * rule shows up as a failure.
 */
interface HostileClass {
  flaw: string;
  values: fc.Arbitrary<unknown>;
  byRule?: boolean;
}

/** Every class of hostile value that applies to a slot, by the slot's type and where it sits. */
function hostileValues(slot: Slot): HostileClass[] {
  const { schema, location, nullable } = slot;
  const kind = schema._def.typeName;
  const classes: HostileClass[] = [];
  const add = (flaw: string, values: fc.Arbitrary<unknown>, byRule = false) => classes.push({ flaw, values, byRule });
  const inBody = location === "body";
  if (kind === "ZodString") {
    const max = checkOf(schema, "max")?.value;
    const min = checkOf(schema, "min")?.value ?? 0;
    // Headers cannot carry either on the wire; a query cannot carry unpaired surrogates, a path only as bytes (see malformedPathEncoding).
    if (location !== "headers") add("a NUL character", withNul(text()), true);
    if (inBody) add("an unpaired surrogate", insertInto(text(), loneSurrogate), true);
    if (checkOf(schema, "datetime")) add("a timestamp that is no real instant in range", badTimestamp, true);
    if (max !== undefined) add(`more than ${max} characters`, longerThan(max, location));
    // An empty path segment routes elsewhere; too short is for the other places.
    if (min > 0 && location !== "params") add(`fewer than ${min} characters`, fc.string({ unit: "grapheme-ascii", maxLength: min - 1 }));
    if (hasFormat(schema)) add("the wrong format", offFormat(schema, location));
  } else if (kind === "ZodEnum") {
    const options = schema._def.values as string[];
    const cased = fc.constantFrom(...options).map((o) => (o.toUpperCase() === o ? o.toLowerCase() : o.toUpperCase()));
    add("a value outside the enum", fc.oneof(text(), cased, fc.constantFrom(...options).map((o) => ` ${o}`)));
  } else if (kind === "ZodNumber") {
    // No NaN or Infinity in a body: JSON writes them as null, which a nullable number takes (the request would be valid on the wire).
    add("a number out of range or no number", inBody ? fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) : badNumberText);
  } else if (kind === "ZodArray") {
    const max = schema._def.maxLength?.value as number | undefined;
    const min = schema._def.minLength?.value as number | undefined;
    const item = validSample(unwrap(schema._def.type).schema);
    if (max !== undefined && item !== undefined) add(`more than ${max} items`, fc.integer({ min: max + 1, max: max + 20 }).map((n) => Array(n).fill(item)));
    if (min !== undefined && min > 0 && inBody) add(`fewer than ${min} items`, fc.constant([]));
  }
  if (inBody) add("the wrong JSON type", otherJsonTypes(schema, nullable));
  // A repeated query parameter arrives as an array; a list takes that, a single value does not.
  if (location === "query" && kind !== "ZodArray" && slot.path.length === 1) {
    add("a repeated parameter", fc.array(text("grapheme-ascii", 6), { minLength: 2, maxLength: 4 }));
  }
  return classes;
}

/** A value the schema accepts, to fill arrays with (undefined when none comes to hand). */
function validSample(schema: ZodLike): unknown {
  const kind = schema._def.typeName;
  const candidates: unknown[] = kind === "ZodEnum" ? [(schema._def.values as string[])[0]] : ["x", "moderator", "a@b.co", "00000000-0000-4000-8000-000000000000"];
  return candidates.find((c) => schema.safeParse(c).success);
}

// ---------------------------------------------------------------- wire encoding

function queryString(query: Record<string, string | string[]>): string {
  const pairs = Object.entries(query).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`),
  );
  return pairs.length ? `?${pairs.join("&")}` : "";
}

interface WireOptions {
  /** Path parameters already percent-encoded (malformed on purpose). */
  rawParams?: Record<string, string>;
  /** Body bytes and their headers, instead of the JSON of `parts.body`. */
  rawBody?: { bytes: Uint8Array; headers: Record<string, string> };
  expected?: 400 | 415;
}

function toWire(route: AppRoute, parts: RequestParts, flaw: string, options: WireOptions = {}): BadRequest {
  const path = route.path.replace(/:(\w+)/g, (_, name: string) => options.rawParams?.[name] ?? encodeURIComponent(parts.params[name]!));
  const headers = { ...parts.headers };
  let body: Uint8Array | undefined;
  if (options.rawBody) {
    body = options.rawBody.bytes;
    Object.assign(headers, options.rawBody.headers);
  } else if (parts.body !== undefined) {
    body = Buffer.from(JSON.stringify(parts.body));
    headers["content-type"] = "application/json";
  }
  const expected = options.expected ?? (body && body.length > BODY_LIMIT ? 413 : 400);
  return { flaw, method: route.method, url: path + queryString(parts.query), headers, body, expected };
}

function withKey<T extends Record<string, unknown>>(object: T, key: string, value: unknown): T {
  // A computed key defines an own property even for `__proto__`.
  return { ...object, ...{ [key]: value } };
}

function withKeyIn(parts: RequestParts, location: Location, key: string, value: unknown): RequestParts {
  return { ...parts, [location]: withKey((parts[location] ?? {}) as Record<string, unknown>, key, value) };
}

/** An element slot takes a one-item list; in a query a single value stands for one. */
function setSlot(parts: RequestParts, slot: Slot, value: unknown): RequestParts {
  const [key, index] = slot.path;
  return withKeyIn(parts, slot.location, key, index === undefined || slot.location === "query" ? value : [value]);
}

// ---------------------------------------------------------------- the generator

/** Schemas of each place a route reads, as ts-rest validates them. */
function schemasOf(route: AppRoute): Partial<Record<Location, ZodLike>> {
  const r = route as AppRoute & { pathParams?: unknown; query?: unknown; headers?: unknown; body?: unknown };
  return {
    ...(isZod(r.pathParams) ? { params: r.pathParams } : {}),
    ...(isZod(r.query) ? { query: r.query } : {}),
    ...(isZod(r.headers) ? { headers: r.headers } : {}),
    ...("body" in r && isZod(r.body) ? { body: r.body } : {}),
  };
}

/** Is this request, decoded, refused by the route's schemas? */
function refusedBySchemas(schemas: Partial<Record<Location, ZodLike>>, parts: RequestParts): boolean {
  return (Object.entries(schemas) as [Location, ZodLike][]).some(([location, schema]) => !schema.safeParse(parts[location]).success);
}

/** Does the base request pass the route's schemas? The generator starts from a valid request. */
export function isValidRequest(route: AppRoute, parts: RequestParts): boolean {
  return !refusedBySchemas(schemasOf(route), parts);
}

interface Family {
  name: string;
  arbitrary: fc.Arbitrary<BadRequest>;
}

/**
 * Candidates narrowed to those `refused` keeps. A family none of whose
 * candidates qualify is a mistake in this generator: said at once, since
 * fast-check would otherwise look for one forever.
 */
function narrowed<T>(name: string, candidates: fc.Arbitrary<T>, refused: (candidate: T) => boolean): fc.Arbitrary<T> {
  if (!fc.sample(candidates, { numRuns: 50, seed: 1 }).some(refused)) {
    throw new Error(`${name}: none of 50 candidates is invalid; the generator is wrong for this slot`);
  }
  return candidates.filter(refused);
}

/** One family per slot and class of hostile value, then the forged cursors, then the body's encoding. */
export interface SurfaceReading {
  /** The surface reads a body as JSON whatever its declared content type (no 415 for a non-JSON type). */
  anyContentType?: boolean;
  /** The surface reads form bodies too: a form is no wrong content type there. */
  readsForms?: boolean;
}

export function badRequestFamilies(route: AppRoute, base: RequestParts, cursor?: CursorSpec, reading: SurfaceReading = {}): Family[] {
  const schemas = schemasOf(route);
  const families: Family[] = [];

  for (const [location, schema] of Object.entries(schemas) as [Location, ZodLike][]) {
    for (const slot of slotsOf(location, schema)) {
      for (const { flaw, values, byRule } of hostileValues(slot)) {
        const name = `${location}.${slot.path.join(".")}: ${flaw}`;
        const requests = values.map((value) => setSlot(base, slot, value));
        const refused = (parts: RequestParts) => pathSafe(parts) && (byRule || refusedBySchemas(schemas, parts));
        families.push({ name, arbitrary: narrowed(name, requests, refused).map((parts) => toWire(route, parts, name)) });
      }
    }
    const shape = objectShape(schema);
    if (shape && isStrict(schema) && location !== "params") {
      const key = fc.oneof(text("grapheme-ascii", 10), fc.constantFrom("__proto__", "constructor", "toString", "isAdmin", "passwordHash")).filter((k) => !(k in shape));
      const value = location === "body" ? fc.jsonValue({ maxDepth: 2 }) : text("grapheme-ascii", 6);
      const name = `${location}: an unknown key`;
      families.push({
        name,
        arbitrary: fc.tuple(key, value).map(([k, v]) => toWire(route, withKeyIn(base, location, k, v), name)),
      });
    }
    // Only keys whose absence the schema refuses (all-optional bodies have none).
    const required = Object.keys((base[location] ?? {}) as object).filter((key) => refusedBySchemas(schemas, withoutKey(base, location, key)));
    if (required.length && location !== "params") {
      const name = `${location}: a required value missing`;
      families.push({
        name,
        arbitrary: fc.constantFrom(...required).map((key) => toWire(route, withoutKey(base, location, key), name)),
      });
    }
  }

  if (schemas.body) {
    const name = "body: not an object";
    const notObject = fc.oneof(
      fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
      fc.constant(null),
      fc.integer(),
      text(),
      fc.integer({ min: 500, max: 3_000 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth)) as unknown),
    );
    families.push({ name, arbitrary: notObject.map((body) => toWire(route, { ...base, body }, name)) });
  }

  if (schemas.params) families.push(...malformedPathEncoding(route, base));
  if (cursor) families.push(...forgedCursors(route, base, cursor));
  families.push(...unreadableBodies(route, base, reading));
  return families;
}

function withoutKey(parts: RequestParts, location: Location, key: string): RequestParts {
  const { [key]: _dropped, ...rest } = (parts[location] ?? {}) as Record<string, unknown>;
  return { ...parts, [location]: rest };
}

/** A path segment the URL parser would not rewrite: not empty, not a dot segment. */
function pathSafe(parts: RequestParts): boolean {
  return Object.values(parts.params).every((v) => typeof v === "string" && v !== "" && v !== "." && v !== "..");
}

/** Percent-encoding that decodes to no text: bytes of a surrogate, cut sequences, stray `%`. */
const malformedPercent = fc.oneof(
  fc.integer({ min: 0xa0, max: 0xbf }).chain((b) => fc.integer({ min: 0x80, max: 0xbf }).map((c) => `%ED%${b.toString(16).toUpperCase()}%${c.toString(16).toUpperCase()}`)),
  fc.constantFrom("%", "%E0%A4%A", "%E0%A4", "%C0%80", "%FF", "%C3", "%zz", "%%", "%F4%90%80%80", "%80"),
);

function malformedPathEncoding(route: AppRoute, base: RequestParts): Family[] {
  return Object.keys(base.params).map((param) => {
    const name = `params.${param}: malformed percent-encoding`;
    return {
      name,
      arbitrary: insertInto(fc.constant(encodeURIComponent(base.params[param]!)), malformedPercent)
        .filter((raw) => {
          try {
            decodeURIComponent(raw);
            return false;
          } catch {
            return true;
          }
        })
        .map((raw) => toWire(route, base, name, { rawParams: { [param]: raw } })),
    };
  });
}

// ---------------------------------------------------------------- forged cursors

const INT8 = 2n ** 63n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor values the server may accept; anything else must be refused. */
function isReadableCursorValue(kind: CursorValueKind, v: unknown): boolean {
  switch (kind) {
    case "timestamp":
      return typeof v === "string" && /^\d{4}-/.test(v) && !v.startsWith("0000") && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
    case "uuid":
      return typeof v === "string" && UUID.test(v);
    case "text":
      return typeof v === "string" && v.length <= 256 && WELL_FORMED_TEXT.test(v);
    case "int4":
      return typeof v === "number" && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31;
    case "int8":
      return typeof v === "string" && /^-?\d{1,19}$/.test(v) && BigInt(v) >= -INT8 && BigInt(v) < INT8;
  }
}

function isReadableCursor(cursor: string, sort: string, kinds: CursorValueKind[]): boolean {
  let payload: any;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return false;
  }
  return (
    typeof payload === "object" && payload !== null && payload.s === sort && Array.isArray(payload.v) &&
    payload.v.length === kinds.length && kinds.every((kind, i) => isReadableCursorValue(kind, payload.v[i]))
  );
}

const readableTimestamp = fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59.999Z"), noInvalidDate: true }).map((d) => d.toISOString());
const readableValue: Record<CursorValueKind, fc.Arbitrary<unknown>> = {
  timestamp: readableTimestamp,
  uuid: fc.uuid(),
  text: text("grapheme", 20),
  int4: fc.integer(),
  int8: fc.bigInt(-INT8, INT8 - 1n).map(String),
};

const nonString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const unreadableValue: Record<CursorValueKind, fc.Arbitrary<unknown>> = {
  timestamp: fc.oneof(
    badTimestamp,
    // Real instants, written in a form the server never writes.
    readableTimestamp.map((iso) => iso.replace(/\.\d{3}Z$/, "Z")),
    readableTimestamp.map((iso) => iso.replace("Z", "+00:00")),
    fc.constantFrom("0000-01-01T00:00:00.000Z", "+010000-01-01T00:00:00.000Z", "-000001-01-01T00:00:00.000Z", "2020-02-30T00:00:00.000Z"),
    fc.date({ noInvalidDate: true }).map((d) => d.getTime()),
    nonString,
  ),
  uuid: fc.oneof(text(), withNul(fc.uuid()), fc.uuid().map((u) => `${u}0`), nonString),
  text: fc.oneof(withNul(text()), insertInto(text(), loneSurrogate), fc.integer({ min: 257, max: 600 }).map((n) => "u".repeat(n)), nonString),
  int4: fc.oneof(
    fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -(2 ** 31) - 1 }),
    fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
    fc.integer().map(String),
    fc.constantFrom(null, true, 1e308),
  ),
  int8: fc.oneof(
    fc.bigInt(INT8, 10n ** 30n).map(String),
    fc.bigInt(-(10n ** 30n), -INT8 - 1n).map(String),
    fc.constantFrom("1.5", "1e3", " 1", "+1", "", "0x10", "١٢", "9999999999999999999", "99999999999999999999"),
    fc.integer(),
    fc.constant(null),
  ),
};

function forgedCursors(route: AppRoute, base: RequestParts, spec: CursorSpec): Family[] {
  const sorts = Object.keys(spec.sorts);
  const withCursor = (sort: string, cursor: string): RequestParts => ({
    ...base,
    query: { ...base.query, ...(spec.sortParam ? { [spec.sortParam]: sort } : {}), cursor },
  });
  const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString("base64url");
  const readable = (kinds: CursorValueKind[]) => fc.tuple(...kinds.map((k) => readableValue[k]));

  const flaws: [string, fc.Arbitrary<[string, string]>][] = [
    [
      "a cursor with an unreadable value",
      fc.constantFrom(...sorts).chain((sort) => {
        const kinds = spec.sorts[sort]!;
        return fc
          .tuple(readable(kinds), fc.nat(kinds.length - 1))
          .chain(([values, i]) => unreadableValue[kinds[i]!].map((bad) => values.map((v, j) => (j === i ? bad : v))))
          .map((v): [string, string] => [sort, encode({ s: sort, v })]);
      }),
    ],
    [
      "a cursor of another sort",
      fc.constantFrom(...sorts).chain((sort) =>
        fc.tuple(fc.oneof(fc.constantFrom(...sorts, "id", "-passwordHash"), text()), readable(spec.sorts[sort]!)).map(([s, v]): [string, string] => [sort, encode({ s, v })]),
      ),
    ],
    [
      "a cursor with the wrong number of values",
      fc.constantFrom(...sorts).chain((sort) =>
        fc.array(readableValue[spec.sorts[sort]![0]!], { maxLength: 4 }).map((v): [string, string] => [sort, encode({ s: sort, v })]),
      ),
    ],
    [
      "a cursor that is no cursor object",
      fc.constantFrom(...sorts).chain((sort) => fc.jsonValue({ maxDepth: 2 }).map((payload): [string, string] => [sort, encode(payload)])),
    ],
    [
      "a cursor that is not base64url JSON",
      fc.constantFrom(...sorts).chain((sort) =>
        fc.oneof(
          text("grapheme-ascii", 40).map((garbage) => garbage.replace(/[^\x21-\x7e]/g, "")),
          readable(spec.sorts[sort]!).chain((v) => {
            const json = JSON.stringify({ s: sort, v });
            return fc.nat(json.length - 1).map((cut) => Buffer.from(json.slice(0, cut)).toString("base64url"));
          }),
        ).map((c): [string, string] => [sort, c]),
      ),
    ],
  ];
  return flaws.map(([flawName, arbitrary]) => {
    const name = `query.cursor: ${flawName}`;
    return {
      name,
      arbitrary: arbitrary
        .filter(([sort, cursor]) => cursor.length > 0 && !isReadableCursor(cursor, sort, spec.sorts[sort]!))
        .map(([sort, cursor]) => toWire(route, withCursor(sort, cursor), name)),
    };
  });
}

// ---------------------------------------------------------------- bodies the parser cannot read

const FORM_TYPE = "application/x-www-form-urlencoded";
const NOT_JSON_TYPES = [
  "text/plain", "text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
  "text/xml", "application/octet-stream", "application/javascript", "text/json", "application/jsonx", "image/png", "json",
];
const UNSUPPORTED_ENCODINGS = ["compress", "x-compress", "x-gzip", "exi", "pack200-gzip", "gzip, gzip", "br, gzip", "aes128gcm", "bzip2", "lzma", "identity, gzip"];
const UNSUPPORTED_CHARSETS = ["latin1", "iso-8859-1", "us-ascii", "windows-1252", "utf8", "utf16", "shift_jis", "koi8-r", "ebcdic", "x-user-defined"];
const DECODERS: Record<string, (bytes: Uint8Array) => unknown> = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync };
const ENCODERS: Record<string, (bytes: Uint8Array) => Uint8Array> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

function fails(decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): boolean {
  try {
    decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** A body strict JSON parsing refuses: cut short, with junk, or a bare value (strict mode wants an object or array). */
function isUnparsableJson(text: string): boolean {
  try {
    JSON.parse(text);
  } catch {
    return true;
  }
  return !/^[\s]*[{[]/.test(text);
}

function unreadableBodies(route: AppRoute, base: RequestParts, reading: SurfaceReading): Family[] {
  const json = JSON.stringify(base.body ?? {});
  const jsonBytes = Buffer.from(json);
  const raw = (bytes: Uint8Array, headers: Record<string, string>) => ({ bytes, headers });
  const family = (name: string, expected: 400 | 415, arbitrary: fc.Arbitrary<{ bytes: Uint8Array; headers: Record<string, string> }>): Family => ({
    name,
    arbitrary: arbitrary.map((rawBody) => toWire(route, base, name, { rawBody, expected })),
  });
  const someBytes = fc.oneof(fc.constant(jsonBytes), fc.uint8Array({ minLength: 1, maxLength: 64 }));
  return [
    ...(reading.anyContentType
      ? []
      : [
          family(
            "body: a content type that is not JSON",
            415,
            fc
              .tuple(fc.option(fc.constantFrom(...NOT_JSON_TYPES.filter((type) => !(reading.readsForms && type === FORM_TYPE))), { nil: undefined }), someBytes)
              .map(([type, bytes]) => raw(bytes, type ? { "content-type": type } : {})),
          ),
        ]),
    family(
      "body: an unsupported Content-Encoding",
      415,
      fc
        .oneof(fc.constantFrom(...UNSUPPORTED_ENCODINGS), fc.stringMatching(/^x-[a-z]{1,8}$/))
        .map((encoding) => raw(jsonBytes, { "content-type": "application/json", "content-encoding": encoding })),
    ),
    family(
      "body: bytes that do not decode as their Content-Encoding",
      400,
      fc
        .constantFrom("gzip", "deflate", "br")
        .chain((encoding) =>
          fc.tuple(
            fc.constantFrom(encoding, encoding.toUpperCase()),
            fc.oneof(
              fc.uint8Array({ minLength: 1, maxLength: 64 }),
              fc.nat().map((cut) => {
                const packed = ENCODERS[encoding]!(jsonBytes);
                return packed.subarray(0, 1 + (cut % (packed.length - 1)));
              }),
            ).filter((bytes) => fails(DECODERS[encoding]!, bytes)),
          ),
        )
        .map(([encoding, bytes]) => raw(bytes, { "content-type": "application/json", "content-encoding": encoding })),
    ),
    family(
      "body: a charset the JSON parser does not read",
      415,
      fc
        .oneof(fc.constantFrom(...UNSUPPORTED_CHARSETS), fc.stringMatching(/^x-[a-z0-9]{1,8}$/))
        .map((charset) => raw(jsonBytes, { "content-type": `application/json; charset=${charset}` })),
    ),
    family(
      "body: malformed JSON",
      400,
      fc
        .oneof(
          fc.nat().map((cut) => json.slice(0, 1 + (cut % (json.length - 1 || 1)))),
          fc.constantFrom("}", ",", "x", "]", "\u0000").map((junk) => json + junk),
          fc.constantFrom("NaN", "undefined", "{'a':1}", "{a:1}", "[1,]", '{"a":1,}', "12", '"text"', "true", "null", "\u0000"),
        )
        .filter((body) => body.length > 0 && isUnparsableJson(body))
        .map((body) => raw(Buffer.from(body), { "content-type": "application/json" })),
    ),
  ];
}

/**
 * Timestamps the contract accepts, spread over its whole range and every
 * offset it allows. Drawn from a wider space (year 0000, offsets to ±99:99)
 * and kept when the contract accepts them, so a contract grown lenient
 * sends what it should have refused.
 */
export const acceptedTimestamp: fc.Arbitrary<string> = fc
  .record({
    year: fc.oneof(fc.constantFrom(0, 1, 2, 9998, 9999), fc.integer({ min: 0, max: 9999 })),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.oneof(fc.constant(""), fc.integer({ min: 0, max: 59 }).map((s) => `:${pad(s, 2)}`), fc.constant(":59.999999")),
    offset: fc.oneof(
      fc.constant("Z"),
      fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
      fc.tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([s, h, m]) => `${s}${pad(h, 2)}:${pad(m, 2)}`),
    ),
  })
  .map((p) => `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}${p.second}${p.offset}`)
  .filter((s) => TimestampSchema.safeParse(s).success);

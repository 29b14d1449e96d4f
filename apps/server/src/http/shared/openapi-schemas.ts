import { isDeepStrictEqual } from "node:util";
import type { ZodTypeAny } from "zod";
import { WELL_FORMED_TEXT } from "@steward/contracts";

/** An OpenAPI 3.1 Schema Object (JSON Schema 2020-12), as plain JSON. */
export type SchemaObject = { [key: string]: unknown };

/**
 * Which side of the wire a schema describes: what a client sends (`input`:
 * before defaults and transforms, a field with a default may be left out)
 * or what the server answers (`output`: a field with a default is there).
 */
export type SchemaMode = "input" | "output";

/** The component name of a schema, or undefined to write it inline. Decided by identity: the same zod object. */
export type SchemaNamer = (schema: ZodTypeAny) => string | undefined;

/** Every string a request carries refuses NUL and unpaired surrogates: said once in each document, not as a `pattern` on every string. */
export const WELL_FORMED_TEXT_NOTE =
  "Every string in a request (path, query, headers, body) is refused if it holds a NUL character or an unpaired UTF-16 surrogate, " +
  "as any other invalid input is; the schemas here do not repeat that rule as a `pattern`.";

const REF_PREFIX = "#/components/schemas/";
/** A `$ref` whose component name is decided once every schema has been seen: `pending:<mode>:<name>` until resolveRefs(). */
const PENDING = /^pending:(input|output):(.+)$/;
const pendingRef = (name: string, mode: SchemaMode) => `pending:${mode}:${name}`;

/**
 * Turns zod schemas into OpenAPI 3.1 schemas, written once as named
 * components and referenced by `$ref` wherever the same zod schema is used
 * again. A schema that reads differently as input and as output (a default,
 * a transform) is two components, `Name` (what is answered) and `NameInput`
 * (what is sent). Nullable is JSON Schema's: `type: ["string", "null"]`, and
 * `anyOf: [{$ref}, {type: "null"}]` for a reference. The runtime's
 * well-formed-text guard is not repeated as a pattern: the document says it
 * once (WELL_FORMED_TEXT_NOTE).
 */
export class OpenApiSchemas {
  /** The rendering of each named schema, by name and mode. */
  private readonly renderings = new Map<string, Map<SchemaMode, SchemaObject>>();
  private readonly inProgress = new Set<string>();
  private names: ((name: string, mode: SchemaMode) => string) | undefined;

  constructor(private readonly nameOf: SchemaNamer) {}

  /** The schema of `zod` as `mode` reads it: a `$ref` when it is named, else inline (with refs to the named schemas in it). Pass what it is part of through resolveRefs(). */
  schema(zod: ZodTypeAny, mode: SchemaMode): SchemaObject {
    if (this.names) throw new Error("OpenApiSchemas: schema() after components()");
    return this.convert(zod, mode, false);
  }

  /** Whether `zod` (or what it wraps without changing it) is optional where it is a property or parameter, as `mode` reads it. */
  static isOptional(zod: ZodTypeAny, mode: SchemaMode): boolean {
    if (!zod.isOptional()) return false;
    return mode === "input" || !hasDefault(zod);
  }

  /** What a schema says of itself: its description, or the description of the component it refers to. */
  descriptionOf(schema: SchemaObject): string | undefined {
    if (typeof schema.description === "string") return schema.description;
    const pending = typeof schema.$ref === "string" ? PENDING.exec(schema.$ref) : null;
    const rendering = pending && this.renderings.get(pending[2]!)?.get(pending[1] as SchemaMode);
    return typeof rendering?.description === "string" ? rendering.description : undefined;
  }

  /** `components.schemas`, sorted by name, once every schema has been seen (no schema() after it). */
  components(): Record<string, SchemaObject> {
    const names = this.componentNames();
    const components: Record<string, SchemaObject> = {};
    for (const [name, modes] of this.renderings) {
      for (const [mode, rendering] of modes) {
        const component = names(name, mode);
        const resolved = this.resolveRefs(rendering);
        if (components[component] && !isDeepStrictEqual(components[component], resolved)) throw new Error(`OpenAPI: two schemas named ${component}`);
        components[component] = resolved;
      }
    }
    return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** A copy of `value` (an operation, a response, ...) with every schema `$ref` pointing at its component. */
  resolveRefs<T>(value: T): T {
    return resolveWith(value, this.componentNames());
  }

  /** How each (name, mode) is named: `Name`, or `NameInput` for the input reading where the two readings differ once their own refs are named. */
  private componentNames(): (name: string, mode: SchemaMode) => string {
    if (this.names) return this.names;
    const decided = new Map<string, boolean>();
    const splits = (name: string): boolean => {
      const known = decided.get(name);
      if (known !== undefined) return known;
      decided.set(name, false); // a cycle reads as equal
      const modes = this.renderings.get(name)!;
      const input = modes.get("input");
      const output = modes.get("output");
      const differ = !!input && !!output && !isDeepStrictEqual(resolveWith(input, componentName), resolveWith(output, componentName));
      decided.set(name, differ);
      return differ;
    };
    function componentName(name: string, mode: SchemaMode): string {
      return mode === "input" && splits(name) ? `${name}Input` : name;
    }
    this.names = componentName;
    return componentName;
  }

  private convert(zod: ZodTypeAny, mode: SchemaMode, definition: boolean): SchemaObject {
    const name = definition ? undefined : this.nameOf(zod);
    if (name) return this.reference(name, zod, mode);
    const description = zod.description;
    const schema = this.convertType(zod, mode);
    return description === undefined || this.descriptionOf(schema) === description ? schema : { ...schema, description };
  }

  /** A `$ref` to the component `name`, rendering it first when this mode has not been. */
  private reference(name: string, zod: ZodTypeAny, mode: SchemaMode): SchemaObject {
    let modes = this.renderings.get(name);
    if (!modes) this.renderings.set(name, (modes = new Map()));
    const key = `${name} ${mode}`;
    if (!modes.has(mode) && !this.inProgress.has(key)) {
      this.inProgress.add(key);
      modes.set(mode, this.convert(zod, mode, true));
      this.inProgress.delete(key);
    }
    return { $ref: pendingRef(name, mode) };
  }

  private convertType(zod: ZodTypeAny, mode: SchemaMode): SchemaObject {
    const def = zod._def as ZodDef;
    switch (def.typeName) {
      case "ZodString":
        return stringSchema(def);
      case "ZodNumber":
        return numberSchema(def);
      case "ZodBigInt":
        return { type: "integer", format: "int64" };
      case "ZodBoolean":
        return { type: "boolean" };
      case "ZodDate":
        return { type: "string", format: "date-time" };
      case "ZodLiteral":
        return literalSchema(def.value);
      case "ZodEnum":
        return enumSchema(def.values as unknown[]);
      case "ZodNativeEnum":
        return enumSchema(Object.values(def.values as object).filter((value) => typeof (def.values as Record<string, unknown>)[value as string] !== "number"));
      case "ZodObject":
        return this.objectSchema(zod, def, mode);
      case "ZodArray":
        return {
          type: "array",
          items: this.convert(def.type, mode, false),
          ...(def.exactLength ? { minItems: def.exactLength.value, maxItems: def.exactLength.value } : {}),
          ...(def.minLength ? { minItems: def.minLength.value } : {}),
          ...(def.maxLength ? { maxItems: def.maxLength.value } : {}),
        };
      case "ZodRecord":
        return { type: "object", additionalProperties: this.convert(def.valueType, mode, false) };
      case "ZodUnion":
        return this.unionSchema(def.options as ZodTypeAny[], mode, "anyOf");
      case "ZodDiscriminatedUnion":
        return this.unionSchema([...(def.options as ZodTypeAny[])], mode, "oneOf");
      case "ZodIntersection":
        return { allOf: [this.convert(def.left, mode, false), this.convert(def.right, mode, false)] };
      case "ZodOptional":
        return this.convert(def.innerType, mode, false);
      case "ZodNullable":
        return this.nullable(this.convert(def.innerType, mode, false));
      case "ZodDefault": {
        const inner = this.convert(def.innerType, mode, false);
        return mode === "input" ? { ...inner, default: def.defaultValue() } : inner;
      }
      case "ZodEffects":
        // A refinement keeps its schema; a transform or preprocess is described by what a client sends.
        return this.convert(def.schema, mode, false);
      case "ZodPipeline":
        return mode === "input" ? this.pipelineInput(def.in, def.out) : this.convert(def.out, mode, false);
      case "ZodBranded":
        return this.convert(def.type, mode, false);
      case "ZodReadonly":
      case "ZodCatch":
        return this.convert(def.innerType, mode, false);
      case "ZodLazy":
        return this.convert(def.getter(), mode, false);
      case "ZodAny":
      case "ZodUnknown":
        return {};
      case "ZodNull":
        return { ...NULL };
      default:
        throw new Error(`OpenAPI: no rendering for ${def.typeName}${zod.description ? ` (${zod.description})` : ""}`);
    }
  }

  /**
   * What a pipeline takes: its first schema, where a number it takes as is
   * must also pass the second (`union([number, numeric text]).pipe(int().min().max())`
   * reads as an integer within bounds, or numeric text).
   */
  private pipelineInput(first: ZodTypeAny, second: ZodTypeAny): SchemaObject {
    const taken = this.convert(first, "input", false);
    const then = this.convert(second, "input", false);
    const numeric = (schema: unknown) => !!schema && typeof schema === "object" && ["number", "integer"].includes((schema as SchemaObject).type as string);
    if (!numeric(then)) return taken;
    const narrow = (schema: SchemaObject) => (numeric(schema) && Object.keys(schema).every((key) => key === "type") ? then : schema);
    return Array.isArray(taken.anyOf) ? { ...taken, anyOf: (taken.anyOf as SchemaObject[]).map(narrow) } : narrow(taken);
  }

  private objectSchema(zod: ZodTypeAny, def: ZodDef, mode: SchemaMode): SchemaObject {
    const shape = (zod as unknown as { shape: Record<string, ZodTypeAny> }).shape;
    const properties: Record<string, SchemaObject> = {};
    const required: string[] = [];
    for (const [key, field] of Object.entries(shape)) {
      properties[key] = this.convert(field, mode, false);
      if (!OpenApiSchemas.isOptional(field, mode)) required.push(key);
    }
    const catchall = def.catchall as ZodTypeAny | undefined;
    const additional =
      catchall && catchall._def.typeName !== "ZodNever"
        ? this.convert(catchall, mode, false)
        : def.unknownKeys === "strict"
          ? false
          : def.unknownKeys === "passthrough"
            ? true
            : undefined;
    return {
      type: "object",
      properties,
      ...(required.length ? { required } : {}),
      ...(additional === undefined ? {} : { additionalProperties: additional }),
    };
  }

  private unionSchema(options: ZodTypeAny[], mode: SchemaMode, keyword: "anyOf" | "oneOf"): SchemaObject {
    const nonNull = options.filter((option) => option._def.typeName !== "ZodNull");
    const literals = nonNull.map((option) => literalValues(option));
    if (literals.every((values) => values !== undefined)) {
      const values = literals.flat() as unknown[];
      const types = new Set(values.map((value) => typeof value));
      if (types.size === 1) {
        const schema = enumSchema([...new Set(values)]);
        return nonNull.length < options.length ? this.nullable(schema) : schema;
      }
    }
    const schemas = nonNull.map((option) => this.convert(option, mode, false));
    const union = schemas.length === 1 ? schemas[0]! : { [keyword]: schemas };
    return nonNull.length < options.length ? this.nullable(union) : union;
  }

  /** JSON Schema's null: a type list, or `anyOf` with `{type: "null"}` for a reference or a union. */
  private nullable(schema: SchemaObject): SchemaObject {
    const { description, ...rest } = schema;
    const described = (nullable: SchemaObject) => (description === undefined ? nullable : { ...nullable, description });
    if (typeof rest.$ref === "string") return described({ anyOf: [rest, NULL] });
    if (typeof rest.type === "string") return described({ ...rest, type: [rest.type, "null"], ...(Array.isArray(rest.enum) ? { enum: [...rest.enum, null] } : {}) });
    if (Array.isArray(rest.anyOf)) return described({ ...rest, anyOf: [...rest.anyOf, NULL] });
    if (Array.isArray(rest.oneOf)) return described({ ...rest, oneOf: [...rest.oneOf, NULL] });
    // Any value: null already.
    if (Object.keys(rest).length === 0) return schema;
    throw new Error(`OpenAPI: cannot make ${JSON.stringify(schema).slice(0, 200)} nullable`);
  }
}

// ---------------------------------------------------------------- helpers

/** The parts of a zod definition read here (zod 3 keeps them on `_def`, untyped across kinds). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ZodDef = { typeName: string } & Record<string, any>;

const NULL: SchemaObject = { type: "null" };

/** `value` with every pending `$ref` named by `names`. */
function resolveWith<T>(value: T, names: (name: string, mode: SchemaMode) => string): T {
  if (Array.isArray(value)) return value.map((item) => resolveWith(item, names)) as T;
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const pending = key === "$ref" && typeof item === "string" ? PENDING.exec(item) : null;
      return [key, pending ? REF_PREFIX + names(pending[2]!, pending[1] as SchemaMode) : resolveWith(item, names)];
    }),
  ) as T;
}

/** Whether a default fills the value in when it is missing (so an answer always has it). */
function hasDefault(zod: ZodTypeAny): boolean {
  const def = zod._def as ZodDef;
  switch (def.typeName) {
    case "ZodDefault":
      return true;
    case "ZodNullable":
    case "ZodReadonly":
    case "ZodCatch":
      return hasDefault(def.innerType);
    case "ZodEffects":
      return hasDefault(def.schema);
    case "ZodBranded":
      return hasDefault(def.type);
    default:
      return false;
  }
}

function stringSchema(def: ZodDef): SchemaObject {
  const schema: SchemaObject = { type: "string" };
  const patterns: string[] = [];
  for (const check of def.checks as { kind: string; value?: number; regex?: RegExp }[]) {
    switch (check.kind) {
      case "min":
        schema.minLength = check.value;
        break;
      case "max":
        schema.maxLength = check.value;
        break;
      case "length":
        schema.minLength = check.value;
        schema.maxLength = check.value;
        break;
      case "email":
        schema.format = "email";
        break;
      case "uuid":
        schema.format = "uuid";
        break;
      case "url":
        schema.format = "uri";
        break;
      case "datetime":
        schema.format = "date-time";
        break;
      case "regex":
        if (check.regex!.source !== WELL_FORMED_TEXT.source) patterns.push(patternOf(check.regex!));
        break;
      case "trim":
      case "toLowerCase":
      case "toUpperCase":
        break;
      default:
        throw new Error(`OpenAPI: no rendering for the string check ${check.kind}`);
    }
  }
  if (patterns.length) schema.pattern = patterns[0];
  // One `pattern` per schema: any other is a further constraint beside it.
  if (patterns.length > 1) schema.allOf = patterns.slice(1).map((pattern) => ({ pattern }));
  return schema;
}

/** A regular expression as an OpenAPI `pattern` (ECMA-262, no flags): case-insensitivity is written into it. */
function patternOf(regex: RegExp): string {
  const flags = regex.flags.replace(/[gy]/g, "");
  if (!flags) return regex.source;
  if (flags !== "i" || regex.source.includes("(?<")) throw new Error(`OpenAPI: no pattern for /${regex.source}/${regex.flags}`);
  return caseInsensitive(regex.source);
}

/** `[a-z]` becomes `[a-zA-Z]` and `x` becomes `[xX]`: the same language without the `i` flag (escapes kept as they are). */
export function caseInsensitive(source: string): string {
  const swap = (c: string) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
  const isLetter = (c: string | undefined) => !!c && /^[A-Za-z]$/.test(c);
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      const length = source[i + 1] === "u" ? 6 : source[i + 1] === "x" ? 4 : source[i + 1] === "c" ? 3 : 2;
      out += source.slice(i, i + length);
      i += length - 1;
    } else if (inClass) {
      if (c === "]") inClass = false;
      if (isLetter(c) && source[i + 1] === "-" && isLetter(source[i + 2])) {
        const range = source.slice(i, i + 3);
        out += range + swap(range[0]!) + "-" + swap(range[2]!);
        i += 2;
      } else out += isLetter(c) ? c + swap(c) : c;
    } else if (c === "[") {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") out += source[++i];
    } else out += isLetter(c) ? `[${c}${swap(c)}]` : c;
  }
  return out;
}

function numberSchema(def: ZodDef): SchemaObject {
  const schema: SchemaObject = { type: "number" };
  for (const check of def.checks as { kind: string; value: number; inclusive?: boolean }[]) {
    switch (check.kind) {
      case "int":
        schema.type = "integer";
        break;
      case "min":
        if (check.inclusive) schema.minimum = check.value;
        else schema.exclusiveMinimum = check.value;
        break;
      case "max":
        if (check.inclusive) schema.maximum = check.value;
        else schema.exclusiveMaximum = check.value;
        break;
      case "multipleOf":
        schema.multipleOf = check.value;
        break;
      case "finite":
        break;
      default:
        throw new Error(`OpenAPI: no rendering for the number check ${check.kind}`);
    }
  }
  return schema;
}

function literalSchema(value: unknown): SchemaObject {
  if (value === null) return { ...NULL };
  if (value === undefined) throw new Error("OpenAPI: an undefined literal has no rendering");
  return enumSchema([value]);
}

function enumSchema(values: unknown[]): SchemaObject {
  const types = new Set(values.map((value) => typeof value));
  if (types.size !== 1) throw new Error(`OpenAPI: an enum of mixed types ${JSON.stringify(values)}`);
  const [type] = types;
  return { type: type === "number" && values.every((value) => Number.isInteger(value)) ? "integer" : type, enum: values };
}

/** The values of a literal or an enum (the parts of a union that read as one enum), else undefined. */
function literalValues(zod: ZodTypeAny): unknown[] | undefined {
  const def = zod._def as ZodDef;
  if (def.typeName === "ZodLiteral") return [def.value];
  if (def.typeName === "ZodEnum") return def.values as unknown[];
  return undefined;
}

/** Kinds of schema worth a component of their own: the others (strings, numbers) read as well inline. */
const NAMEABLE = new Set(["ZodObject", "ZodEnum", "ZodUnion", "ZodDiscriminatedUnion", "ZodRecord"]);

/**
 * Names, by identity, the schemas `module` exports as `FooSchema` (objects,
 * enums, unions, records; a refinement of one too): the component `Foo`, or
 * what `renames` says instead.
 * Query and header schemas are not named (they become parameters). A page
 * of a named item (`pageOf(UserSchema)`, made anew at each use) is
 * `UserPage`. The first name met for a schema wins.
 */
export function schemaNamer(module: Record<string, unknown>, renames: Record<string, string> = {}): SchemaNamer {
  const names = new Map<ZodTypeAny, string>();
  for (const [key, value] of Object.entries(module)) {
    if (!/^[A-Z]\w*Schema$/.test(key) || /QuerySchema$/.test(key) || !isZod(value) || names.has(value)) continue;
    const name = key.replace(/Schema$/, "");
    if (NAMEABLE.has(unrefined(value)._def.typeName)) names.set(value, renames[name] ?? name);
  }
  return (schema) => names.get(schema) ?? pageName(schema, names);
}

function isZod(value: unknown): value is ZodTypeAny {
  return !!value && typeof value === "object" && "_def" in value && typeof (value as ZodTypeAny).safeParse === "function";
}

function unrefined(schema: ZodTypeAny): ZodTypeAny {
  return schema._def.typeName === "ZodEffects" && schema._def.effect?.type === "refinement" ? unrefined(schema._def.schema) : schema;
}

/** `{data: Item[], total, nextCursor}` (pagination.ts' pageOf) of a named item: `ItemPage`. */
function pageName(schema: ZodTypeAny, names: Map<ZodTypeAny, string>): string | undefined {
  if (schema._def.typeName !== "ZodObject") return undefined;
  const shape = (schema as unknown as { shape: Record<string, ZodTypeAny> }).shape;
  if (Object.keys(shape).sort().join() !== "data,nextCursor,total" || shape.data!._def.typeName !== "ZodArray") return undefined;
  const item = names.get(shape.data!._def.type as ZodTypeAny);
  return item && `${item}Page`;
}

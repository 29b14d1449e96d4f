import { StewardError } from "@steward/client";
import { capitalize } from "./format";

/**
 * The settings form, generated from the zod schema the API checks the
 * settings with (`PlatformSettingsSchema`): nested objects are fieldsets,
 * enums selects, booleans checkboxes, numbers number inputs (bounds from the
 * schema), strings text inputs; labels come from the schema's descriptions.
 * A new setting in the contracts appears in the console with no change here.
 */

interface Described {
  /** The first sentence of the schema's description (or the key, in words, when it has none). */
  label: string;
  /** The rest of the description. */
  hint: string;
}

interface Leaf extends Described {
  /** Where the value sits in the document, e.g. `passwords.minLength` (the API's problem paths, less `body.`). */
  path: string;
}

export type SettingsLeaf =
  | (Leaf & { kind: "select"; options: string[] })
  | (Leaf & { kind: "checkbox" })
  | (Leaf & { kind: "number"; min?: number; max?: number; integer: boolean })
  | (Leaf & { kind: "text"; minLength?: number; maxLength?: number });

export interface SettingsGroup {
  kind: "group";
  /** The key, in words ("passwords" -> "Passwords"). */
  label: string;
  /** The object's whole description. */
  hint: string;
  path: string;
  children: SettingsNode[];
}

export type SettingsNode = SettingsLeaf | SettingsGroup;

/** A form value: text as typed (numbers too, until saved), or a checkbox's state. */
export type SettingsValue = string | boolean;
/** The form's values by path. */
export type SettingsValues = Record<string, SettingsValue>;

/** What the walk reads of a zod (3) schema: its definition. */
interface ZodDef {
  typeName?: string;
  description?: string;
  innerType?: ZodLike;
  schema?: ZodLike;
  shape?: () => Record<string, ZodLike>;
  values?: readonly string[];
  checks?: readonly { kind: string; value?: number }[];
}
interface ZodLike {
  readonly _def: object;
}

const defOf = (schema: ZodLike) => schema._def as ZodDef;

/** The schema under optional/nullable/default/refinement wrappers, and the first description met on the way in. */
function unwrap(schema: ZodLike): { def: ZodDef; description: string | undefined } {
  let def = defOf(schema);
  let description = def.description;
  for (;;) {
    const inner = def.innerType ?? (def.typeName === "ZodEffects" ? def.schema : undefined);
    if (!inner) return { def, description };
    def = defOf(inner);
    description ??= def.description;
  }
}

/** "minLength" -> "Min length"; "xmpp" -> "XMPP". */
function words(key: string): string {
  if (/^[a-z]{2,5}$/.test(key) && !/[aeiou]/.test(key.slice(1))) return key.toUpperCase();
  return capitalize(key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase());
}

/** A description split into its first sentence (the label) and the rest (the hint). */
function described(key: string, description: string | undefined): Described {
  if (!description) return { label: words(key), hint: "" };
  const end = /[.!?](\s|$)/.exec(description);
  if (!end) return { label: description, hint: "" };
  return { label: description.slice(0, end.index + 1), hint: description.slice(end.index + 1).trim() };
}

const checkValue = (def: ZodDef, kind: string) => def.checks?.find((check) => check.kind === kind)?.value;

function nodeOf(key: string, path: string, schema: ZodLike): SettingsNode {
  const { def, description } = unwrap(schema);
  if (def.typeName === "ZodObject") return { kind: "group", path, label: words(key), hint: description ?? "", children: childrenOf(def, path) };
  const base = { path, ...described(key, description) };
  switch (def.typeName) {
    case "ZodEnum":
      return { kind: "select", ...base, options: [...(def.values ?? [])] };
    case "ZodBoolean":
      return { kind: "checkbox", ...base };
    case "ZodNumber":
      return { kind: "number", ...base, min: checkValue(def, "min"), max: checkValue(def, "max"), integer: Boolean(def.checks?.some((c) => c.kind === "int")) };
    default:
      // Strings, and anything else: typed as text, checked by the API.
      return { kind: "text", ...base, minLength: checkValue(def, "min"), maxLength: checkValue(def, "max") };
  }
}

function childrenOf(def: ZodDef, path: string): SettingsNode[] {
  return Object.entries(def.shape?.() ?? {}).map(([key, child]) => nodeOf(key, path ? `${path}.${key}` : key, child));
}

/** The form's fields, in the schema's order, from a zod object schema. */
export function settingsFormOf(schema: ZodLike): SettingsNode[] {
  const { def } = unwrap(schema);
  if (def.typeName !== "ZodObject") throw new Error("The settings schema must be an object");
  return childrenOf(def, "");
}

/** Every field of the form (fieldsets opened). */
export function leavesOf(nodes: readonly SettingsNode[]): SettingsLeaf[] {
  return nodes.flatMap((node) => (node.kind === "group" ? leavesOf(node.children) : [node]));
}

/** The path of every field and fieldset. */
export function pathsOf(nodes: readonly SettingsNode[]): string[] {
  return nodes.flatMap((node) => [node.path, ...(node.kind === "group" ? pathsOf(node.children) : [])]);
}

function valueAt(document: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((at, key) => (at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined), document);
}

/** The form's values for a settings document. */
export function formValuesOf(nodes: readonly SettingsNode[], document: unknown): SettingsValues {
  const values: SettingsValues = {};
  for (const leaf of leavesOf(nodes)) {
    const value = valueAt(document, leaf.path);
    values[leaf.path] = leaf.kind === "checkbox" ? value === true : value === undefined || value === null ? "" : String(value);
  }
  return values;
}

/**
 * The document to send for the form's values. A number field holding a
 * number is sent as one; anything else is sent as typed, for the API to say
 * what is wrong with it at its field.
 */
export function documentOf(nodes: readonly SettingsNode[], values: SettingsValues): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const leaf of leavesOf(nodes)) {
    const keys = leaf.path.split(".");
    let at = document;
    for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
    const value = values[leaf.path];
    const number = typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
    at[keys.at(-1)!] = leaf.kind === "number" && Number.isFinite(number) ? number : value;
  }
  return document;
}

/**
 * The API's problems with a document, by the path of what they are about:
 * `body.passwords.minLength` -> `passwords.minLength`, `body` (the whole
 * document) -> "". Several at one path are joined.
 */
export function settingsProblemsOf(error: unknown): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!(error instanceof StewardError)) return problems;
  for (const { path, message } of error.fieldErrors) {
    const [location, ...rest] = path.split(".");
    if (location !== "body") continue;
    const at = rest.join(".");
    problems[at] = problems[at] ? `${problems[at]}; ${message}` : message;
  }
  return problems;
}

/** The path among `paths` a problem at `path` is shown at: itself, or the nearest one enclosing it ("" for none). */
function problemHome(path: string, paths: ReadonlySet<string>): string {
  for (let at = path; at; at = at.includes(".") ? at.slice(0, at.lastIndexOf(".")) : "") {
    if (paths.has(at)) return at;
  }
  return "";
}

/**
 * Where each of the API's problems is shown: at its field, at the fieldset
 * enclosing a path the form has no field for (`passwords.extra`: "extra: …"),
 * or, about the whole document, with the form's error (`elsewhere`).
 */
export function placeProblems(problems: Readonly<Record<string, string>>, paths: ReadonlySet<string>): { at: Record<string, string>; elsewhere: string[] } {
  const at: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const [path, message] of Object.entries(problems)) {
    const home = problemHome(path, paths);
    const text = home === path ? message : `${path.slice(home ? home.length + 1 : 0)}: ${message}`;
    if (!home) elsewhere.push(path ? text : message);
    else at[home] = at[home] ? `${at[home]}; ${text}` : text;
  }
  return { at, elsewhere };
}

import type { UpdateUserInput, User } from "@steward/client";
import { parseTags } from "./tags";

/** The fields of a user's profile card, in its order. */
export const PROFILE_FIELDS = [
  { key: "displayName", label: "Display name", autoComplete: "off" },
  { key: "email", label: "Email", type: "email", autoComplete: "off" },
  { key: "firstName", label: "First name", autoComplete: "off" },
  { key: "lastName", label: "Last name", autoComplete: "off" },
  { key: "language", label: "Language", hint: "A BCP 47 tag such as en or fr-CH.", autoComplete: "off" },
  { key: "phone", label: "Phone", type: "tel", autoComplete: "off" },
  { key: "externalId", label: "External ID", hint: "This user's identifier in another system; unique.", autoComplete: "off" },
  { key: "tags", label: "Tags", hint: "Separate tags with commas or spaces.", span: true, autoComplete: "off" },
] as const;

export type FieldKey = (typeof PROFILE_FIELDS)[number]["key"];
export type FormValues = Record<FieldKey, string>;
export const LABELS = Object.fromEntries(PROFILE_FIELDS.map((f) => [f.key, f.label])) as Record<FieldKey, string>;

/** A user and the ETag of that version, for `If-Match`. */
export type Versioned = { user: User; etag: string };

export function valuesOf(user: User): FormValues {
  return {
    displayName: user.displayName ?? "",
    email: user.email ?? "",
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    language: user.language ?? "",
    phone: user.phone ?? "",
    externalId: user.externalId ?? "",
    tags: user.tags.join(", "),
  };
}

function sameTags(a: string[], b: string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((tag, i) => tag === y[i]);
}

/** What to send: only the fields that differ from `user`; an emptied field becomes null. */
export function patchOf(values: FormValues, user: User): UpdateUserInput {
  const patch: Record<string, unknown> = {};
  for (const { key } of PROFILE_FIELDS) {
    if (key === "tags") {
      const tags = parseTags(values.tags);
      if (!sameTags(tags, user.tags)) patch.tags = tags;
      continue;
    }
    const value = values[key].trim() === "" ? null : values[key].trim();
    if (value !== user[key]) patch[key] = value;
  }
  return patch as UpdateUserInput;
}

/** Profile fields whose value differs between two versions of a user. */
export function changedFields(before: User, after: User): FieldKey[] {
  return Object.keys(patchOf(valuesOf(after), before)) as FieldKey[];
}

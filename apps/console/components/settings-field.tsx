"use client";

import type { ReactNode } from "react";
import { FieldError } from "./ui";
import type { SettingsLeaf, SettingsValue } from "@/lib/settings-form";

/** The id of a setting's control: `passwords.minLength` -> `setting-passwords-minLength`. */
export const settingId = (path: string) => `setting-${path.replace(/\./g, "-")}`;

/** A schema's description as text, its `code` spans as code. */
export function DescribedText({ text }: { text: string }): ReactNode {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.startsWith("`") && part.endsWith("`") && part.length > 1 ? <code key={index}>{part.slice(1, -1)}</code> : part,
  );
}

/** A number's bounds, when its description does not say them already. */
function boundsOf(field: SettingsLeaf): string {
  if (field.kind !== "number" || field.min === undefined || field.max === undefined) return "";
  const said = `${field.label} ${field.hint}`;
  if (said.includes(String(field.min)) && said.includes(String(field.max))) return "";
  return `From ${field.min.toLocaleString("en")} to ${field.max.toLocaleString("en")}.`;
}

/**
 * One setting's control, as its schema says: a select for an enum, a
 * checkbox for a boolean, a number input (with the schema's bounds) for a
 * number, a text input for text; labelled by its description, with the
 * API's problem at it when it refused the value.
 */
export function SettingsField({
  field,
  value,
  problem,
  onChange,
}: {
  field: SettingsLeaf;
  value: SettingsValue;
  problem?: string;
  onChange(path: string, value: SettingsValue): void;
}) {
  const id = settingId(field.path);
  const errorId = `${id}-error`;
  const hint = [field.hint, boundsOf(field)].filter(Boolean).join(" ");
  const described = problem ? `${errorId} ${id}-hint` : `${id}-hint`;
  const common = { id, name: field.path, "aria-invalid": problem ? true : undefined, "aria-describedby": described };

  let control: ReactNode;
  if (field.kind === "checkbox") {
    control = (
      <label className="check">
        <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange(field.path, e.target.checked)} />
        <span>
          <DescribedText text={field.label} />
        </span>
      </label>
    );
  } else if (field.kind === "select") {
    control = (
      <select className="select" {...common} value={String(value)} onChange={(e) => onChange(field.path, e.target.value)}>
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    const bounds =
      field.kind === "number"
        ? { type: "number", inputMode: "numeric" as const, min: field.min, max: field.max, step: field.integer ? 1 : "any" }
        : { type: "text", minLength: field.minLength, maxLength: field.maxLength, autoComplete: "off" };
    control = <input className="input" {...common} {...bounds} value={String(value)} onChange={(e) => onChange(field.path, e.target.value)} />;
  }

  return (
    <div className="field" data-testid="setting" data-path={field.path}>
      {field.kind === "checkbox" ? null : (
        <label htmlFor={id}>
          <DescribedText text={field.label} />
        </label>
      )}
      {control}
      <FieldError id={errorId} message={problem} />
      <span className="hint" id={`${id}-hint`}>
        {hint ? <DescribedText text={hint} /> : null}
        <span className="setting-path mono">{field.path}</span>
      </span>
    </div>
  );
}

"use client";

import { DescribedText, SettingsField } from "./settings-field";
import { FieldError } from "./ui";
import type { SettingsNode, SettingsValue, SettingsValues } from "@/lib/settings-form";

/**
 * The settings form's fields, in the schema's order: a field per setting, a
 * fieldset per nested object (its legend the key, its description under
 * it), each fieldset's own problems (an unknown key in it) at its legend.
 */
export function SettingsNodes({
  nodes,
  values,
  problems,
  onChange,
}: {
  nodes: readonly SettingsNode[];
  values: SettingsValues;
  /** The API's problems by path. */
  problems: Readonly<Record<string, string>>;
  onChange(path: string, value: SettingsValue): void;
}) {
  return nodes.map((node) =>
    node.kind === "group" ? (
      <fieldset
        key={node.path}
        className="settings-group"
        data-testid="settings-group"
        aria-describedby={node.hint ? `setting-group-${node.path}-hint` : undefined}
      >
        <legend>{node.label}</legend>
        {node.hint ? (
          <p className="hint" id={`setting-group-${node.path}-hint`}>
            <DescribedText text={node.hint} />
          </p>
        ) : null}
        <FieldError id={`setting-group-${node.path}-error`} message={problems[node.path]} />
        <div className="settings-nodes">
          <SettingsNodes nodes={node.children} values={values} problems={problems} onChange={onChange} />
        </div>
      </fieldset>
    ) : (
      <SettingsField key={node.path} field={node} value={values[node.path] ?? ""} problem={problems[node.path]} onChange={onChange} />
    ),
  );
}

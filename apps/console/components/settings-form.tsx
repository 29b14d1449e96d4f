"use client";

import { useState, type FormEvent } from "react";
import { PlatformSettingsSchema, type PlatformSettings, type SettingsDocument } from "@steward/client";
import { useConsole } from "./console-context";
import { SettingsNodes } from "./settings-fieldset";
import { Alert } from "./ui";
import { messageOf, reasonOf, statusOf } from "@/lib/errors";
import { countOf, formatDateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import {
  documentOf,
  formValuesOf,
  leavesOf,
  pathsOf,
  placeProblems,
  settingsFormOf,
  settingsProblemsOf,
  type SettingsValue,
  type SettingsValues,
} from "@/lib/settings-form";

/** The form, generated once from the schema the API checks settings with. */
const FORM = settingsFormOf(PlatformSettingsSchema);
const LEAVES = leavesOf(FORM);
const PATHS: ReadonlySet<string> = new Set(pathsOf(FORM));

/**
 * The platform settings as a form generated from their schema. Saved whole,
 * guarded by the revision read (If-Match): when someone else saved
 * meanwhile (412), nothing is written and the form offers to reload. Every
 * problem the API finds (422) is shown at its field.
 */
export function SettingsForm({
  document,
  onSaved,
  onReload,
}: {
  document: SettingsDocument;
  onSaved(document: SettingsDocument): void;
  onReload(): Promise<void>;
}) {
  const { client, me } = useConsole();
  // Only the fields changed; everything else shows the stored value.
  const [edits, setEdits] = useState<SettingsValues>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ title: string; message: string; list: string[] } | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const mayUpdate = can(me, "settings.update");

  const stored = formValuesOf(FORM, document.settings);
  const values = { ...stored, ...edits };
  const changed = LEAVES.filter((leaf) => values[leaf.path] !== stored[leaf.path]).length;

  function edit(path: string, value: SettingsValue) {
    setNotice(null);
    setEdits((current) => ({ ...current, [path]: value }));
    setProblems(({ [path]: _fixed, ...rest }) => rest);
  }

  function clear() {
    setProblems({});
    setError(null);
    setConflict(false);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (saving || !changed) return;
    setSaving(true);
    clear();
    setNotice(null);
    try {
      const saved = await client.settings.update(documentOf(FORM, values) as PlatformSettings, { ifMatch: document.revision });
      setEdits({});
      onSaved(saved);
      setNotice("Settings saved.");
    } catch (err) {
      if (statusOf(err) === 412) {
        setConflict(true);
      } else if (reasonOf(err) === "invalid_settings") {
        const { at, elsewhere } = placeProblems(settingsProblemsOf(err), PATHS);
        setProblems(at);
        const marked = Object.keys(at).length;
        setError({
          title: "Settings not saved",
          message: marked ? `Check ${marked === 1 ? "the field marked below" : `the ${countOf(marked, "field")} marked below`}.` : messageOf(err),
          list: elsewhere,
        });
      } else {
        setError({ title: "Settings not saved", message: messageOf(err), list: [] });
      }
    } finally {
      setSaving(false);
    }
  }

  async function reload(keepMine: boolean) {
    try {
      await onReload();
      if (!keepMine) setEdits({});
      clear();
    } catch (err) {
      setError({ title: "Could not reload the settings", message: messageOf(err), list: [] });
    }
  }

  return (
    <form className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="settings-title">
      <div className="card-header">
        <div>
          <h2 id="settings-title">Platform settings</h2>
          <p data-testid="settings-revision">
            Revision {document.revision} · schema version {document.version}
            {document.revision ? ` · changed ${formatDateTime(document.updatedAt)}` : ""}
          </p>
        </div>
      </div>
      <div className="card-body stack">
        {me && !mayUpdate ? (
          <p className="muted" data-testid="settings-readonly">
            Your account can read the settings but not change them (it lacks settings:update).
          </p>
        ) : null}
        {conflict ? (
          <Alert
            tone="warning"
            testId="settings-conflict"
            title="Someone else changed the settings while you were editing"
            actions={
              <>
                <button type="button" className="btn btn-sm" onClick={() => void reload(true)}>
                  Reload, keeping my changes
                </button>
                <button type="button" className="btn btn-sm" onClick={() => void reload(false)}>
                  Reload and discard mine
                </button>
              </>
            }
          >
            Your changes were not saved (412 Precondition Failed). Reload to see theirs, then save yours again if they still apply.
          </Alert>
        ) : null}
        {error ? (
          <Alert tone="error" title={error.title} testId="settings-error">
            {error.message}
            {error.list.map((item) => (
              <span className="block" key={item}>
                {item}
              </span>
            ))}
          </Alert>
        ) : null}
        {notice ? (
          <Alert tone="success" testId="settings-notice">
            {notice}
          </Alert>
        ) : null}
        <fieldset className="settings-all" disabled={!mayUpdate || saving}>
          <legend className="sr-only">Platform settings</legend>
          <div className="settings-nodes">
            <SettingsNodes nodes={FORM} values={values} problems={problems} onChange={edit} />
          </div>
        </fieldset>
      </div>
      {mayUpdate ? (
        <div className="card-footer">
          <span className="spacer" data-testid="settings-changes">
            {changed ? `${countOf(changed, "unsaved change")}` : "No unsaved changes"}
          </span>
          <button
            type="button"
            className="btn"
            disabled={!changed || saving}
            onClick={() => {
              setEdits({});
              clear();
            }}
          >
            Discard
          </button>
          <button type="submit" className="btn btn-primary" disabled={!changed || saving || conflict}>
            {saving ? "Saving…" : "Save settings"}
          </button>
        </div>
      ) : null}
    </form>
  );
}

"use client";

import { useCallback, useEffect, useState } from "react";
import type { SettingsDocument } from "@steward/client";
import { useConsole } from "./console-context";
import { SettingsForm } from "./settings-form";
import { SettingsLinks } from "./settings-links";
import { SettingsMigrations } from "./settings-migrations";
import { Alert, Spinner } from "./ui";
import { messageOf } from "@/lib/errors";

/**
 * The platform settings (`settings:read`): the generated form, the pending
 * schema migrations, and links to the settings other pages keep
 * (notifications, at /settings/notify).
 */
export function SettingsView() {
  const { client, setCrumb } = useConsole();
  const [document, setDocument] = useState<SettingsDocument | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => setCrumb(null), [setCrumb]);

  const load = useCallback(async () => {
    setDocument(await client.settings.get());
    setLoadError(null);
  }, [client]);

  useEffect(() => {
    load().catch((error) => setLoadError(messageOf(error)));
  }, [load]);

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Settings</h1>
          <p>How the platform behaves on every surface: its name, who may register, passwords, invites, chat and mail.</p>
        </div>
      </div>
      {loadError ? (
        <Alert tone="error" title="Could not load the settings">
          {loadError}
        </Alert>
      ) : null}
      {document ? (
        <div className="detail-grid">
          <SettingsForm document={document} onSaved={setDocument} onReload={load} />
          <div className="stack">
            <SettingsMigrations version={document.version} onApplied={load} />
            <SettingsLinks />
          </div>
        </div>
      ) : loadError ? null : (
        <Spinner label="Loading the settings" />
      )}
    </>
  );
}

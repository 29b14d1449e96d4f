"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import type { ImportBatch, ImportSummary } from "@steward/client";
import { useCan, useConsole } from "./console-context";
import { ChevronLeft } from "./icons";
import { NoAccess } from "./no-access";
import { Alert, CreateForm } from "./ui";
import { FieldError } from "./ui/field-error";
import { errorReportCsv, formatOfFile, lineCount, type ImportFormat } from "@/lib/user-import";
import { countOf } from "@/lib/format";
import { useSubmit } from "@/lib/use-action";

interface Progress {
  /** Lines of the file the server is done with (the last batch's last line). */
  done: number;
  created: number;
  failed: number;
}

/**
 * Users in bulk from a file (`users:import`): NDJSON or CSV as an export or
 * another system wrote it, sent as it is to `POST /api/v1/users/import`.
 * Progress comes from the batches the server reports as it writes them; then
 * the summary, with the rows it refused by line (and a CSV of them to fix
 * the file with). A dry run checks every row and writes nothing. Rows with
 * roles need `users:manage-roles`, with groups `groups:manage`: the server
 * says so per row.
 */
export function UsersImport() {
  const { client, me, setCrumb } = useConsole();
  const can = useCan();
  const mayMakeGroups = can("groups.manage");
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>("ndjson");
  const [dryRun, setDryRun] = useState(false);
  const [createGroups, setCreateGroups] = useState(false);
  const [lines, setLines] = useState<number | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const { busy, setBusy, error, fields, setFields, submit: send } = useSubmit();

  useEffect(() => {
    setCrumb("Import users");
    return () => setCrumb(null);
  }, [setCrumb]);

  function choose(chosen: File | null) {
    setFile(chosen);
    setSummary(null);
    setProgress(null);
    setLines(null);
    if (!chosen) return;
    setFormat(formatOfFile(chosen.name));
    void lineCount(chosen).then(setLines);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) {
      setFields({ file: "Choose the file to import." });
      return;
    }
    setSummary(null);
    setProgress({ done: 0, created: 0, failed: 0 });
    void send(async () => {
      const onProgress = (batch: ImportBatch) =>
        setProgress((before) => ({ done: batch.lastLine, created: (before?.created ?? 0) + batch.created, failed: (before?.failed ?? 0) + batch.failed }));
      setSummary(await client.users.import(file, { format, dryRun, createGroups: mayMakeGroups && createGroups, onProgress }));
      setBusy(false);
    });
  }

  if (me && !can("users.import")) return <NoAccess section="Importing users" startPage="/users" />;

  return (
    <div className="narrow-page">
      <div className="page-header">
        <div>
          <h1>Import users</h1>
          <p>Many accounts at once, from another system&apos;s export or Steward&apos;s own.</p>
        </div>
        <Link className="btn btn-ghost" href="/users">
          <ChevronLeft />
          Users
        </Link>
      </div>
      <CreateForm
        titleId="import-title"
        title="Users to import"
        description={
          <>
            One user per line as JSON (NDJSON) or a CSV with a header row. Passwords come as other systems&apos; hashes (bcrypt, argon2, PBKDF2,
            scrypt) and are replaced at each user&apos;s first sign-in. A row that cannot be imported is reported with its line; the others are written.
          </>
        }
        error={error}
        errorTitle="Import refused"
        busy={busy}
        submitLabel={dryRun ? "Check the file" : "Import"}
        busyLabel={dryRun ? "Checking…" : "Importing…"}
        onSubmit={submit}
        onCancel={() => window.history.back()}
      >
        <div className="field">
          <label htmlFor="import-file">File</label>
          <input
            id="import-file"
            type="file"
            accept=".ndjson,.jsonl,.json,.csv,application/x-ndjson,text/csv"
            aria-invalid={fields.file ? true : undefined}
            aria-describedby={fields.file ? "import-file-error" : "import-file-hint"}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
            disabled={busy}
          />
          {fields.file ? null : (
            <span className="hint" id="import-file-hint">
              {file ? `${file.name}${lines === null ? "" : `, ${countOf(lines, "line")}`}` : "NDJSON (.ndjson, .jsonl) or CSV (.csv)."}
            </span>
          )}
          <FieldError id="import-file-error" message={fields.file} />
        </div>
        <div className="field">
          <label htmlFor="import-format">Format</label>
          <select id="import-format" className="select" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)} disabled={busy}>
            <option value="ndjson">NDJSON (one JSON object per line)</option>
            <option value="csv">CSV (a header row, then one user per row)</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} disabled={busy} />
          Check only (a dry run: every row is checked, nothing is written)
        </label>
        {mayMakeGroups ? (
          <label className="check">
            <input type="checkbox" checked={createGroups} onChange={(e) => setCreateGroups(e.target.checked)} disabled={busy} />
            Make the groups rows name that do not exist yet
          </label>
        ) : null}
        {progress && (busy || summary) ? <ImportProgress progress={progress} lines={lines} dryRun={dryRun} /> : null}
      </CreateForm>
      {summary ? <ImportReport summary={summary} fileName={file?.name ?? "import"} /> : null}
    </div>
  );
}

function ImportProgress({ progress, lines, dryRun }: { progress: Progress; lines: number | null; dryRun: boolean }) {
  return (
    <div className="stack" data-testid="import-progress">
      <progress className="import-progress" max={lines ?? undefined} value={lines ? Math.min(progress.done, lines) : undefined} aria-label="Lines done" />
      <p className="note">
        {countOf(progress.done, "line")} done{lines ? ` of ${lines.toLocaleString("en-US")}` : ""}: {progress.created.toLocaleString("en-US")}{" "}
        {dryRun ? "would be created" : "created"}, {progress.failed.toLocaleString("en-US")} refused.
      </p>
    </div>
  );
}

function ImportReport({ summary, fileName }: { summary: ImportSummary; fileName: string }) {
  const [reportUrl, setReportUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!summary.errors.length) return;
    const url = URL.createObjectURL(new Blob([errorReportCsv(summary.errors)], { type: "text/csv" }));
    setReportUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [summary]);
  const verb = summary.dryRun ? "would be created" : "created";
  const tone = summary.aborted ? "error" : summary.failed ? "warning" : "success";
  return (
    <section className="card" aria-labelledby="import-report-title" data-testid="import-report">
      <div className="card-header">
        <div>
          <h2 id="import-report-title">{summary.dryRun ? "Checked" : "Imported"}</h2>
          <p>{countOf(summary.rows, "row")} read.</p>
        </div>
      </div>
      <div className="card-body stack">
        <Alert tone={tone} title={`${countOf(summary.created, "user")} ${verb}, ${summary.failed.toLocaleString("en-US")} refused`} testId="import-outcome">
          {summary.aborted ? `The import stopped: ${summary.aborted.message}` : summary.dryRun ? "Nothing was written." : null}
        </Alert>
        {summary.errors.length ? (
          <>
            <div className="table-wrap">
              <table className="data" data-testid="import-errors">
                <caption className="sr-only">Rows refused</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Field</th>
                    <th scope="col">Reason</th>
                    <th scope="col">Message</th>
                  </tr>
                </thead>
                <tbody>
                  {summary.errors.map((row, i) => (
                    <tr key={`${row.line}-${i}`}>
                      <td className="mono">{row.line}</td>
                      <td>{row.field ?? "—"}</td>
                      <td className="mono">{row.reason}</td>
                      <td>{row.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {summary.errorCount > summary.errors.length ? (
              <p className="note">
                The first {summary.errors.length.toLocaleString("en-US")} of {summary.errorCount.toLocaleString("en-US")} refused rows.
              </p>
            ) : null}
            {reportUrl ? (
              <div className="card-actions start">
                <a className="btn" href={reportUrl} download={`${fileName.replace(/\.[^.]*$/, "")}-refused-rows.csv`}>
                  Download the refused rows (CSV)
                </a>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </section>
  );
}

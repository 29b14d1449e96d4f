"use client";

import { useEffect, useState, type ReactNode } from "react";
import { CheckIcon, CopyIcon } from "./icons";
import { capitalize } from "@/lib/format";

/**
 * Copies `text` (`what` names it: "link", "key") to the clipboard; where the
 * clipboard is closed, selects the field `fallbackInputId` instead.
 */
export function CopyButton({ text, fallbackInputId, what = "link" }: { text: string; fallbackInputId?: string; what?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // No clipboard (an insecure origin, or permission refused): select the text for Ctrl+C.
      const input = fallbackInputId ? (document.getElementById(fallbackInputId) as HTMLInputElement | null) : null;
      input?.focus();
      input?.select();
      setState("select");
    }
  }

  return (
    <>
      <button type="button" className="btn" onClick={() => void copy()}>
        {state === "copied" ? <CheckIcon /> : <CopyIcon />}
        {state === "copied" ? "Copied" : `Copy ${what}`}
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {state === "copied" ? `${capitalize(what)} copied to the clipboard` : state === "select" ? `${capitalize(what)} selected: press Ctrl+C to copy it` : ""}
      </span>
    </>
  );
}

/**
 * A value to hand over (a link, a key): read-only, selected on focus, with a
 * copy button, and `hint` under it. `testId` marks the input.
 */
export function CopyField({
  id,
  label,
  value,
  what,
  testId,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  what: string;
  testId: string;
  hint: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="grant-row flush-top">
        <input id={id} className="input mono" readOnly value={value} data-testid={testId} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={value} fallbackInputId={id} what={what} />
      </div>
      <span className="hint">{hint}</span>
    </div>
  );
}

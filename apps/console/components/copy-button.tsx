"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

/** Copies `text` to the clipboard; where the clipboard is closed, selects the field `fallbackInputId` instead. */
export function CopyButton({ text, fallbackInputId, label = "Copy link" }: { text: string; fallbackInputId?: string; label?: string }) {
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
        {state === "copied" ? "Copied" : label}
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {state === "copied" ? "Link copied to the clipboard" : state === "select" ? "Link selected: press Ctrl+C to copy it" : ""}
      </span>
    </>
  );
}

import { useEffect, useRef, useState } from "react";

const DEBOUNCE_MS = 300;

/**
 * A text box whose value reaches the URL after the person stops typing.
 * `committed` is the value in the URL; edits made elsewhere (Back, Clear) flow back in.
 */
export function useDebouncedText(committed: string, commit: (value: string) => void) {
  const [text, setText] = useState(committed);
  const pushed = useRef(committed);
  useEffect(() => {
    if (committed !== pushed.current) {
      pushed.current = committed;
      setText(committed);
    }
  }, [committed]);
  useEffect(() => {
    const value = text.trim();
    if (value === pushed.current) return;
    const timer = setTimeout(() => {
      pushed.current = value;
      commit(value);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, commit]);
  return [text, setText] as const;
}

/** `value`, once it has stopped changing for a moment (for searches as one types). */
export function useDebouncedValue<T>(value: T, delay = DEBOUNCE_MS): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

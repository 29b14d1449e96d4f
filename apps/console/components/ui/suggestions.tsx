import type { ReactNode } from "react";

/** Matches offered under a search box, each with Add (or `pickLabel`). */
export function Suggestions<T extends { id: string }>({
  label,
  items,
  disabled,
  pickLabel = "Add",
  onPick,
  children,
}: {
  label: string;
  items: readonly T[];
  disabled?: boolean;
  pickLabel?: string;
  onPick(item: T): void;
  /** What the suggestion shows of an item. */
  children(item: T): ReactNode;
}) {
  return (
    <ul className="suggestions" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <button type="button" className="suggestion" disabled={disabled} onClick={() => onPick(item)}>
            {children(item)}
            <span className="suggestion-action">{pickLabel}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

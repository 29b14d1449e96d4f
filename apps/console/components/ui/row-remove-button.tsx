import { XIcon } from "../icons";

/** A row's Remove / Revoke button (an X and a word). */
export function RowRemoveButton({
  label,
  ariaLabel,
  disabled,
  onClick,
}: {
  label: string;
  ariaLabel: string;
  disabled: boolean;
  onClick(): void;
}) {
  return (
    <button type="button" className="btn btn-ghost btn-sm" disabled={disabled} onClick={onClick} aria-label={ariaLabel}>
      <XIcon />
      {label}
    </button>
  );
}

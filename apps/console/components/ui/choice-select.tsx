/** A select over a fixed list of choices, its label read by screen readers only unless `labelShown`. */
export function ChoiceSelect<V extends string>({
  id,
  label,
  labelShown,
  value,
  choices,
  onChange,
}: {
  id: string;
  label: string;
  labelShown?: boolean;
  value: V;
  choices: readonly { value: V; label: string }[];
  onChange(value: V): void;
}) {
  return (
    <>
      <label className={labelShown ? "muted" : "sr-only"} htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value as V)}>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </>
  );
}

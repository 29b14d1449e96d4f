export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <div className="centered" role="status" aria-live="polite">
      <div className="spinner" />
      <span className="sr-only">{label}</span>
    </div>
  );
}

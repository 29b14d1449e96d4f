import type { User } from "@steward/client";

const dateFormat = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });
const dateTimeFormat = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

export function formatDate(value: string | null | undefined): string {
  return value ? dateFormat.format(new Date(value)) : "—";
}

const timeFormat = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit" });

/** The time of day alone ("04:30 PM"), for a table cell that shows the date above it. */
export function formatTime(value: string | null | undefined): string {
  return value ? timeFormat.format(new Date(value)) : "—";
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTimeFormat.format(new Date(value)) : "—";
}

/** The best name to show for a user, or null when only the username is known. */
export function personName(user: User): string | null {
  if (user.displayName) return user.displayName;
  const full = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return full || null;
}

export function initialsOf(user: User): string {
  const name = personName(user) ?? user.username;
  const parts = name.split(/[\s._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[1]![0]! : name.slice(0, 2);
  return letters.toUpperCase();
}

/** "link" -> "Link". */
export function capitalize(text: string): string {
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text;
}

/** "1 group", "1,024 groups". */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? singular : plural}`;
}

/** "Showing 1–25 of 80 · page 1", or a blank when there is nothing to show. */
export function rangeLabel(pageIndex: number, limit: number, shown: number, total: number): string {
  if (!shown) return "\u00a0";
  const from = pageIndex * limit + 1;
  const to = pageIndex * limit + shown;
  return `Showing ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")} · page ${pageIndex + 1}`;
}

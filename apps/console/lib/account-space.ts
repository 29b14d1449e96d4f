import { clientDataProblem, type ChannelAccessLevel } from "@steward/client";

/** The levels a shared token may hold on a channel, weakest first, with what each allows. */
export const ACCESS_LEVELS: readonly { value: ChannelAccessLevel; label: string; means: string }[] = [
  { value: "read", label: "Read", means: "see the channel's data" },
  { value: "contribute", label: "Contribute", means: "also add to it" },
  { value: "manage", label: "Manage", means: "also change and delete it" },
];

export function levelLabel(level: ChannelAccessLevel): string {
  return ACCESS_LEVELS.find((option) => option.value === level)?.label ?? level;
}

/**
 * Client data typed as JSON in a textarea: the object to send (blank: `{}`),
 * or why it cannot be sent (the API's own limits, checked here first).
 */
export function parseClientData(text: string): { value: Record<string, unknown> } | { problem: string } {
  if (!text.trim()) return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: "Not valid JSON: write an object such as {\"app\": \"notes\"}" };
  }
  const problem = clientDataProblem(value);
  return problem ? { problem } : { value: value as Record<string, unknown> };
}

/** Client data as the textarea shows it: blank for none, else indented JSON. */
export function clientDataText(data: Record<string, unknown>): string {
  return Object.keys(data).length ? JSON.stringify(data, null, 2) : "";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as a `datetime-local` input's value, in the browser's time zone ("" for none). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = new Date(iso);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A `datetime-local` input's value as an instant: null for blank, undefined when it is not a time. */
export function fromLocalInput(value: string): string | null | undefined {
  if (!value.trim()) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** Every item of a paged list, read page by page (the account's lists are bounded). */
export async function everyOf<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

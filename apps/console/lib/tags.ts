/** Tags as typed, separated by commas or spaces (a tag has neither): each once, sorted. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))].sort();
}

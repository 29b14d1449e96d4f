/** The longest password any surface takes (the contracts' PASSWORD_MAX_LENGTH). */
export const MAX_PASSWORD = 256;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * What a page that makes an account or sets a password checks before it
 * asks the API (which checks again, with the platform's whole policy): a
 * well-formed username (when one is asked), a long enough password, typed
 * the same twice. Messages by field.
 */
export function newAccountProblems(input: { username?: string; password: string; confirm: string; minLength: number }): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.username !== undefined) {
    const name = input.username.trim();
    if (!name) out.username = "Choose a username.";
    else if (name.length > 64 || !USERNAME.test(name)) out.username = "Use letters, digits, dot, dash and underscore; start with a letter or digit.";
  }
  if (input.password.length < input.minLength) out.password = `At least ${input.minLength} characters.`;
  else if (input.password.length > MAX_PASSWORD) out.password = `At most ${MAX_PASSWORD} characters.`;
  if (!out.password && input.confirm !== input.password) out.confirm = "The two passwords differ.";
  return out;
}

/** The sign-in page with a new account's username filled in: where a redeemed invite or a sign-up leads. */
export function signInHref(username: string): string {
  return `/login?username=${encodeURIComponent(username)}`;
}

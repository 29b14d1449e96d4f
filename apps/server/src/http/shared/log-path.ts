/**
 * The path a request is logged under: its own, but with the segments that
 * routes declare secret (`secretParams` in a contract route's metadata, an
 * invite's token in `/api/v1/invitations/:token`) replaced by the
 * parameter's name. Decided by route templates, never by guessing from
 * what a value looks like.
 */

type Segment = { literal: string } | { param: string; secret: boolean };

/** A route template with secret parameters, split into segments once. */
export interface SecretPath {
  template: string;
  segments: readonly Segment[];
}

/**
 * Splits `template` (`/api/v1/invitations/:token`: the route's full path,
 * base path included) into segments; throws when a secret parameter is not
 * one of its `:param` segments.
 */
export function secretPath(template: string, secretParams: readonly string[]): SecretPath {
  const segments: Segment[] = template
    .split("/")
    .filter(Boolean)
    .map((part) => (part.startsWith(":") ? { param: part.slice(1), secret: secretParams.includes(part.slice(1)) } : { literal: part.toLowerCase() }));
  for (const name of secretParams) {
    if (!segments.some((segment) => "param" in segment && segment.param === name)) {
      throw new Error(`${template}: the secret parameter ${name} is not a segment of the path`);
    }
  }
  return { template, segments };
}

/**
 * `path` (a request's path, without its query) with every segment a
 * template holds secret replaced by `:<param>`. A template matches when it
 * matches the path's leading segments, so what follows a token
 * (`/api/v1/invitations/<token>/x`) does not keep it in the log. Literal
 * segments compare as Express routes them (case-insensitively; empty
 * segments skipped); segments are not percent-decoded, so a token with
 * broken encoding is replaced all the same.
 */
export function loggedPath(path: string, templates: readonly SecretPath[]): string {
  if (templates.length === 0) return path;
  const parts = path.split("/");
  // Indexes in `parts` of the non-empty segments, which templates match against.
  const at: number[] = [];
  parts.forEach((part, index) => {
    if (part) at.push(index);
  });
  let redacted: string[] | undefined;
  for (const { segments } of templates) {
    if (segments.length > at.length) continue;
    const matches = segments.every((segment, i) => !("literal" in segment) || parts[at[i]!]!.toLowerCase() === segment.literal);
    if (!matches) continue;
    segments.forEach((segment, i) => {
      if ("param" in segment && segment.secret) (redacted ??= [...parts])[at[i]!] = `:${segment.param}`;
    });
  }
  return redacted ? redacted.join("/") : path;
}

/**
 * The routes with secret parameters of every mounted surface, gathered when
 * they are mounted (before the first request), and what each request is
 * logged as.
 */
export interface PathRedactor {
  /** Adds a route whose full path is `template` and whose `secretParams` are secrets. */
  add(template: string, secretParams: readonly string[]): void;
  /** The path to log for a request to `path`. */
  redact(path: string): string;
}

export function createPathRedactor(): PathRedactor {
  const templates: SecretPath[] = [];
  return {
    add: (template, secretParams) => {
      if (secretParams.length) templates.push(secretPath(template, secretParams));
    },
    redact: (path) => loggedPath(path, templates),
  };
}

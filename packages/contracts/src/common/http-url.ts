/**
 * An absolute `http:` or `https:` URL with a host and no credentials, parsed;
 * or, when `text` is not one, why, in words. Only the plain
 * `scheme://host...` form is taken: no whitespace or control characters the
 * URL parser would silently drop, no `http:host` shorthand. What relays and
 * notify targets both need of a URL; each adds its own rules.
 */
export function parseHttpUrl(text: string): URL | string {
  if (!/^https?:\/\/[^/?#\\]/i.test(text) || /[\s\u0000-\u001f\u007f\\]/.test(text)) return "Must be an absolute http:// or https:// URL";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Must be an absolute http:// or https:// URL";
  }
  if (url.hostname === "") return "Must name a host";
  // Any `@` in the authority, even with empty credentials (`http://@host`).
  if (url.username !== "" || url.password !== "" || /^[^/]*\/\/[^/?#]*@/.test(text)) return "Must not contain credentials";
  return url;
}

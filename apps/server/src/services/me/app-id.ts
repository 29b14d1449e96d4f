import slug from "slug";
import { APP_ID_MAX_LENGTH } from "@steward/contracts";
import { ServiceError } from "../kernel/errors.ts";

/**
 * An app id as the early Pryv methods use it: "a URL-friendly name", any
 * text given being slugified before use (with `slug`, the maintained
 * continuation of the node-slug the document links: `My App!` → `my-app`).
 * 400 `invalid_app_id` when nothing is left, or too long after. (`slug`'s
 * own fallback is off: it would turn a name with nothing URL-friendly in it,
 * `!!!`, into its base64, `iseh`, an id nobody chose and another name may
 * slugify to.)
 */
export function appIdOf(text: string): string {
  const id = slug(text.normalize("NFC"), { lower: true, fallback: false });
  if (id.length === 0 || id.length > APP_ID_MAX_LENGTH) {
    const message = id.length === 0 ? "Give an app id with letters or digits" : `At most ${APP_ID_MAX_LENGTH} characters once made URL-friendly`;
    throw new ServiceError("bad_request", `Invalid app id: ${message}`, { reason: "invalid_app_id", fields: [{ path: "body.appId", message, code: "invalid_app_id" }] });
  }
  return id;
}

import { StewardClient, StewardError } from "@steward/client";
import { fieldErrorsOf, messageOf, reasonOf } from "./errors";

/**
 * An SDK client for the public invitation pages: same-origin through the
 * console's gateway, and never with the operator's session. It does not read
 * the console's session storage, sends no token, and a 401 sends no one to
 * the sign-in page. The link's token is the only credential.
 */
export function createPublicClient(): StewardClient {
  return new StewardClient({ baseUrl: window.location.origin });
}

/** What went wrong with an invitation, for the person holding the link. */
export interface InvitationProblem {
  title: string;
  message: string;
  /** The link cannot be used any more (or never could): no form to show. */
  final: boolean;
  /** Messages for the form's fields (username, password). */
  fields: Record<string, string>;
}

const GONE: Record<string, { title: string; message: string }> = {
  invite_expired: { title: "This link has expired", message: "Ask the person who sent it for a new one." },
  invite_used: { title: "This link has already been used", message: "Each link works only as often as it was made for. Ask for a new one if you still need it." },
  invite_revoked: { title: "This link was withdrawn", message: "It was revoked and no longer works. Ask for a new one if you still need it." },
};

export function invitationProblem(error: unknown): InvitationProblem {
  if (!(error instanceof StewardError)) {
    return { title: "Something went wrong", message: messageOf(error), final: false, fields: {} };
  }
  const reason = reasonOf(error) ?? "";
  const fields = fieldErrorsOf(error);
  switch (error.status) {
    case 404:
      return {
        title: "This link is not valid",
        message: "No invitation has this link. Check that you opened the whole link, or ask for a new one.",
        final: true,
        fields: {},
      };
    case 410:
      return { ...(GONE[reason] ?? { title: "This link no longer works", message: messageOf(error) }), final: true, fields: {} };
    case 429:
      return {
        title: "Too many attempts",
        message: "Too many tries from your network in a short time. Wait a few minutes, then try again.",
        final: false,
        fields: {},
      };
    case 409:
      return {
        title: "This username is taken",
        message: "Choose another username.",
        final: false,
        fields: { username: "Already taken: choose another username." },
      };
    case 400:
    case 422:
      if (reason === "weak_password" || fields.password) {
        // The platform's policy is the server's (its length is configurable): its words say what it is.
        const rule = messageOf(error);
        return {
          title: "Choose a stronger password",
          message: `${rule}.`,
          final: false,
          fields: { ...fields, password: fields.password ?? `Too weak: ${rule.toLowerCase()}.` },
        };
      }
      return { title: "Check the form", message: messageOf(error), final: false, fields };
    default:
      return { title: "Something went wrong", message: messageOf(error), final: false, fields: {} };
  }
}

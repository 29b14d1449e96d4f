/** A mail's content: subject, plain text and HTML. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface InviteMailInput {
  siteName: string;
  /** The public page that redeems the invite. */
  link: string;
  /** How to greet the person, if known. */
  name?: string | undefined;
  /** When the link stops working. */
  expiresAt: Date | null;
}

export interface ResetMailInput {
  siteName: string;
  link: string;
  username: string;
  expiresAt: Date | null;
}

/**
 * The invitation to register. Pure: everything it shows comes in `input`.
 * Every field is shown inert (see `inert`); only the link is a link.
 */
export function inviteMail(input: InviteMailInput): MailContent {
  const subject = `You are invited to ${input.siteName}`;
  const siteName = inert(input.siteName);
  const lines = [
    greeting(input.name),
    `You are invited to create an account on ${siteName}. Open this link to choose a username and a password:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not expect this invitation, ignore this mail.");
}

/** The link that sets a new password. Pure. */
export function passwordResetMail(input: ResetMailInput): MailContent {
  const subject = `Reset your ${input.siteName} password`;
  const [siteName, username] = [inert(input.siteName), inert(input.username)];
  const lines = [
    greeting(input.username),
    `Someone asked to reset the password of your account ${username} on ${siteName}. Open this link to choose a new one:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not ask for this, ignore this mail: your password stays as it is.");
}

/** The link that sets the first password of an account made without one. Pure. */
export function accountSetupMail(input: ResetMailInput): MailContent {
  const subject = `Your ${input.siteName} account`;
  const [siteName, username] = [inert(input.siteName), inert(input.username)];
  const lines = [
    greeting(input.username),
    `An account ${username} was made for you on ${siteName}. Open this link to choose its password:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not expect this account, ignore this mail.");
}

function greeting(name: string | undefined): string {
  return name ? `Hello ${inert(name)},` : "Hello,";
}

/**
 * A field's value (a name, a username, the site name) made inert for mail
 * clients: they turn URLs, bare domains (`evil.example`, `www.evil.example`)
 * and addresses in a mail's text into links, and no field may become one;
 * the invite link is the mail's only link (security issue 14, finding 7).
 * A zero-width space on each side of every `.`, `:`, `/` and `@` (and of
 * their fullwidth and ideographic forms, which browsers read as the same)
 * breaks every scheme, host and address an autolinker looks for, whether it
 * takes the space for a break or for a letter, while the text reads the same.
 * Callers' text cannot carry zero-width spaces (SingleLineTextSchema), so none
 * can be placed to undo this.
 */
export function inert(value: string): string {
  return value.replace(/[.:/@\u3002\uFF0E\uFF61\uFF1A\uFF0F\uFF20]/g, "\u200B$&\u200B");
}

function expiry(expiresAt: Date | null): string | null {
  return expiresAt ? `The link works until ${expiresAt.toISOString().replace("T", " ").slice(0, 16)} UTC.` : null;
}

/** The same paragraphs, as text and as escaped HTML, with the link on its own. */
function compose(subject: string, intro: string[], link: string, expiryLine: string | null, closing: string): MailContent {
  const after = [expiryLine, closing].filter((line): line is string => line !== null);
  const text = [...intro, link, ...after].join("\n\n") + "\n";
  const paragraph = (line: string) => `<p>${escapeHtml(line)}</p>`;
  const href = escapeHtml(link);
  const html = [
    "<!doctype html>",
    // The subject holds the site name: inert in the body's title, as it is in the text.
    `<html><head><meta charset="utf-8"><title>${escapeHtml(inert(subject))}</title></head><body>`,
    ...intro.map(paragraph),
    `<p><a href="${href}">${href}</a></p>`,
    ...after.map(paragraph),
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);
}

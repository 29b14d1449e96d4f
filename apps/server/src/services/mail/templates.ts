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

/** The invitation to register. Pure: everything it shows comes in `input`. */
export function inviteMail(input: InviteMailInput): MailContent {
  const subject = `You are invited to ${input.siteName}`;
  const lines = [
    greeting(input.name),
    `You are invited to create an account on ${input.siteName}. Open this link to choose a username and a password:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not expect this invitation, ignore this mail.");
}

/** The link that sets a new password. Pure. */
export function passwordResetMail(input: ResetMailInput): MailContent {
  const subject = `Reset your ${input.siteName} password`;
  const lines = [
    greeting(input.username),
    `Someone asked to reset the password of your account ${input.username} on ${input.siteName}. Open this link to choose a new one:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not ask for this, ignore this mail: your password stays as it is.");
}

/** The link that sets the first password of an account made without one. Pure. */
export function accountSetupMail(input: ResetMailInput): MailContent {
  const subject = `Your ${input.siteName} account`;
  const lines = [
    greeting(input.username),
    `An account ${input.username} was made for you on ${input.siteName}. Open this link to choose its password:`,
  ];
  return compose(subject, lines, input.link, expiry(input.expiresAt), "If you did not expect this account, ignore this mail.");
}

function greeting(name: string | undefined): string {
  return name ? `Hello ${name},` : "Hello,";
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
    `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>`,
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

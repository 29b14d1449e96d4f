import nodemailer from "nodemailer";

/** One mail as a transport sends it. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** What sends mail: SMTP in production, anything in tests. Throws when the send fails. */
export interface MailTransport {
  /** Where mail goes, for the log: never credentials. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * Sends over SMTP with nodemailer; `url` is e.g. `smtp://user:pass@host:587`
 * (or `smtps://`); `description` says where without the URL's credentials.
 */
export function smtpTransport(url: string, description: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    // A stuck server must not hold a worker's claim for long.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    description,
    async send(mail) {
      await transporter.sendMail(mail);
    },
    close() {
      transporter.close();
    },
  };
}

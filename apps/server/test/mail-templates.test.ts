import { describe, expect, it } from "vitest";
import { escapeHtml, inviteMail, passwordResetMail } from "../src/services/mail/templates.ts";

// The mail templates are pure: same input, same mail.
const link = "https://chat.example.org/invite/sti_abc-DEF_123";
const expiresAt = new Date("2031-03-08T12:00:00.000Z");

describe("mail templates", () => {
  it("invite: subject with the site name, the link in text and HTML, the expiry, a greeting", () => {
    const mail = inviteMail({ siteName: "Example Chat", link, name: "Ada", expiresAt });
    expect(mail.subject).toBe("You are invited to Example Chat");
    expect(mail.text).toContain("Hello Ada,");
    expect(mail.text).toContain(`\n\n${link}\n\n`);
    expect(mail.text).toContain("2031-03-08 12:00 UTC");
    expect(mail.html).toContain(`<a href="${link}">${link}</a>`);
    expect(mail.html).toContain("<title>You are invited to Example Chat</title>");
  });

  it("invite without a name or an expiry greets plainly and names no date", () => {
    const mail = inviteMail({ siteName: "S", link, expiresAt: null });
    expect(mail.text.startsWith("Hello,\n\n")).toBe(true);
    expect(mail.text).not.toContain("works until");
  });

  it("password reset: names the account and the site", () => {
    const mail = passwordResetMail({ siteName: "Example Chat", link, username: "bob", expiresAt });
    expect(mail.subject).toBe("Reset your Example Chat password");
    expect(mail.text).toContain("your account bob on Example Chat");
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it("escapes what it puts in HTML: the name, the site name and the link", () => {
    const mail = inviteMail({ siteName: `<b>"Evil" & Co</b>`, link: `https://x.test/invite/a"><script>`, name: "<img src=x onerror=alert(1)>", expiresAt: null });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<b>");
    expect(mail.html).toContain("&lt;b&gt;&quot;Evil&quot; &amp; Co&lt;/b&gt;");
    expect(mail.html).toContain('href="https://x.test/invite/a&quot;&gt;&lt;script&gt;"');
    // The text part is plain text: nothing to escape.
    expect(mail.text).toContain("Hello <img src=x onerror=alert(1)>,");
  });

  it("escapeHtml covers the five characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});

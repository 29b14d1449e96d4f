import { LinkifyIt } from "linkify-it";
import { describe, expect, it } from "vitest";
import { accountSetupMail, escapeHtml, inviteMail, passwordResetMail, type MailContent } from "../src/services/mail/templates.ts";

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
    // Escaped, and inert (a zero-width space around the `/`, see below).
    expect(mail.html).toContain("&lt;b&gt;&quot;Evil&quot; &amp; Co&lt;\u200B/\u200Bb&gt;");
    expect(mail.html).toContain('href="https://x.test/invite/a&quot;&gt;&lt;script&gt;"');
    // The text part is plain text: nothing to escape.
    expect(mail.text).toContain("Hello <img src=x onerror=alert(1)>,");
  });

  it("escapeHtml covers the five characters", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });

  // Security issue 14, finding 7: mail clients turn URLs, bare domains and
  // addresses in a mail into links; no field may become one. linkify-it
  // stands in for them, as eager as it goes: schemaless links, IPs, emails,
  // and the made-up TLDs of the samples.
  describe("no field is ever rendered as a link: the invite link is the only one", () => {
    const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: true }).tlds(["example", "test", "invalid"], true);
    const hostile = [
      "evil.example",
      "evil.com",
      "https://evil.example/x",
      "http://evil.com/sign-in?next=/",
      "//evil.com/x",
      "www.evil.example",
      "a@evil.example",
      "mailto:a@evil.com",
      "10.0.0.1",
      "xn--80ak6aa92e.com",
      "пример.рф",
      "Security team: sign in at https://evil.example",
      // Not a link to linkify-it, but browsers read the ideographic full stop as a dot.
      "evil。com",
    ];
    /** Every link a mail client would find: in the text, and in the HTML's text (tags dropped, entities decoded). */
    const linksIn = (mail: MailContent) => {
      const htmlText = mail.html
        .replace(/<[^>]*>/g, " ")
        .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!);
      const hrefs = [...mail.html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]);
      return {
        text: (linkify.match(mail.text) ?? []).map((m) => m.url),
        html: (linkify.match(htmlText) ?? []).map((m) => m.url),
        anchors: hrefs,
      };
    };
    const onlyTheLink = { text: [link], html: [link], anchors: [link] };

    it("the samples are links when nothing is done (the linkifier finds them)", () => {
      for (const value of hostile.slice(0, -1)) expect(linkify.test(value), value).toBe(true);
    });

    it.each(hostile)("invite: name and site name %j", (value) => {
      expect(linksIn(inviteMail({ siteName: value, link, name: value, expiresAt }))).toEqual(onlyTheLink);
    });

    it.each(hostile.filter((value) => /^[\w.-]+$/.test(value)))("password reset and account setup: username and site name %j", (value) => {
      expect(linksIn(passwordResetMail({ siteName: value, link, username: value, expiresAt }))).toEqual(onlyTheLink);
      expect(linksIn(accountSetupMail({ siteName: value, link, username: value, expiresAt }))).toEqual(onlyTheLink);
    });

    it("the fields still read the same: only zero-width spaces are added, and the link is left whole", () => {
      const mail = inviteMail({ siteName: "evil.example", link, name: "Bob (a@evil.example)", expiresAt });
      expect(mail.text.replaceAll("\u200B", "")).toContain("Hello Bob (a@evil.example),");
      expect(mail.text.replaceAll("\u200B", "")).toContain("on evil.example.");
      expect(mail.text).not.toContain("evil.example");
      expect(mail.text).toContain(`\n\n${link}\n\n`);
      expect(mail.html).toContain(`<a href="${link}">${link}</a>`);
      expect(mail.html.match(/<a[\s>]/g)).toHaveLength(1);
      // The subject is a header, not rendered as a body: it keeps the site name as it is.
      expect(mail.subject).toBe("You are invited to evil.example");
    });
  });
});

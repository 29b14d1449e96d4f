import { PlainNameSchema, SINGLE_LINE_TEXT, SingleLineTextSchema } from "@steward/contracts";
import { describe, expect, it } from "vitest";

// SINGLE_LINE_TEXT writes its ranges out (no `u` flag) for OpenAPI; this
// keeps them equal to Unicode's classes as the runtime knows them.
const refusedByUnicode = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const JOINERS = new Set([0x200c, 0x200d]);

describe("SingleLineTextSchema: one line of plain text", () => {
  it("refuses exactly the code points in Cc, Cf, Zl and Zp but the joiners U+200C and U+200D", () => {
    const disagree: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // not characters; TextSchema refuses them alone
      const char = String.fromCodePoint(code);
      const refused = refusedByUnicode.test(char) && !JOINERS.has(code);
      if (SINGLE_LINE_TEXT.test(`a${char}b`) === refused) disagree.push(`U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
    }
    expect(disagree).toEqual([]);
  });

  it("trims, refuses blank text, and bounds names at 100 characters", () => {
    expect(SingleLineTextSchema.parse("  Ada Lovelace ")).toBe("Ada Lovelace");
    expect(SingleLineTextSchema.safeParse(" \u00a0 ").success).toBe(false);
    expect(PlainNameSchema.safeParse("x".repeat(100)).success).toBe(true);
    expect(PlainNameSchema.safeParse("x".repeat(101)).success).toBe(false);
  });

  it("takes names in any script, with joiners; refuses line breaks, bidi controls and tags", () => {
    for (const name of ["Zoë O'Brien", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0915\u094d\u200d\u0937", "李小龍", "👩‍👩‍👧", "Bob (evil.example)"]) {
      expect(PlainNameSchema.safeParse(name).success, name).toBe(true);
    }
    for (const name of ["Bob\n\nSign in at https://evil.example", "Bob\r", "a\u0085b", "a\u2029b", "\u202Eevil", "a\u2067b", "a\u00adb", "a\ufeffb", "a\u{E0041}"]) {
      expect(PlainNameSchema.safeParse(name).success, JSON.stringify(name)).toBe(false);
    }
  });
});

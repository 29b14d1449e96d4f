/**
 * Importing users from a file in the console: reached from the Users list,
 * a CSV checked first (a dry run writes nothing), then imported with its
 * groups made, progress shown, the refused rows listed by line and given
 * back as a CSV to fix the file with; an NDJSON file read by its name.
 *
 *   pnpm --filter @steward/console build && pnpm --filter @steward/console exec vitest run test/users-import.e2e.test.ts
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser";
import { signedInConsole } from "./harness";

const ADMIN = { username: "admin", password: "users-import-e2e-password" };
const pageErrors: string[] = [];
const stack = signedInConsole({ admin: ADMIN, errors: pageErrors });

// Line 1 is the header; line 4 has an address that is none, line 6 repeats line 2's username.
const CSV = [
  "username,email,displayName,tags,groups",
  "imp-ada,ada@example.org,Ada Lovelace,founder;math,Analysts",
  'imp-alan,alan@example.org,"Turing, Alan",math,Analysts',
  "imp-bad,not-an-address,Bad Row,,",
  "imp-grace,grace@example.org,Grace Hopper,navy,Compilers",
  "imp-ada,other@example.org,Ada Again,,",
].join("\n");

const lookup = (username: string) => stack.sdk.users.lookup({ username }).then(
  (user) => user,
  () => null,
);

describe("importing users from a file", () => {
  it("is reached from the Users list; a dry run of a CSV reports the refused rows by line and writes nothing, not even its groups", async () => {
    const { page, web } = stack;
    await page.goto(`${web.url}/users`);
    await page.getByRole("link", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/users\/import$/);
    await page.getByLabel("File").setInputFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    // The format follows the file's name; the file's lines are counted for the progress bar.
    await expect.poll(() => page.getByLabel("Format").inputValue()).toBe("csv");
    await expect.poll(() => page.locator("#import-file-hint").textContent()).toBe("people.csv, 6 lines");
    await page.getByLabel(/^Check only/).check();
    await page.getByLabel(/^Make the groups/).check();
    await page.getByRole("button", { name: "Check the file" }).click();
    await expect.poll(() => page.getByTestId("import-outcome").textContent()).toContain("3 users would be created, 2 refused");
    expect(await page.getByTestId("import-outcome").textContent()).toContain("Nothing was written.");
    const refused = await page.getByTestId("import-errors").locator("tbody tr").allTextContents();
    expect(refused).toHaveLength(2);
    expect(refused[0]).toMatch(/^4email/);
    expect(refused[1]).toMatch(/^6username.*duplicate_in_import/);
    expect(await lookup("imp-ada")).toBeNull();
    expect((await stack.sdk.groups.list()).data.map((group) => group.name)).not.toContain("Analysts");
  });

  it("imports it with the groups made, shows the progress, and gives the refused rows back as CSV", async () => {
    const { page } = stack;
    await page.getByLabel(/^Check only/).uncheck();
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.getByTestId("import-outcome").textContent()).toContain("3 users created, 2 refused");
    expect(await page.getByTestId("import-progress").textContent()).toContain("6 lines done of 6: 3 created, 2 refused.");
    await screenshot(page, "users-import");

    const ada = await lookup("imp-ada");
    expect(ada).toMatchObject({ email: "ada@example.org", displayName: "Ada Lovelace", tags: ["founder", "math"] });
    expect(ada!.groups.map((group) => group.name)).toEqual(["Analysts"]);
    expect((await lookup("imp-alan"))!.displayName).toBe("Turing, Alan");
    expect((await lookup("imp-grace"))!.groups.map((group) => group.name)).toEqual(["Compilers"]);
    expect(await lookup("imp-bad")).toBeNull();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the refused rows (CSV)" }).click()]);
    expect(download.suggestedFilename()).toBe("people-refused-rows.csv");
    const report = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
    expect(report[0]).toBe("line,field,reason,message");
    expect(report.slice(1).map((row) => row.split(",").slice(0, 3).join(","))).toEqual(["4,email,invalid_field", "6,username,duplicate_in_import"]);
  });

  it("reads an NDJSON file by its name; a second import of the same users refuses them as taken", async () => {
    const { page } = stack;
    const ndjson = [{ username: "imp-nd-1", email: "nd1@example.org" }, { username: "imp-ada" }].map((row) => JSON.stringify(row)).join("\n");
    await page.getByLabel("File").setInputFiles({ name: "more.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(ndjson) });
    await expect.poll(() => page.getByLabel("Format").inputValue()).toBe("ndjson");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await expect.poll(() => page.getByTestId("import-outcome").textContent()).toContain("1 user created, 1 refused");
    expect(await page.getByTestId("import-errors").locator("tbody tr").allTextContents()).toEqual([expect.stringMatching(/^2username.*username_taken/)]);
    expect((await lookup("imp-nd-1"))!.email).toBe("nd1@example.org");
  });

  it("no page error, console error or CSP violation", () => {
    expect(pageErrors).toEqual([]);
  });
});

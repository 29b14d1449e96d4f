import { describe, expect, it } from "vitest";
import { createLogger } from "../src/index.ts";

// The log's line format (pino underneath) and its net for secrets.
describe("the logger", () => {
  it("writes one JSON line: ISO time, level name, msg, then base and fields", () => {
    const lines: string[] = [];
    const log = createLogger("info", { service: "steward" }, { sink: (line) => lines.push(line) });
    log.info("request", { status: 200, big: 12345678901234567890n });
    log.debug("not written");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: "info", msg: "request", service: "steward", status: 200, big: "12345678901234567890" });
    expect(new Date(entry.time).toISOString()).toBe(entry.time);
    expect(log.enabled("debug")).toBe(false);
    expect(log.child({ requestId: "r1" }).enabled("info")).toBe(true);
  });

  it("redacts fields named like secrets, at the top level and one level down, even when a caller passes one by mistake", () => {
    const lines: string[] = [];
    const log = createLogger("info", {}, { sink: (line) => lines.push(line) });
    log.warn("oops", { password: "hunter2", body: { token: "sts_abc", newPassword: "n3w" }, headers: { authorization: "Bearer x" }, user: "ada" });
    const text = lines.join("");
    for (const secret of ["hunter2", "sts_abc", "n3w", "Bearer x"]) expect(text).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ password: "[redacted]", body: { token: "[redacted]" }, user: "ada" });
  });

  it("writes an error's names and frames, never the values a database put in its message", () => {
    const lines: string[] = [];
    const log = createLogger("info", {}, { sink: (line) => lines.push(line) });
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"\nDetail: Key (email)=(ada@example.org) already exists.'), { code: "23505" });
    log.error("unhandled error", { err: error });
    const entry = JSON.parse(lines[0]!);
    expect(entry.err).toMatchObject({ name: "Error", code: "23505" });
    expect(entry.err.message).toContain("users_email_key");
    expect(lines[0]).not.toContain("ada@example.org");
  });
});

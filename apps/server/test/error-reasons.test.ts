/**
 * Every `reason` the server can answer (problem+json's `reason`) is listed in
 * the contracts' ERROR_REASONS, so the SDK's `ErrorReason` union cannot
 * drift from what the server throws. This reads the server's source with the
 * TypeScript parser and collects each reason where it is written:
 *
 * - an object's `reason:` property (`new ServiceError(code, message, { reason: "x" })`,
 *   `{ message, reason: "x" }` refusals, maps of them), every literal branch of it;
 * - the argument, at its place, of any function that takes a parameter named
 *   `reason` (`conflict(message, "x")`, `forbidden(…)`, `rateLimited(…)`, …);
 * - `notFound("What")`, whose reason is derived from the name unless given.
 *
 * Log lines' `reason` fields are no answer's and are skipped. A reason passed on from elsewhere (`reason`, `x.reason`) is collected where
 * it is written. Any other expression (a template, a computed value) must be
 * listed in DYNAMIC below with what it can be, or this test fails: adding a
 * new kind of reason means adding it to ERROR_REASONS, and teaching this test
 * how to read it when it is not a literal.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ERROR_REASONS } from "@steward/contracts/v1";
import { notFound } from "../src/services/kernel/errors.ts";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

/** Where a reason is found, for the failure message. */
interface Found {
  reason: string;
  at: string;
}

/**
 * Reasons written as an expression that is not a literal, by file and the
 * expression's text; each says what it can be. `literalsOf` takes the literal
 * at an argument of the calls to a function in the same file.
 */
type Expansion = { values: string[] } | { literalsOf: { callee: string; argument: number } };
const DYNAMIC: Record<string, Record<string, Expansion>> = {
  // assertUnique: the unique fields it checks, snake_cased.
  "services/users/users.ts": {
    "`${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_taken`": { values: ["username_taken", "email_taken", "external_id_taken"] },
  },
  // A Prosody id that is no UUID names no group or invite.
  "http/dialects/prosody/from-prosody.ts": {
    "`${what}_not_found`": { values: ["group_not_found", "invite_not_found"] },
  },
  // An invite's fields that do not fit its kind: the first misfit's code.
  "services/invites/create-invite.ts": {
    "errors[0]!.code": { literalsOf: { callee: "misfit", argument: 2 } },
  },
};

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

const nameOf = (node: ts.Node | undefined): string | undefined =>
  node && (ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isPrivateIdentifier(node)) ? node.text : undefined;

/** The called function's own name: `conflict(…)`, `errors.conflict(…)`. */
function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The string values an expression can have, when they are written in it; null when one is not. */
function literals(node: ts.Expression): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) {
    return literals(node.expression);
  }
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [literals(node.whenTrue), literals(node.whenFalse)];
    return a && b ? [...a, ...b] : null;
  }
  return null;
}

/** An expression that hands on a reason written elsewhere: `reason`, `refusal.reason`, `GONE[state].reason`. */
function passesOn(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return /reason$/i.test(node.text);
  if (ts.isPropertyAccessExpression(node)) return /reason$/i.test(node.name.text);
  if (ts.isNonNullExpression(node) || ts.isParenthesizedExpression(node)) return passesOn(node.expression);
  return false;
}

/** A log line's field (`ctx.log.warn("…", { reason: (error as Error).message })`): no answer's reason. */
function inLogCall(property: ts.PropertyAssignment): boolean {
  const call = property.parent.parent;
  return (
    ts.isCallExpression(call) &&
    ts.isPropertyAccessExpression(call.expression) &&
    /(^|\.)(log|logger)$/.test(call.expression.expression.getText())
  );
}

/** Functions with a parameter named `reason`, by name, with that parameter's place. */
function reasonTakers(files: ts.SourceFile[]): Map<string, number> {
  const takers = new Map<string, number>();
  const record = (name: string | undefined, parameters: ts.NodeArray<ts.ParameterDeclaration>) => {
    const at = parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === "reason");
    if (name && at >= 0) takers.set(name, at);
  };
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) record(nameOf(node.name), node.parameters);
      if (ts.isVariableDeclaration(node) && node.initializer && (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))) {
        record(nameOf(node.name), node.initializer.parameters);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return takers;
}

interface Scan {
  found: Found[];
  /** Reason expressions neither literal, nor passed on, nor listed in DYNAMIC. */
  unread: string[];
  /** DYNAMIC entries that no longer match anything (stale). */
  unusedDynamic: string[];
}

async function scan(): Promise<Scan> {
  const paths = await sourceFiles(SRC);
  const files = await Promise.all(paths.map(async (p) => parse(path.relative(SRC, p).split(path.sep).join("/"), await readFile(p, "utf8"))));
  const takers = reasonTakers(files);
  takers.delete("notFound"); // its default is derived from the name: below
  const found: Found[] = [];
  const unread: string[] = [];
  const usedDynamic = new Set<string>();

  for (const file of files) {
    const where = (node: ts.Node) => `${file.fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    const literalArguments = (callee: string, argument: number): string[] => {
      const values: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && calleeName(node) === callee && node.arguments[argument]) {
          values.push(...(literals(node.arguments[argument]) ?? []));
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      return values;
    };
    const collect = (expression: ts.Expression) => {
      const values = literals(expression);
      if (values) {
        for (const reason of values) found.push({ reason, at: where(expression) });
        return;
      }
      if (passesOn(expression)) return;
      const text = expression.getText(file);
      const expansion = DYNAMIC[file.fileName]?.[text];
      if (!expansion) {
        unread.push(`${where(expression)}: ${text}`);
        return;
      }
      usedDynamic.add(`${file.fileName} ${text}`);
      const values2 = "values" in expansion ? expansion.values : literalArguments(expansion.literalsOf.callee, expansion.literalsOf.argument);
      if (values2.length === 0) unread.push(`${where(expression)}: ${text} (its DYNAMIC entry yields nothing)`);
      for (const reason of values2) found.push({ reason, at: where(expression) });
    };

    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && nameOf(node.name) === "reason" && !inLogCall(node)) collect(node.initializer);
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        const args = node.arguments ?? ts.factory.createNodeArray();
        if (name === "notFound" && ts.isCallExpression(node)) {
          if (args[1]) collect(args[1]);
          else {
            const what = args[0] && literals(args[0]);
            if (what) for (const w of what) found.push({ reason: notFound(w).reason!, at: where(node) });
            else unread.push(`${where(node)}: ${node.getText(file)} (notFound with a name that is not written out)`);
          }
        } else if (name && takers.has(name) && ts.isCallExpression(node)) {
          const argument = args[takers.get(name)!];
          if (argument) collect(argument);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  const unusedDynamic = Object.entries(DYNAMIC).flatMap(([file, entries]) =>
    Object.keys(entries).filter((text) => !usedDynamic.has(`${file} ${text}`)).map((text) => `${file}: ${text}`),
  );
  return { found, unread, unusedDynamic };
}

let scanned: Promise<Scan> | undefined;
const scanOnce = () => (scanned ??= scan());

describe("error reasons", () => {
  it("every reason the server can answer is in the contracts' ERROR_REASONS", async () => {
    const { found, unread, unusedDynamic } = await scanOnce();
    expect(unread, "reasons this test cannot read: write them as literals, or list them in DYNAMIC with what they can be").toEqual([]);
    expect(unusedDynamic, "DYNAMIC entries that match nothing any more: remove or update them").toEqual([]);
    // Sanity: the scan sees the reasons it is known to see, in each form.
    const reasons = new Set(found.map((f) => f.reason));
    for (const known of ["last_admin", "target_outranks_caller", "user_not_found", "api_key_not_found", "username_taken", "database_busy", "missing_token"]) {
      expect(reasons, `the scan no longer finds ${known}`).toContain(known);
    }
    const missing = found.filter((f) => !Object.hasOwn(ERROR_REASONS, f.reason));
    expect(
      missing.map((f) => `${f.reason} (${f.at})`),
      "add these to packages/contracts/src/common/reasons.ts (ERROR_REASONS), with what each means",
    ).toEqual([]);
  });

  it("ERROR_REASONS lists no reason the server never answers, each explained", async () => {
    const { found } = await scanOnce();
    const reasons = new Set(found.map((f) => f.reason));
    expect(Object.keys(ERROR_REASONS).filter((reason) => !reasons.has(reason)), "reasons nothing answers any more: remove them").toEqual([]);
    for (const [reason, meaning] of Object.entries(ERROR_REASONS)) {
      expect(reason).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(meaning.length, `${reason} says what it means`).toBeGreaterThan(10);
    }
  });
});

import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { createLogger } from "../lib/logger.ts";
import { COMMANDS, type Command } from "./commands.ts";

/**
 * `steward <command>`: the operator's command line. Every command goes
 * through the same services as the HTTP surfaces (their rules, their
 * audit, as surface `cli`), on the database the configuration names —
 * run it where the server runs, with the same environment. The embedded
 * database is one process's at a time: stop the server first (PostgreSQL
 * has no such limit).
 */
const USAGE = `usage: steward <command> [options]

${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${`${name} ${command.args}`.padEnd(56)} ${command.summary}`)
  .join("\n")}

Passwords are read from standard input with --password-stdin, never from
the command line; without it one is generated and printed once.
import-users reads a file (or standard input for -) and prints each batch
on stderr and the summary as JSON on stdout; it exits 1 when a row failed.
export-users writes to stdout: steward export-users > users.ndjson.
Configuration comes from the environment, as for the server (README "Configuration").
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS[name];
  if (!command) {
    process.stderr.write(`steward: no command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (error) {
    process.stderr.write(`steward ${name}: ${(error as Error).message}\n  usage: steward ${name} ${command.args}\n`);
    return 2;
  }
  const config = loadConfig();
  // Progress goes to stderr as log lines; what the command answers, to stdout.
  const log = createLogger(process.env.LOG_LEVEL === "debug" ? "debug" : "warn", { cli: name }, { sink: (line) => process.stderr.write(line) });
  return command.run({
    config,
    log,
    positionals: parsed.positionals,
    values: parsed.values,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: process.stdin,
    stdout: process.stdout,
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`steward: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

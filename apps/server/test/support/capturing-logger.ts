import type { Logger } from "../../src/lib/logger.ts";

export interface LogLine {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps its lines, to check what startup says (and never says). */
export function capturingLogger(lines: LogLine[]): Logger {
  const logger: Logger = {
    debug: (msg, fields = {}) => void lines.push({ level: "debug", msg, fields }),
    info: (msg, fields = {}) => void lines.push({ level: "info", msg, fields }),
    warn: (msg, fields = {}) => void lines.push({ level: "warn", msg, fields }),
    error: (msg, fields = {}) => void lines.push({ level: "error", msg, fields }),
    child: () => logger,
    enabled: () => true,
  };
  return logger;
}

/** One-line logs with a level; never pass tokens, tickets or passwords. */
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(min: LogLevel): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (levels[level] < levels[min]) return;
    const extra = fields ? " " + JSON.stringify(fields) : "";
    const line = `${level.toUpperCase()} ${msg}${extra}\n`;
    if (level === "error" || level === "warn") process.stderr.write(line);
    else process.stdout.write(line);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

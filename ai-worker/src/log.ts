// One-line, level-prefixed logs. Secrets (the worker token, sync tickets, bearer headers) are redacted from every
// line, whatever the caller passed in, so a careless error message cannot leak them.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Registers a value that must never appear in a log line (e.g. the worker token). */
  addSecret(secret: string): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: string): value is LogLevel {
  return value in ORDER;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Receives each finished line (without newline). Defaults to stdout (debug/info) and stderr (warn/error). */
  write?: (level: LogLevel, line: string) => void;
  now?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? "info"];
  const write = options.write ?? writeToStdio;
  const now = options.now ?? (() => new Date());
  const secrets = new Set<string>();

  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return;
    const rest = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : "";
    const line = `${level.toUpperCase()} ${now().toISOString()} ${message}${rest}`;
    write(level, redact(line, secrets).replace(/\s*[\r\n]+\s*/g, " "));
  };

  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    addSecret: (secret) => {
      if (secret.length >= 8) secrets.add(secret);
    },
  };
}

/** A logger that drops everything; handy in tests. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  addSecret: () => {},
};

export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text
    .replace(/([?&]ticket=)[^&\s"']+/gi, "$1<redacted>")
    .replace(/(Bearer\s+)[^\s"',]+/gi, "$1<redacted>");
  for (const secret of secrets) out = out.split(secret).join("<redacted>");
  return out;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? errorMessage(v) : v));
  } catch {
    return "[unserializable fields]";
  }
}

function writeToStdio(level: LogLevel, line: string): void {
  (ORDER[level] >= ORDER.warn ? process.stderr : process.stdout).write(`${line}\n`);
}

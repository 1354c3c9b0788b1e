/**
 * Structured logging: one JSON object per line, with a level, a timestamp, a message and the
 * scope it was logged in (plugin, module, request id...).
 *
 * @module
 */

/** Log levels, most verbose first; `off` disables logging. */
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "off";

const LEVELS: Record<LogLevel, number> = {
  trace: 5,
  debug: 4,
  info: 3,
  warn: 2,
  error: 1,
  off: 0,
};

/** Returns whether `name` is a known log level. */
export function isLogLevel(name: string): name is LogLevel {
  return Object.hasOwn(LEVELS, name);
}

/** Key/value pairs attached to a log line. */
export type LogFields = Record<string, unknown>;

/** Where finished log lines go. */
export type LogSink = (line: string) => void;

/** A scoped logger. */
export interface Logger {
  /** The most verbose level that is written. */
  readonly level: LogLevel;
  /** Whether a line at `level` would be written. */
  enabled(level: Exclude<LogLevel, "off">): boolean;
  /** Logs at trace level. */
  trace(message: string, fields?: LogFields): void;
  /** Logs at debug level. */
  debug(message: string, fields?: LogFields): void;
  /** Logs at info level. */
  info(message: string, fields?: LogFields): void;
  /** Logs at warn level. */
  warn(message: string, fields?: LogFields): void;
  /** Logs at error level. */
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry `scope`. */
  child(scope: LogFields): Logger;
}

const encoder = new TextEncoder();

/**
 * The default sink: standard output, synchronously, so lines are never lost on exit. A line that
 * cannot be written (whoever read the output went away) is dropped: logging never fails the work
 * it reports on.
 */
export function stdoutSink(line: string): void {
  const bytes = encoder.encode(line + "\n");
  try {
    for (let sent = 0, n = 1; sent < bytes.length && n > 0; sent += n) {
      n = Deno.stdout.writeSync(bytes.subarray(sent));
    }
  } catch { /* stdout is closed */ }
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Most verbose level written. @default "info" */
  level?: LogLevel;
  /** Destination of lines. @default stdoutSink */
  sink?: LogSink;
  /** Fields added to every line. */
  scope?: LogFields;
}

/** A level a line is written at. */
export type WriteLevel = Exclude<LogLevel, "off">;

/**
 * A {@link Logger} from its parts: its level, which levels it writes, how it writes a line, and
 * how it makes a child with more scope.
 */
export function loggerFrom(
  level: LogLevel,
  enabled: (level: WriteLevel) => boolean,
  write: (level: WriteLevel, message: string, fields?: LogFields) => void,
  child: (scope: LogFields) => Logger,
): Logger {
  return {
    level,
    enabled,
    trace: (m, f) => write("trace", m, f),
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child,
  };
}

/** Creates a JSON-lines logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? "info";
  const sink = options.sink ?? stdoutSink;
  const threshold = LEVELS[level];
  const scope = options.scope ?? {};
  const write = (name: WriteLevel, message: string, fields?: LogFields) => {
    if (LEVELS[name] > threshold) return;
    const line: LogFields = { time: "", level: name, msg: message, ...scope, ...fields };
    // Scope and fields never replace the line's own keys.
    line.time = new Date().toISOString();
    line.level = name;
    line.msg = message;
    sink(safeStringify(line));
  };
  return loggerFrom(
    level,
    (name) => LEVELS[name] <= threshold,
    write,
    (extra) => createLogger({ level, sink, scope: { ...scope, ...extra } }),
  );
}

function safeStringify(value: LogFields): string {
  try {
    return JSON.stringify(value, (_k, v) => v instanceof Error ? v.message : v);
  } catch {
    return JSON.stringify({ time: value.time, level: value.level, msg: String(value.msg) });
  }
}

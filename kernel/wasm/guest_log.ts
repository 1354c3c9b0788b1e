/**
 * The log of one invocation: what the guest logs (`log_msg`, WASI stdout and stderr) and what
 * host functions log about it, within a budget. Past {@link LogBudget.lines} lines or
 * {@link LogBudget.bytes} characters the lines are counted but not written, a line longer than
 * {@link LogBudget.lineBytes} is cut, and closing the log writes one summary line of what was
 * left out. A guest logging a million lines costs the log a thousand.
 *
 * While the invocation may still be restarted (see runner.ts), lines are held back and written
 * when it ends; the log of an attempt that restarts is never committed, so a restart never logs
 * a line twice.
 *
 * @module
 */

import { type LogFields, type Logger, loggerFrom, type LogLevel } from "../log.ts";

/** How much one invocation may log. */
export interface LogBudget {
  /** Most lines written. */
  lines: number;
  /** Most characters written, over all lines. */
  bytes: number;
  /** Longest line written, in characters; longer ones are cut. */
  lineBytes: number;
}

/** The default budget: 1,000 lines, 1 MiB, lines of at most 16 KiB. */
export const DEFAULT_LOG_BUDGET: Readonly<LogBudget> = {
  lines: 1_000,
  bytes: 1024 * 1024,
  lineBytes: 16 * 1024,
};

type Level = Exclude<LogLevel, "off">;

/** A budgeted logger for one invocation. */
export class GuestLog implements Logger {
  #lines = 0;
  #chars = 0;
  #droppedLines = 0;
  #droppedChars = 0;
  #held: (() => void)[] | undefined;

  /**
   * @param base the logger lines go to (scoped to the request and module)
   * @param budget how much may be written
   * @param hold whether to hold lines back until {@link GuestLog.commit}
   */
  constructor(
    private readonly base: Logger,
    readonly budget: Readonly<LogBudget>,
    hold: boolean,
  ) {
    if (hold) this.#held = [];
  }

  /** The base logger's level. */
  get level(): LogLevel {
    return this.base.level;
  }

  /** Whether a line at `level` would be written (budget aside). */
  enabled(level: Level): boolean {
    return this.base.enabled(level);
  }

  /** Logs at trace level. */
  trace(message: string, fields?: LogFields): void {
    this.#write("trace", message, fields);
  }

  /** Logs at debug level. */
  debug(message: string, fields?: LogFields): void {
    this.#write("debug", message, fields);
  }

  /** Logs at info level. */
  info(message: string, fields?: LogFields): void {
    this.#write("info", message, fields);
  }

  /** Logs at warn level. */
  warn(message: string, fields?: LogFields): void {
    this.#write("warn", message, fields);
  }

  /** Logs at error level. */
  error(message: string, fields?: LogFields): void {
    this.#write("error", message, fields);
  }

  /** A logger with more scope that spends this log's budget. */
  child(scope: LogFields): Logger {
    return loggerFrom(
      this.level,
      (level) => this.enabled(level),
      (level, m, f) => this.#write(level, m, { ...scope, ...f }),
      (more) => this.child({ ...scope, ...more }),
    );
  }

  /** Writes the lines held back and stops holding. */
  commit(): void {
    const held = this.#held;
    this.#held = undefined;
    if (held) { for (const line of held) line(); }
  }

  /** Commits, then writes one line saying how much was left out, if anything was. */
  close(): void {
    this.commit();
    if (this.#droppedLines === 0) return;
    this.base.warn("log budget of the invocation spent: lines left out", {
      dropped_lines: this.#droppedLines,
      dropped_chars: this.#droppedChars,
      budget_lines: this.budget.lines,
      budget_chars: this.budget.bytes,
    });
    this.#droppedLines = this.#droppedChars = 0;
  }

  #write(level: Level, message: string, fields: LogFields | undefined): void {
    if (!this.base.enabled(level)) return;
    const { lines, bytes, lineBytes } = this.budget;
    const kept = message.length > lineBytes ? message.slice(0, lineBytes) : message;
    if (this.#lines >= lines || this.#chars + kept.length > bytes) {
      this.#droppedLines++;
      this.#droppedChars += message.length;
      return;
    }
    this.#lines++;
    this.#chars += kept.length;
    const extra = kept === message ? fields : { ...fields, cut_from_chars: message.length };
    const line = () => this.base[level](kept, extra);
    if (this.#held) this.#held.push(line);
    else line();
  }
}

/**
 * A guest's panic message, from what it wrote to stderr before it trapped. Rust's standard
 * library prints a panic to stderr and then executes `unreachable`, so the trap alone says only
 * "unreachable"; Go's runtime prints `panic: ...` or `fatal error: ...` (then its goroutines)
 * before it exits. The last such report of the invocation is its cause.
 *
 * @module
 */

/** Longest panic message kept, in characters. */
export const MAX_PANIC_CHARS = 1024;

/** A line that starts a panic report: Rust's `thread 'x' panicked at`, Go's two forms. */
const PANIC_START = /^(?:thread '[^']*' )?(panicked at .*)$|^((?:panic|fatal error): .*)$/;

/**
 * Watches an invocation's stderr, line by line, for the last panic report, and keeps it on one
 * line: Rust 1.63's `panicked at 'message', src/lib.rs:18:23`, newer Rust's
 * `panicked at src/lib.rs:18:23: message` (whose message is on the next line), Go's
 * `panic: message` or `fatal error: message`. At most {@link MAX_PANIC_CHARS} are kept.
 */
export class PanicWatch {
  #message: string | undefined;
  #continued = false;

  /** Looks at the next line written to stderr. */
  push(line: string): void {
    if (this.#continued) {
      this.#continued = false;
      this.#message = cut(`${this.#message} ${line}`);
      return;
    }
    const match = PANIC_START.exec(line);
    if (!match) return;
    this.#message = cut(match[1] ?? match[2]);
    this.#continued = this.#message.endsWith(":");
  }

  /** The last panic reported, if any. */
  get message(): string | undefined {
    return this.#message;
  }
}

function cut(text: string): string {
  return text.length > MAX_PANIC_CHARS ? `${text.slice(0, MAX_PANIC_CHARS)}…` : text;
}

/**
 * Errors raised by the Stratos kernel and its plugins.
 *
 * Every error carries a stable `code` (e.g. `STRATOS_ERR_PLUGIN_NOT_FOUND`) so that callers and
 * tests can branch on it without parsing messages. {@link DirectiveError} additionally carries
 * every problem found in a Directive, each with its `file:line:col`.
 *
 * @module
 */

/** Base type of every error Stratos raises on purpose. */
export class StratosError extends Error {
  /** Stable, machine-readable code, e.g. `STRATOS_ERR_PLUGIN_NOT_FOUND`. */
  readonly code: string;

  /**
   * @param code stable error code
   * @param message human-readable message saying what was expected and what was found
   * @param options standard `ErrorOptions` (e.g. `cause`)
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StratosError";
    this.code = code;
  }
}

/** A place in a source file; lines and columns start at 1. */
export interface SourceLocation {
  /** Path of the file as the user would type it (a bundle entry is `bundle.wasm.zip/Directive.yaml`). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/** One problem (or warning) found in a Directive, with where it was found. */
export interface Problem extends SourceLocation {
  /** What is wrong, in Atmo's words where Atmo has words for it. */
  message: string;
}

/** Renders a problem as `file:line:col: message`. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.message}`;
}

/**
 * Raised when a Directive has one or more problems. Lists them, or the first of them when there
 * are very many (see `STRATOS_MAX_PROBLEMS`), and counts the others.
 */
export class DirectiveError extends StratosError {
  /** The problems listed, in source order. */
  readonly problems: readonly Problem[];
  /** How many more problems were found and are not listed. */
  readonly omitted: number;

  /**
   * @param problems the problems listed (at least one)
   * @param omitted how many more were found
   */
  constructor(problems: readonly Problem[], omitted = 0) {
    const total = problems.length + omitted;
    super(
      "STRATOS_ERR_DIRECTIVE_INVALID",
      `found ${total} problem${total === 1 ? "" : "s"}:\n` +
        [...problems.map(formatProblem), ...(omitted ? [`and ${omitted} more`] : [])].join("\n"),
    );
    this.name = "DirectiveError";
    this.problems = problems;
    this.omitted = omitted;
  }

  /**
   * The line printed after the problems: `found N problems`, or `and M more (N problems in all)`
   * when some are not listed.
   */
  get summary(): string {
    const total = this.problems.length + this.omitted;
    const problems = `${total} problem${total === 1 ? "" : "s"}`;
    return this.omitted ? `and ${this.omitted} more (${problems} in all)` : `found ${problems}`;
  }
}

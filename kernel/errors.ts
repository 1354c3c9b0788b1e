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

/** Raised when a Directive has one or more problems; lists all of them. */
export class DirectiveError extends StratosError {
  /** Every problem found, in source order. */
  readonly problems: readonly Problem[];

  /** @param problems every problem found (at least one) */
  constructor(problems: readonly Problem[]) {
    super(
      "STRATOS_ERR_DIRECTIVE_INVALID",
      `found ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map(formatProblem).join("\n"),
    );
    this.name = "DirectiveError";
    this.problems = problems;
  }
}

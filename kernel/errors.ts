/**
 * Errors raised by the Stratos kernel and its plugins.
 *
 * Every error carries a stable `code` (e.g. `STRATOS_ERR_PLUGIN_NOT_FOUND`) so that callers and
 * tests can branch on it without parsing messages. Built-in code raises only the codes of the
 * catalog (`kernel/error_codes.ts`, documented in `docs/errors.md`); a third-party plugin raises
 * its own codes, made with {@link pluginErrorCode}. {@link DirectiveError} additionally carries
 * every problem found in a Directive, each with its `file:line:col`.
 *
 * @module
 */

import type { ErrorCode } from "./error_codes.ts";

declare const pluginCode: unique symbol;

/**
 * A third-party plugin's own error code, `<PREFIX>_ERR_<NAME>` in upper case with any prefix but
 * `STRATOS` (e.g. `ACME_ERR_NOT_READY`); made only by {@link pluginErrorCode}, which checks it.
 */
export type PluginErrorCode = `${string}_ERR_${string}` & { readonly [pluginCode]: true };

/** `C` when it may name a plugin's own code (`<PREFIX>_ERR_<NAME>`, not `STRATOS_*`), else never. */
export type PluginCodeName<C extends string> = C extends `STRATOS_${string}` ? never
  : C extends `${string}_ERR_${string}` ? C
  : never;

const PLUGIN_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*_ERR(_[A-Z0-9]+)+$/;

/** Base type of every error Stratos raises on purpose. */
export class StratosError extends Error {
  /** Stable, machine-readable code, e.g. `STRATOS_ERR_PLUGIN_NOT_FOUND`. */
  readonly code: ErrorCode | PluginErrorCode;

  /**
   * @param code a code of the catalog, or a third-party plugin's own code ({@link pluginErrorCode})
   * @param message human-readable message saying what was expected and what was found
   * @param options standard `ErrorOptions` (e.g. `cause`)
   */
  constructor(code: ErrorCode | PluginErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StratosError";
    this.code = code;
  }
}

/**
 * Checks and returns a third-party plugin's own error code, for `new StratosError(code, ...)`
 * (and `readNumericSettings`). Built-in plugins use the catalog's codes instead.
 *
 * @example
 * ```ts
 * const NOT_READY = pluginErrorCode("ACME_ERR_NOT_READY");
 * throw new StratosError(NOT_READY, "the acme service at localhost:7000 did not answer");
 * ```
 * @throws {StratosError} `STRATOS_ERR_PLUGIN_ERROR_CODE_INVALID` if `code` is not
 *   `<PREFIX>_ERR_<NAME>` in upper case, or starts with `STRATOS_`
 */
export function pluginErrorCode<C extends string>(code: C & PluginCodeName<C>): PluginErrorCode {
  if (!isPluginErrorCode(code)) {
    throw new StratosError(
      "STRATOS_ERR_PLUGIN_ERROR_CODE_INVALID",
      `plugin error code '${code}' must be <PREFIX>_ERR_<NAME> in upper case letters, digits and ` +
        "'_', with a prefix of the plugin's own (not STRATOS), e.g. ACME_ERR_NOT_READY",
    );
  }
  return code;
}

function isPluginErrorCode(code: string): code is PluginErrorCode {
  return PLUGIN_CODE.test(code) && !code.startsWith("STRATOS_");
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

/**
 * An error as a message without a stack trace: a Directive's problems one per line
 * (`file:line:col: message`), a `StratosError` as `error[CODE]: message`, anything else by its
 * message.
 */
export function describeError(error: unknown): string {
  if (error instanceof DirectiveError) return error.problems.map(formatProblem).join("\n");
  if (error instanceof StratosError) return `error[${error.code}]: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
